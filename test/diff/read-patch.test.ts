import { describe, expect, it } from "vitest";
import { parseHunks } from "../../src/diff/hunks.js";
import { readPatch } from "../../src/diff/read-patch.js";

/** A one-hunk patch as GitHub gives it: ` ` context, `-` removed, `+` added. */
const hunk = (lines: string, section = "") => `@@ -10,7 +10,7 @@ ${section}\n${lines}`;

describe("reading a file's patch: behaviour-neutral or not", () => {
  it.each<[string, string, string, boolean]>(
    [
      [
        "spaces removed inside a Go string (its content held in no leaf): a changed value",
        "pay/format.go",
        hunk('-\tsep := "a, b"\n+\tsep := "a,b"'),
        false,
      ],
      [
        "docstring-only edit in a Python file",
        "shop/cart.py",
        hunk(
          '     def total(self):\n-        """Return the total."""\n+        """Return the total, taxes included."""\n         return sum(self.lines)',
        ),
        true,
      ],
      [
        "a line inside a long Python docstring, its closing quotes in the context",
        "click/core.py",
        hunk(
          '     :param name: the name of the option.\n-    :param default: the default.\n+    :param default: the default value, or a callable.\n     """\n     def __init__(self, name):\n         self.name = name',
        ),
        true,
      ],
      [
        "a Python comment edited",
        "shop/cart.py",
        hunk("     x = 1\n-    # old note\n+    # a better note\n     return x"),
        true,
      ],
      [
        "a Python change of indentation is a change",
        "shop/cart.py",
        hunk("     if ready:\n         ship()\n-    notify()\n+        notify()"),
        false,
      ],
      [
        "rustdoc-only edit",
        "src/lib.rs",
        hunk("-/// Parses the input.\n+/// Parses the input, line by line.\n pub fn parse(input: &str) -> Vec<Line> {"),
        true,
      ],
      [
        "JSDoc-only edit",
        "src/pay.ts",
        hunk(
          " /**\n- * Pays the invoice.\n+ * Pays the invoice and records the receipt.\n  * @param invoice the invoice\n  */\n export function pay(invoice: Invoice) {",
        ),
        true,
      ],
      [
        "a JSDoc line in the middle of a long comment",
        "src/pay.ts",
        hunk(
          "  * Pays the invoice.\n- * @param invoice the invoice\n+ * @param invoice the invoice to pay\n  * @returns the receipt",
        ),
        true,
      ],
      [
        "phpdoc-only edit",
        "src/Pay.php",
        hunk(
          "     /**\n-     * @param int $amount\n+     * @param int $amount in cents\n      */\n     public function pay($amount) {",
        ),
        true,
      ],
      [
        "XML doc comment in C#",
        "src/Pay/Pay.cs",
        hunk(
          "-    /// <summary>Pays.</summary>\n+    /// <summary>Pays the invoice.</summary>\n     public void Pay() {",
        ),
        true,
      ],
      [
        "Go comment edit",
        "internal/pay/pay.go",
        hunk("-// Pay pays.\n+// Pay pays the invoice.\n func Pay() error {"),
        true,
      ],
      [
        "Java Javadoc edit",
        "src/main/java/a/Pay.java",
        hunk("     /**\n-     * Pays.\n+     * Pays the invoice.\n      */\n     public void pay() {"),
        true,
      ],
      [
        "Ruby comment edit",
        "app/models/user.rb",
        hunk("-  # The user's name.\n+  # The user's full name.\n   def name"),
        true,
      ],
      [
        "Elixir @doc edit",
        "lib/phoenix/router.ex",
        hunk(
          '   @doc """\n-  Defines a scope.\n+  Defines a scope with a path.\n   """\n   defmacro scope(path, do: block) do',
        ),
        true,
      ],
      [
        "Kotlin comment edit",
        "app/src/main/kotlin/a/Pay.kt",
        hunk("-    // pays\n+    // pays the invoice\n     fun pay() = ledger.add(1)"),
        true,
      ],
      [
        "whitespace reformat of a call",
        "src/pay.ts",
        hunk("-  pay(invoice,amount,  currency);\n+  pay(\n+    invoice,\n+    amount,\n+    currency,\n+  );"),
        false,
      ],
      [
        "whitespace reformat without a new token",
        "src/pay.ts",
        hunk("-  pay(invoice,amount,  currency);\n+  pay(\n+    invoice,\n+    amount,\n+    currency\n+  );"),
        true,
      ],
      ["blank lines added", "src/pay.go", hunk(" func a() {}\n+\n+\n func b() {}")],
      [
        "a real code change with a comment",
        "src/pay.ts",
        hunk("-  // pay once\n-  pay(invoice);\n+  // pay twice\n+  pay(invoice, 2);"),
        false,
      ],
      ["a string literal changed", "shop/cart.py", hunk('-    label = "Total"\n+    label = "Total:"'), false],
      ["code commented out is a change", "src/pay.ts", hunk("-  audit(invoice);\n+  // audit(invoice);"), false],
      [
        "a change of code inside a multi-line call is a change",
        "shop/cart.py",
        hunk("         b=2,\n-        c=3)\n+        c=4)\n     return x"),
        false,
      ],
      [
        "a Javadoc line after the method the hunk starts in (its closing brace in the context)",
        "src/main/java/org/acme/Durations.java",
        hunk(
          "     }\n \n     /**\n-     * Pads the left-hand side side of numbers.\n+     * Pads the left-hand side of numbers.\n      *\n      * @param millis The duration.",
        ),
        true,
      ],
      [
        "a Javadoc line in a hunk that starts inside the comment, the method below in the context",
        "src/main/java/org/acme/Durations.java",
        hunk(
          "      * @param format The format.\n-     * @param pad whether to pad the side side.\n+     * @param pad whether to pad the side.\n      */\n     public static String format(long millis, String format, boolean pad) {",
        ),
        true,
      ],
      [
        "a code change above a Javadoc the hunk leaves open",
        "src/main/java/org/acme/Durations.java",
        hunk("     }\n-    static final int PAD = 1;\n+    static final int PAD = 2;\n \n     /**\n      * Pads."),
        false,
      ],
      [
        "a code change above a regular expression ending in */",
        "src/match.js",
        hunk("-const limit = 1\n+const limit = 2\nconst stars = /a*/"),
        false,
      ],
      [
        "code added after a docstring's closing quotes is a change",
        "click/core.py",
        hunk('     the default.\n     """\n+    self.flag = True\n     self.name = name'),
        false,
      ],
    ].map(
      ([situation, file, patch, neutral]) =>
        [situation, file, patch, neutral ?? true] as [string, string, string, boolean],
    ),
  )("%s", async (_situation, filename, patch, neutral) => {
    const reading = await readPatch(filename, patch);
    expect(reading).toMatchObject({ read: true, behaviourNeutral: neutral });
  });

  it.each<[string, string, string | undefined, string]>([
    ["no patch from GitHub (binary or too large)", "src/pay.ts", undefined, "no-patch"],
    ["a language without a grammar", "src/App.vue", hunk("-<p>a</p>\n+<p>b</p>"), "no-grammar"],
    ["a patch beyond the size Shipshape reads", "src/pay.ts", hunk(`+${"x".repeat(200_001)}`), "too-large"],
  ])("%s → judged by name", async (_situation, filename, patch, reason) => {
    expect(await readPatch(filename, patch)).toEqual({ read: false, reason });
  });
});

