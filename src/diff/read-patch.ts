import { type Hunk, parseHunks } from "./hunks.js";
import { MAX_PATCH_CHARS } from "./limits.js";
import { grammarOf, parserFor, type Tokens, tokenize } from "./tokens.js";

/**
 * What a file's patch says about its change, decided before the verdicts (in the evaluation
 * worker): whether it changes behaviour at all, and whether it adds or changes tests written
 * inside the file. Unread when GitHub gave no patch (binary, too large) or no grammar reads it:
 * the file is then judged by its name, as without a patch.
 */
export type PatchReading =
  | {
      read: true;
      /** Only comments, docstrings, doc comments, blank lines or whitespace changed. */
      behaviourNeutral: boolean;
      /** Tests inside the file changed: Rust `#[test]` and `#[cfg(test)]` modules, doctests. */
      testsInside: boolean;
      /** The patch only deletes lines of code (see onlyDeletes): nothing new to test. */
      onlyRemovesCode: boolean;
      /**
       * The patch only adds, removes or changes literal values on lines of their own (see
       * changesOnlyData): entries of a data table, a text, a constant's value; deployed, but
       * nothing to test.
       */
      onlyChangesData: boolean;
    }
  | { read: false; reason: "no-patch" | "no-grammar" | "too-large" | "too-slow" };

/** Block-comment or docstring delimiters of a grammar, for hunks that start or end inside one. */
const DELIMITERS: Readonly<Record<string, { open: string; close: string }[]>> = {
  python: [
    { open: '"""', close: '"""' },
    { open: "'''", close: "'''" },
  ],
  elixir: [{ open: '@doc """', close: '"""' }],
  ruby: [],
};
const C_LIKE = [{ open: "/*", close: "*/" }];

export async function readPatch(filename: string, patch: string | undefined): Promise<PatchReading> {
  if (patch === undefined || patch === "") return { read: false, reason: "no-patch" };
  if (patch.length > MAX_PATCH_CHARS) return { read: false, reason: "too-large" };
  const grammar = grammarOf(filename);
  if (!grammar) return { read: false, reason: "no-grammar" };
  let parser: Awaited<ReturnType<typeof parserFor>>;
  try {
    parser = await parserFor(grammar);
  } catch {
    // The grammar could not load in this thread (tried again at the next file): judged by name.
    return { read: false, reason: "no-grammar" };
  }
  const hunks = parseHunks(patch);
  const tokens = (text: string) => tokenize(parser, grammar, text);
  // Each hunk is neutral, only data, or neither; one that is neither decides the file.
  let behaviourNeutral = true;
  let onlyData = true;
  for (const hunk of hunks) {
    const reading = readHunk(hunk, tokens, grammar);
    if (reading === "neutral") continue;
    behaviourNeutral = false;
    if (reading === "code") {
      onlyData = false;
      break;
    }
  }
  const onlyRemovesCode = !behaviourNeutral && hunks.every(onlyDeletes);
  return {
    read: true,
    behaviourNeutral,
    testsInside: hunks.some((hunk) => changesTestsInside(hunk, grammar)),
    onlyRemovesCode,
    onlyChangesData: !behaviourNeutral && !onlyRemovesCode && onlyData,
  };
}

type Tokenizer = (text: string) => Tokens | null;

/** A hunk changes only comments and whitespace ("neutral"), only literal values ("data"), or code. */
function readHunk(hunk: Hunk, tokens: Tokenizer, grammar: string): "neutral" | "data" | "code" {
  const [oldText, newText] = dedent(hunk.old, hunk.new);
  const before = tokens(oldText);
  const after = tokens(newText);
  if (!before || !after) return "code";
  if (hunkIsNeutral(oldText, newText, before, after, tokens, grammar)) return "neutral";
  return changesOnlyData(hunk, before, after) || changesOnlyWording(before, after) ? "data" : "code";
}

/**
 * The hunk's code is the same token for token but for the wording of texts written for people: a
 * message, a description, an error's text (`"The server cannot or will not process"` gaining a
 * space, a typo fixed in an exception's message). Each text that changed is prose before and after
 * (see isProse) and keeps its placeholders (`%s`, `{0}`, `${name}`): a format string's arguments
 * did not move. A string that names something (a path, a key, a command, a query) is no prose.
 */
