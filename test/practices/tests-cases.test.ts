import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/schema.js";
import type { ChangedFile } from "../../src/practices/facts.js";
import { plainText } from "../../src/practices/message.js";
import { evaluateTests } from "../../src/practices/tests.js";
import { known, unknown } from "../../src/practices/types.js";

/**
 * The tests practice's verdicts word for word, for the readings of a file's patch: changed only in
 * comments (`neutral`), tests written inside a source file (`inside`), only deleting code
 * (`deletes`), only changing literal values (`data`), or code (`code`).
 */
const config = defaultConfig.pull_requests.tests;
const read = (
  filename: string,
  kind: "neutral" | "inside" | "inside-only" | "deletes" | "data" | "code",
): ChangedFile => ({
  filename,
  status: "modified",
  changes: 4,
  reading: {
    read: true,
    behaviourNeutral: kind === "neutral" || kind === "inside-only",
    testsInside: kind === "inside" || kind === "inside-only",
    onlyRemovesCode: kind === "deletes",
    onlyChangesData: kind === "data",
  },
});
const judge = (files: ChangedFile[]) => evaluateTests(config, { files: known({ files, total: files.length }) });

describe("the tests practice, word for word", () => {
  it.each<[string, ChangedFile[], "pass" | "fail" | "skip", string]>([
    [
      "a fix with a #[test] beside it",
      [read("src/lib.rs", "inside")],
      "pass",
      "1 source file and tests inside 1 source file changed.",
    ],
    [
      "a doctest added to a docstring",
      [read("shop/money.py", "inside-only")],
      "pass",
      "Tests inside source files changed. 1 file changed only in comments, docstrings or whitespace.",
    ],
    [
      "a source file, a test file and tests inside another",
      [read("src/pay.rs", "code"), read("src/lib.rs", "inside"), read("tests/pay.rs", "code")],
      "pass",
      "2 source files and 1 test file and tests inside 1 source file changed.",
    ],
    [
      "a comment fixed in a source file",
      [read("src/pay.ts", "neutral")],
      "skip",
      "No source files changed. 1 file changed only in comments, docstrings or whitespace.",
    ],
    [
      "a source change and a comment fixed in its test",
      [read("src/pay.ts", "code"), read("test/pay.test.ts", "neutral")],
      "fail",
      "1 source file changed without any test change.",
    ],
    [
      "dead code deleted",
      [read("src/pay.ts", "deletes"), read("src/cart.ts", "deletes")],
      "skip",
      "No source files changed. 2 files only delete code.",
    ],
    [
      "a deprecated mutation deleted with its tests",
      [read("src/pay.ts", "deletes"), read("test/pay.test.ts", "code")],
      "pass",
      "1 test file changed. 1 file only deletes code.",
    ],
    [
      "a template fixed with an end-to-end test beside it",
      [read("bookmarks/templates/tags/index.html", "code"), read("bookmarks/tests_e2e/test_tags.py", "code")],
      "pass",
      "1 test file changed with 1 deployable file that needs no tests of its own.",
    ],
    [
      "templates and a style sheet with the template tests beside them",
      [
        read("bookmarks/templates/list.html", "code"),
        read("bookmarks/templates/form.html", "code"),
        read("bookmarks/styles/page.css", "code"),
        read("bookmarks/tests/test_list.py", "code"),
      ],
      "pass",
      "1 test file changed with 3 deployable files that need no tests of their own.",
    ],
    [
      "database images moved in compose and Kubernetes, the test containers' images with them",
      [
        read("docker-compose.yml", "code"),
        read("k8s/db.yml", "code"),
        read("src/test/java/org/acme/MySqlIntegrationTests.java", "code"),
      ],
      "skip",
      "No source files changed.",
    ],
    [
      "a template changed alone",
      [read("bookmarks/templates/tags/index.html", "code")],
      "skip",
      "No source files changed.",
    ],
    ["tests changed alone", [read("tests/test_tags.py", "code")], "skip", "No source files changed."],
    [
      "a file type added to a table",
      [read("crates/ignore/src/default_types.rs", "data")],
      "skip",
      "No source files changed. 1 file only changes literal values (data entries, text).",
    ],
    [
      "content types added with a test beside them",
      [read("middleware/compress.go", "data"), read("middleware/compress_test.go", "code")],
      "pass",
      "1 test file changed. 1 file only changes literal values (data entries, text).",
    ],
    [
      "table entries beside a source change without tests",
      [read("src/types.ts", "data"), read("src/aliases.ts", "data"), read("src/cart.ts", "code")],
      "fail",
      "1 source file changed without any test change. 2 files only change literal values (data entries, text).",
    ],
    [
      "code deleted beside a source change without tests",
      [read("src/pay.ts", "deletes"), read("src/cart.ts", "code")],
      "fail",
      "1 source file changed without any test change. 1 file only deletes code.",
    ],
  ])("%s", (_situation, files, outcome, summary) => {
    const verdict = judge(files);
    expect(verdict.outcome).toBe(outcome);
    expect(plainText(verdict.summary)).toBe(summary);
  });

  it("names the files judged by their names alone, and why each could not be read", () => {
    const unread = (filename: string, reason: "no-patch" | "too-large" | "no-grammar" | "too-slow"): ChangedFile => ({
      filename,
      status: "modified",
      changes: 4,
      reading: { read: false, reason },
    });
    const verdict = judge([
      read("src/pay.ts", "code"),
      unread("src/logo.ts", "no-patch"),
      unread("src/huge.ts", "too-large"),
      unread("src/App.vue", "no-grammar"),
      unread("src/slow.ts", "too-slow"),
    ]);
    expect(verdict.outcome).toBe("fail");
    expect(plainText(verdict.summary)).toBe(
      "5 source files changed without any test change. 4 files judged by name only: GitHub gave no patch (binary or too large); its patch is larger than Shipshape reads; Shipshape has no grammar for its language; reading the patches took longer than Shipshape allows.",
    );
    expect(plainText(judge([unread("src/App.vue", "no-grammar")]).summary)).toBe(
      "1 source file changed without any test change. 1 file judged by name only: Shipshape has no grammar for its language.",
    );
  });

  it("does not count deleted files and renames without edits as changes", () => {
    const verdict = judge([
      { filename: "src/old.ts", status: "removed", changes: 40 },
      { filename: "src/moved.ts", previousFilename: "src/before.ts", status: "renamed", changes: 0 },
    ]);
    expect(verdict.outcome).toBe("skip");
    const edited = judge([
      { filename: "src/moved.ts", previousFilename: "src/before.ts", status: "renamed", changes: 2 },
    ]);
    expect(edited.outcome).toBe("fail");
  });

  it("says how to fix a failure, naming both globs", () => {
    expect(plainText(judge([read("src/pay.ts", "code")]).fix ?? [])).toBe(
      "Add or update tests matching pull_requests.tests.tests, or narrow pull_requests.tests.source if these files need no tests.",
    );
  });

  it("fails, saying why, when the changed files were not read or could not be", () => {
    const notRead = evaluateTests(config, {});
    expect(notRead.outcome).toBe("fail");
    expect(plainText(notRead.summary)).toBe("Could not check the changed files: they were not read.");
    const failed = evaluateTests(config, { files: unknown("GitHub answered 502") });
    expect(failed.outcome).toBe("fail");
    expect(plainText(failed.summary)).toBe("Could not check the changed files: GitHub answered 502.");
  });
});