describe("tests inside source files", () => {
  it.each<[string, string, string, boolean]>([
    [
      "Rust fix with a #[test] in the same file",
      "src/lib.rs",
      `${hunk("-    a + b\n+    a.saturating_add(b)")}\n${hunk("+    #[test]\n+    fn adds_without_overflow() {\n+        assert_eq!(add(u8::MAX, 1), u8::MAX);\n+    }", "mod tests {")}`,
      true,
    ],
    ["a #[tokio::test]", "src/client.rs", hunk("+    #[tokio::test]\n+    async fn connects() {}"), true],
    ["a new #[cfg(test)] module", "src/lib.rs", hunk("+#[cfg(test)]\n+mod tests {\n+}"), true],
    [
      "an edit inside an existing mod tests (git names it after the @@)",
      "src/lib.rs",
      hunk("-        assert_eq!(add(1, 1), 2);\n+        assert_eq!(add(1, 2), 3);", "mod tests {"),
      true,
    ],
    [
      "a Rust fix alone",
      "src/lib.rs",
      hunk("-    a + b\n+    a.saturating_add(b)", "pub fn add(a: u8, b: u8) -> u8 {"),
      false,
    ],
    [
      "a Python doctest added to a docstring",
      "shop/money.py",
      hunk('     """Round to cents.\n+\n+    >>> round_cents(1.005)\n+    1.0\n     """'),
      true,
    ],
    [
      "an Elixir doctest added to @doc",
      "lib/money.ex",
      hunk('   @doc """\n   Rounds.\n+\n+      iex> Money.round(1.005)\n+      1.0\n   """'),
      true,
    ],
    ["a Python change without doctest", "shop/money.py", hunk("-    return x\n+    return round(x, 2)"), false],
  ])("%s → tests inside: %s", async (_situation, filename, patch, inside) => {
    expect(await readPatch(filename, patch)).toMatchObject({ read: true, testsInside: inside });
  });

  it("a doctest added to a docstring changes no behaviour but is a test", async () => {
    const reading = await readPatch(
      "shop/money.py",
      hunk('     """Round to cents.\n+\n+    >>> round_cents(1.005)\n+    1.0\n     """'),
    );
    expect(reading).toEqual({
      read: true,
      behaviourNeutral: true,
      testsInside: true,
      onlyRemovesCode: false,
      onlyChangesData: false,
    });
  });
});