function changesOnlyWording(before: Tokens, after: Tokens): boolean {
  if (before.code.length !== after.code.length) return false;
  let changed = false;
  for (const [index, token] of before.code.entries()) {
    const other = after.code[index] as string;
    if (token === other) continue;
    if (!before.texts.has(index) || !after.texts.has(index)) return false;
    if (!isProse(token) || !isProse(other) || placeholders(token) !== placeholders(other)) return false;
    changed = true;
  }
  return changed;
}

/** Words that show a text is a sentence of English rather than a name, key or command. */
const FUNCTION_WORDS = new Set(
  (
    "a an the of to in on at by for from with as is are was were be been being not no or and but if " +
    "it its this that these those can cannot could will would should must may might has have had do " +
    "does did than then there their your you we our please"
  ).split(" "),
);
/** A query or a command is no prose, however it reads. */
const STATEMENT_START = /^(?:select|insert|update|delete|with|create|alter|drop|merge|upsert)\b/i;

/**
 * A text written for people: at least three words, mostly words of letters, one of them a
 * function word of English written in lower case, and not a query.
 */
function isProse(token: string): boolean {
  const text = token.replace(/^[a-zA-Z]{0,2}["'`]+|["'`]+$/g, "").trim();
  if (STATEMENT_START.test(text)) return false;
  const words = text.split(/\s+/).filter((word) => word !== "");
  if (words.length < 3) return false;
  const lettered = words.filter((word) => /^[(\p{L}][\p{L}'’-]*[.,;:!?)]*$/u.test(word)).length;
  return lettered >= words.length * 0.6 && words.some((word) => FUNCTION_WORDS.has(word.replace(/[.,;:!?()]/g, "")));
}

/**
 * The placeholders of a format string, in order: `%s`, `%(name)s`, Go's `%[1]q`, `{0}`, `{name}`,
 * `${name}`, `:name`.
 */
function placeholders(text: string): string {
  return (text.match(/%(?:\([^)]*\)|\[\d+\])?[-+ #0]*\d*(?:\.\d+)?[a-zA-Z%]|\$?\{[^}]*\}|:[a-z_]\w*/g) ?? []).join(
    "\u0000",
  );
}

/**
 * Every line the hunk removes or adds holds only literal values and the punctuation between them
 * (`"text/csv",`, `(&["hurl"], &["*.hurl"]),`, `"Loading…"`), with names of constants among them
 * (`(TYPE_SFP112, "SFP112 (100GE)"),`), or declares a constant with a literal value
 * (`__all__ = ["Auth", "FunctionAuth"]`, `const MAX_RETRIES = 5;`, `TYPE_SFP112 = "100gbase-x-sfp112"`:
 * a constant's name on the line); at least one holds a value, no line is removed and
 * added again as it was (moved: order is behaviour), and the brackets of the added lines, and of
 * the removed ones, balance: entries of a data table, a text or a constant came, went or changed,
 * and no structure around them moved. A value computed with (an argument such as
 * `open(path, "wb")`, an operand, a condition, a return value, a parameter's default) is code, and
 * so is a line tree-sitter reads no token on (prose inside a string opened above the hunk).
 */
function changesOnlyData(hunk: Hunk, before: Tokens, after: Tokens): boolean {
  let values = false;
  const removedTexts = new Set<string>();
  const addedTexts: string[] = [];
  const sides = [
    [hunk.old, hunk.removedAt, before.lines, (text: string) => removedTexts.add(text)],
    [hunk.new, hunk.addedAt, after.lines, (text: string) => addedTexts.push(text)],
  ] as const;
  for (const [lines, at, content, keep] of sides) {
    let open = 0;
    for (const index of at) {
      const text = (lines[index] ?? "").trim();
      if (text === "") continue;
      const line = content.get(index);
      if (!line || line.computed) return false;
      // Every name on the line must be a constant's (declared, or named among a table's entries):
      // `[load(), "a"]` or `[handler, "a"]` brings in code.
      if (line.other && (!line.literal || line.names.length === 0 || !line.names.every(marksConstant))) return false;
      keep(text);
      values ||= line.literal;
      open += line.brackets;
      if (open < 0) return false;
    }
    if (open !== 0) return false;
  }
  if (addedTexts.some((text) => removedTexts.has(text))) return false;
  return values;
}

/**
 * A constant's name by convention: `MAX_RETRIES`, `TYPE_100GE_SFP112`, `__all__`. Keywords do not
 * tell (`const fee = 2` in a function is a local binding, its value logic).
 */
function marksConstant(token: string): boolean {
  return /^(?:[A-Z][A-Z0-9_]+|__\w+__)$/.test(token);
}

/**
 * The hunk deletes whole lines and adds none of its own: every added line is blank, only brackets
 * and separators (the `)` left when a class body goes), or a removed line again, indentation and
 * all, with only its trailing `{`, `(`, `[`, `,` or `;` changed (the signature whose body went).
 * Compared line by line, so a line that lost a token (`!`, `&& b`), moved (a statement reordered)
 * or changed its indentation (a condition unwrapped) is an addition, and the hunk needs tests.
 */
function onlyDeletes(hunk: Hunk): boolean {
  // Sets, so that the check stays linear in the patch however many lines it adds and removes.
  const removedLines = new Set(hunk.removed);
  const removedStems = new Set(hunk.removed.map(withoutTrailingPunctuation));
  return hunk.added.every((line) => {
    if (line.trim() === "" || /^[\s)\]}>,;:]+$/.test(line)) return true;
    return !removedLines.has(line) && removedStems.has(withoutTrailingPunctuation(line));
  });
}

/**
 * The line without its trailing `{`, `(`, `[`, `,`, `;` and whitespace: a scan from the end (a
 * regular expression anchored at `$` backtracks over long runs).
 */
function withoutTrailingPunctuation(line: string): string {
  let end = line.length;
  while (end > 0 && TRAILING.has(line.charAt(end - 1))) end--;
  return line.slice(0, end);
}

const TRAILING = new Set(["{", "(", "[", ",", ";", " ", "\t"]);

/** Whether the hunk's old and new text have the same code tokens. */
function hunkIsNeutral(
  oldText: string,
  newText: string,
  before: Tokens,
  after: Tokens,
  tokens: Tokenizer,
  grammar: string,
): boolean {
  if (sameCode(before, after)) return true;
  if (!before.hasError && !after.hasError) return false;
  // A fragment that starts or ends inside a block comment or docstring reads as broken code: read
  // it again with the delimiter it lacks, and believe that reading if it parses cleanly, or if the
  // completion is certain (see Wrapping.certain) and only the fragment's own ends stay broken (the
  // `}` closing the method before a Javadoc).
  for (const delimiters of DELIMITERS[grammar] ?? C_LIKE) {
    for (const { wrap, certain } of wrappings(oldText, delimiters)) {
      const wrappedBefore = tokens(wrap(oldText));
      const wrappedAfter = tokens(wrap(newText));
      if (!wrappedBefore || !wrappedAfter) continue;
      const clean = !wrappedBefore.hasError && !wrappedAfter.hasError;
      if ((clean || certain) && sameCode(wrappedBefore, wrappedAfter)) return true;
    }
  }
  return false;
}

interface Wrapping {
  wrap: (text: string) => string;
  /**
   * The completion cannot make code a comment: a closer added after an opener the grammar itself
   * reads (an opener inside a string stays code, and so does what follows it), or an opener added
   * before a Javadoc-style fragment (every line up to the first closer starts with `*`, and that
   * closer ends its line).
   */
  certain: boolean;
}

function sameCode(a: Tokens, b: Tokens): boolean {
  return a.code.length === b.code.length && a.code.every((token, index) => token === b.code[index]);
}

/**
 * The ways to complete a fragment's comment or docstring: an opener before it when a closer comes
 * first, a closer after it when an opener is left open. A fragment with no delimiter at all is
 * wrapped whole only when every line reads as a block comment's continuation (` * text`): prose
 * inside a docstring cannot be told from code, so it is not guessed at.
 */
function wrappings(text: string, { open, close }: { open: string; close: string }): Wrapping[] {
  if (open === close || open.endsWith(close)) {
    const count = text.split(close).length - 1;
    if (count % 2 === 0) return [];
    return [
      { wrap: (t) => `${open}\n${t}`, certain: false },
      { wrap: (t) => `${t}\n${close}`, certain: false },
    ];
  }
  const firstClose = text.indexOf(close);
  const firstOpen = text.indexOf(open);
  const lastOpen = text.lastIndexOf(open);
  const lastClose = text.lastIndexOf(close);
  const prefix = firstClose >= 0 && (firstOpen < 0 || firstClose < firstOpen);
  const suffix = lastOpen >= 0 && lastOpen > lastClose;
  if (prefix || suffix) {
    // The first closer must read as a comment's end (`*/` or ` * … */` ending its line): in code,
    // `*/` is inside a regular expression (`/a*/`) or a string.
    if (prefix && !closesComment(text, close)) return [];
    const certain = !prefix || startsInJavadoc(text, close);
    return [{ wrap: (t) => `${prefix ? `${open}\n` : ""}${t}${suffix ? `\n${close}` : ""}`, certain }];
  }
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  if (lines.length > 0 && lines.every((line) => /^\s*\*(?!\/)/.test(line)))
    return [{ wrap: (t) => `${open}\n${t}\n${close}`, certain: false }];
  return [];
}

/** The lines up to and including the first closer. */
function linesToFirstClose(text: string, close: string): string[] {
  return text.slice(0, text.indexOf(close) + close.length).split("\n");
}

/** The first closer's line starts as a comment line (`*`) and ends with the closer. */
function closesComment(text: string, close: string): boolean {
  const lines = linesToFirstClose(text, close);
  const rest = text.slice(text.indexOf(close) + close.length).split("\n")[0] ?? "";
  const closing = lines.at(-1)?.trim() ?? "";
  return closing.startsWith("*") && rest.trim() === "";
}

/** Every line up to the first closer reads as a block comment's continuation (` * text`). */
function startsInJavadoc(text: string, close: string): boolean {
  return linesToFirstClose(text, close)
    .slice(0, -1)
    .every((line) => line.trim() === "" || line.trim().startsWith("*"));
}

/** Both sides without their common indentation, so a fragment from inside a block parses as code. */
function dedent(oldLines: readonly string[], newLines: readonly string[]): [string, string] {
  let common = Number.POSITIVE_INFINITY;
  for (const line of [...oldLines, ...newLines]) {
    if (line.trim() === "") continue;
    const indent = line.length - line.trimStart().length;
    if (indent < common) common = indent;
  }
  const cut = Number.isFinite(common) ? common : 0;
  const strip = (lines: readonly string[]) => lines.map((line) => line.slice(Math.min(cut, leading(line)))).join("\n");
  return [strip(oldLines), strip(newLines)];
}

function leading(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * Tests written inside a source file that the patch adds, changes or removes: Rust test
 * attributes (`#[test]`, `#[tokio::test]`, any `#[…::test]`, `#[cfg(test)]`) or a hunk inside a
 * `mod tests` block (git names the enclosing block after the `@@`); Python doctests (`>>>`
 * lines); Elixir doctests (`iex>` lines in `@doc`).
 */
function changesTestsInside(hunk: Hunk, grammar: string): boolean {
  const changed = [...hunk.added, ...hunk.removed];
  switch (grammar) {
    case "rust":
      return (
        /^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+tests?\b/.test(hunk.section) ||
        changed.some((line) => /^\s*#\[(?:cfg\(test\)|(?:[\w]+::)*test\b|rstest\b|test_case\b|proptest\b)/.test(line))
      );
    case "python":
      return changed.some((line) => /^\s*>>>(?:\s|$)/.test(line));
    case "elixir":
      return changed.some((line) => /^\s*iex(?:\(\d+\))?>/.test(line));
    default:
      return false;
  }
}