describe("patches that only delete code", () => {
  it.each<[string, string, string, boolean]>([
    [
      "an unused helper and its call deleted",
      "installer/lib/generator.ex",
      `${hunk("     {app, vsn} = get_adapter(adapter)\n \n-    pubsub = get_pubsub(project.app_mod)\n-\n     config =")}\n${hunk("-  defp get_pubsub(module) do\n-    Module.concat(module, PubSub)\n-  end\n-\n   defp get_ecto(app) do")}`,
      true,
    ],
    [
      "a hand-written hashCode deleted, the class's `)` left alone on its line",
      "src/der/AnyValue.kt",
      hunk(
        "   val bytes: ByteString,\n-) {\n-  override fun hashCode(): Int {\n-    return bytes.hashCode()\n-  }\n-}\n+)",
      ),
      true,
    ],
    [
      "a signature keeps its line without the body's brace",
      "src/dns/Message.kt",
      hunk("-  ) : ResourceRecord {\n-    override fun hashCode() = 0\n-  }\n+  ) : ResourceRecord"),
      true,
    ],
    ["a negation dropped", "src/auth.ts", hunk("-  if (!user.admin) {\n+  if (user.admin) {"), false],
    ["a condition shortened", "src/auth.ts", hunk("-  return a && b;\n+  return a;"), false],
    [
      "a Python condition unwrapped (its body dedented)",
      "shop/cart.py",
      hunk("-    if flag:\n-        save()\n+    save()"),
      false,
    ],
    ["a statement moved above another", "src/cart.ts", hunk("-  save();\n   validate();\n+  save();"), false],
    ["a line added", "src/cart.ts", hunk("   save();\n+  notify();"), false],
    ["only a comment deleted (changes nothing at all)", "src/cart.ts", hunk("-  // save first\n   save();"), false],
  ])("%s → only deletes code: %s", async (_situation, filename, patch, deletes) => {
    expect(await readPatch(filename, patch)).toMatchObject({ read: true, onlyRemovesCode: deletes });
  });

  it("reads a fragment nested tens of thousands deep (the walk does not recurse)", async () => {
    const deep = `+const a = ${"[".repeat(30_000)}${"]".repeat(30_000)};`;
    expect(await readPatch("src/deep.ts", hunk(` const x = 1;\n${deep}`))).toMatchObject({
      read: true,
      behaviourNeutral: false,
    });
  });

  it("reads a hostile hunk in one pass: a long run of spaces inside a line, thousands of lines each side", async () => {
    const spaces = " ".repeat(80_000);
    const many = Array.from({ length: 1_000 }, (_, index) => `-  call${index}();`).join("\n");
    const patch = hunk(`-  let a = 1;${spaces}b\n${many}\n+  let a = 1;${spaces}c`);
    expect(await readPatch("src/hostile.ts", patch)).toMatchObject({ read: true, onlyRemovesCode: false });
  });
});

describe("patches that only change literal values", () => {
  it.each<[string, string, string, boolean]>([
    [
      "entries added to a Go slice of content types",
      "middleware/compress.go",
      hunk('\t"text/html",\n\t"text/plain",\n+\t"text/markdown",\n+\t"text/csv",\n }'),
      true,
    ],
    [
      "a file type added to a Rust table, the table opened above the hunk",
      "src/default_types.rs",
      hunk('     (&["hbs"], &["*.hbs"]),\n+    (&["hurl"], &["*.hurl"]),\n     (&["idris"], &["*.idr", "*.lidr"]),'),
      true,
    ],
    [
      "an entry over several lines, its brackets balanced",
      "shop/settings_table.py",
      hunk('     ("eur", 2),\n+    (\n+        "jpy",\n+        0,\n+    ),\n     ("usd", 2),'),
      true,
    ],
    [
      "a value changed in a PHP array, a comment line beside it",
      "src/Compiler.php",
      hunk(
        "             'vendor/a.php',\n-            'vendor/b.php',\n+            // polyfills\n+            'vendor/c.php',\n         ]);",
      ),
      true,
    ],
    [
      "a string passed to a call",
      "src/pager.py",
      hunk('     with open(\n         path,\n-        "wb",\n+        "w",\n     ) as f:'),
      false,
    ],
    [
      "a string passed to a call beside a table entry",
      "src/loader.py",
      hunk('     "a",\n+    "b",\n ]\n load(\n-    "x.json",\n+    "y.json",\n )'),
      false,
    ],
    ["an opening bracket left unclosed", "src/table.ts", hunk('   ["a", 1],\n-  "b",\n+  ["b",\n   ["c", 3],'), false],
    ["a name in the entry", "src/types.ts", hunk('   "a",\n+  DEFAULT_TYPE,\n   "b",'), false],
    ["an interpolated string", "shop/labels.py", hunk('   "a",\n-  f"{prefix}-b",\n+  f"{suffix}-b",\n   "c",'), false],
    [
      "a closing bracket moved with an entry (the structure changed)",
      "src/table.ts",
      hunk('   ["a", 1],\n-  ["b", 2],\n+  ["b", 2]],\n   ["c", 3],'),
      false,
    ],
    [
      "code after a docstring's closing quotes, which the fragment reads as an opening",
      "shop/cart.py",
      hunk(
        '         more text of the docstring\n         """\n-        return 1\n+        return 2\n \n     def f(self):\n         """Doc of f.',
      ),
      false,
    ],
    [
      "an entry added to a Python list of strings opened above the hunk (an entry, not a docstring)",
      "shop/hosts.py",
      hunk('     "a.example.com",\n+    "b.example.com",\n     "c.example.com",\n ]'),
      true,
    ],
    [
      "the last entry of a Python list changed, no comma after it",
      "shop/hosts.py",
      hunk('     "a.example.com",\n-    "c.example.com"\n+    "d.example.com"\n ]'),
      true,
    ],
    [
      "a name joins a module's __all__",
      "httpx/_auth.py",
      hunk('-__all__ = ["Auth", "BasicAuth"]\n+__all__ = ["Auth", "BasicAuth", "FunctionAuth"]\n \n \n class Auth:'),
      true,
    ],
    [
      "a constant's value",
      "src/retry.ts",
      hunk("-export const MAX_RETRIES = 3;\n+export const MAX_RETRIES = 5;"),
      true,
    ],
    [
      "a Java constant's value",
      "src/main/java/com/acme/Limits.java",
      hunk("-    private static final int PAGE_SIZE = 20;\n+    private static final int PAGE_SIZE = 50;"),
      true,
    ],
    ["a variable's value (no constant)", "src/retry.ts", hunk("-  let limit = 3;\n+  let limit = 5;"), false],
    [
      "a local binding's value (const, but no constant's name)",
      "src/pay.ts",
      hunk("-  const fee = 1;\n+  const fee = 2;"),
      false,
    ],
    [
      "a constant's list gains a call",
      "src/handlers.py",
      hunk('-HANDLERS = ["a"]\n+HANDLERS = [load_handler(), "a"]'),
      false,
    ],
    [
      "a constant's list gains a function",
      "src/handlers.py",
      hunk('-HANDLERS = ["a"]\n+HANDLERS = [handle_b, "a"]'),
      false,
    ],
    [
      "a Rust constant's value",
      "src/limits.rs",
      hunk("-pub const MAX_DEPTH: usize = 32;\n+pub const MAX_DEPTH: usize = 64;"),
      true,
    ],
    ["a number in a condition", "src/retry.ts", hunk("-  if (attempts > 3) {\n+  if (attempts > 5) {"), false],
    ["a returned value", "src/retry.ts", hunk("-  return 3;\n+  return 5;"), false],
    [
      "a parameter's default",
      "src/flask/app.py",
      hunk("-    def redirect(self, location, code=302):\n+    def redirect(self, location, code=303):"),
      false,
    ],
    ["a constant added to", "src/stats.ts", hunk("-  TOTAL += 1;\n+  TOTAL += 2;"), false],
    [
      "a new constant and a choice naming it",
      "netbox/dcim/choices.py",
      `${hunk("     TYPE_100GE_DSFP = '100gbase-x-dsfp'\n+    TYPE_100GE_SFP112 = '100gbase-x-sfp112'\n     TYPE_100GE_SFP_DD = '100gbase-x-sfpdd'")}\n${hunk("                 (TYPE_100GE_DSFP, 'DSFP (100GE)'),\n+                (TYPE_100GE_SFP112, 'SFP112 (100GE)'),\n                 (TYPE_100GE_SFP_DD, 'SFP-DD (100GE)'),")}`,
      true,
    ],
    [
      "an entry naming a function",
      "shop/handlers.py",
      hunk("     (TYPE_CARD, pay_by_card),\n+    (TYPE_IBAN, pay_by_transfer),\n ]"),
      false,
    ],
    [
      "entries reordered (order is behaviour: a middleware list)",
      "src/app.ts",
      hunk('-  "auth",\n   "cors",\n+  "auth",\n ];'),
      false,
    ],
    [
      "a constant moved below another (same line, another place)",
      "src/retry.ts",
      hunk("-const A_LIMIT = 3;\n const B_LIMIT = 4;\n+const A_LIMIT = 3;"),
      false,
    ],
    [
      "only a comment changed (neutral, not data)",
      "src/table.ts",
      hunk('   "a",\n-  // old\n+  // new\n   "b",'),
      false,
    ],
    [
      "the wording of a description (a typo's missing space, PHP)",
      "Slim/Exception/HttpBadRequestException.php",
      hunk(
        "     protected string $title = '400 Bad Request';\n-    protected string $description = 'The server cannot or will not process' .\n+    protected string $description = 'The server cannot or will not process ' .\n         'the request due to an apparent client error.';",
      ),
      true,
    ],
    [
      "the wording of an exception's message (Python)",
      "shop/cart.py",
      hunk(
        '     if not items:\n-        raise ValueError("the cart is empty, add an item frist")\n+        raise ValueError("The cart is empty: add an item first.")\n     return items',
      ),
      true,
    ],
    [
      "the wording of an f-string message around the same interpolation",
      "shop/cart.py",
      hunk(
        '-    log.warning(f"could not load the cart {cart_id} in time")\n+    log.warning(f"could not load cart {cart_id} in time")',
      ),
      true,
    ],
    [
      "the wording of a Go trace message (its content held in no leaf of the grammar)",
      "flag_duration.go",
      hunk(
        '-\ttracef("bool NOT available for flag name %[1]q (cmd=%[2]q)", name, cmd.Name)\n+\ttracef("duration NOT available for flag name %[1]q (cmd=%[2]q)", name, cmd.Name)',
      ),
      true,
    ],
    [
      "a Go message whose indexed verb moved",
      "flag_duration.go",
      hunk(
        '-\ttracef("the flag %[1]q is not available for %[2]q", name, cmd.Name)\n+\ttracef("the flag %[2]q is not available for %[1]q", name, cmd.Name)',
      ),
      false,
    ],
    [
      "a message whose placeholder changed (the format's arguments moved)",
      "src/errors.ts",
      hunk(
        '-  throw new Error(format("the value {0} is not allowed", a, b));\n+  throw new Error(format("the value {1} is not allowed", a, b));',
      ),
      false,
    ],
    [
      "a query's text",
      "shop/orders.py",
      hunk(
        '-    cursor.execute("select id from the orders where paid is not null")\n+    cursor.execute("select id from the orders where paid is null")',
      ),
      false,
    ],
    [
      "a command's text",
      "src/git.ts",
      hunk('-  run("git rev-parse HEAD");\n+  run("git rev-parse --short HEAD");'),
      false,
    ],
    [
      "class names (no sentence)",
      "src/Button.tsx",
      hunk(
        '-  return <button className="btn btn-primary">{label}</button>;\n+  return <button className="btn btn-secondary">{label}</button>;',
      ),
      false,
    ],
    [
      "a message that gains an argument (code changed around the text)",
      "src/Composer/Downloader.php",
      hunk(
        "-    throw new TransportException('The file could not be downloaded');\n+    throw new TransportException('The file could not be downloaded from '.$url);",
      ),
      false,
    ],
  ])("%s → only data: %s", async (_situation, filename, patch, data) => {
    expect(await readPatch(filename, patch)).toMatchObject({ read: true, onlyChangesData: data });
  });
});

describe("patch hunks", () => {
  it("reconstructs each hunk's old and new text, ignoring the no-newline marker", () => {
    const [first] = parseHunks("@@ -1,2 +7,2 @@ fn main() {\n a\n-b\n+c\n\\ No newline at end of file");
    expect(first).toEqual({
      section: "fn main() {",
      newStart: 7,
      old: ["a", "b"],
      new: ["a", "c"],
      removed: ["b"],
      added: ["c"],
      removedAt: [1],
      addedAt: [1],
    });
  });
});
