import { describe, expect, it } from "vitest";
import { suggestKey } from "../../src/config/diagnostics.js";
import { mergeLayers } from "../../src/config/merge.js";
import { MAX_CONFIG_BYTES, parseConfigFile } from "../../src/config/parse.js";

/** Config files as people get them wrong, one row each: where the problem is and what it says. */
const problemsOf = (text: string) => {
  const parsed = parseConfigFile(text, ".github/shipshape.yml");
  return parsed.ok
    ? []
    : parsed.problems.map((problem) => `${problem.line}:${problem.column} ${problem.key}: ${problem.message}`);
};

describe("where a config problem is", () => {
  it.each<[string, string, string[]]>([
    [
      "a typo in a nested key, pointed at the key itself",
      "outcomes:\n  enabled: true\n  prodution: [live]\n",
      ['3:3 outcomes.prodution: unknown key, did you mean "production"?'],
    ],
    [
      "a typo in a key of a mapping written inline",
      "pull_requests: { tests: { enforcment: warn } }\n",
      ['1:27 pull_requests.tests.enforcment: unknown key, did you mean "enforcement"?'],
    ],
    [
      "a word where a yes or no is expected",
      "status_issue:\n  enabled: sometimes\n",
      ["2:12 status_issue.enabled: must be a boolean"],
    ],
    [
      "a single word where a list is expected",
      "outcomes:\n  production: live\n",
      ["2:15 outcomes.production: must be an array"],
    ],
    [
      "a number inside a list of globs",
      "outcomes:\n  production: [live, 7]\n",
      ["2:22 outcomes.production.1: must be a string"],
    ],
    ["a section written as a word", "pull_requests: strict\n", ["1:16 pull_requests: must be an object"]],
    [
      "a review cadence without its unit",
      "cadence:\n  sprint_review:\n    every: 14\n",
      ["3:12 cadence.sprint_review.every: needs a unit: m (minutes), h, d or w, e.g. 14d"],
    ],
    [
      "a number where a heading is expected (not a duration)",
      "pull_requests:\n  rollback:\n    heading: 5\n",
      ["3:14 pull_requests.rollback.heading: must be a string"],
    ],
    [
      "an empty glob",
      "outcomes:\n  production: ['']\n",
      ["2:16 outcomes.production.0: Too small: expected string to have >=1 characters"],
    ],
  ])("%s", (_situation, text, expected) => {
    expect(problemsOf(text)).toEqual(expected);
  });

  it.each([
    ["a scalar", "just some text\n"],
    ["a list", "- tests\n- staging\n"],
  ])("refuses a file that is %s, not a mapping", (_situation, text) => {
    expect(problemsOf(text)).toEqual(["1:1 : the file must be a YAML mapping of keys to values"]);
  });

  it("accepts a file of exactly the size limit", () => {
    const text = `# ${"x".repeat(MAX_CONFIG_BYTES - 3)}\n`;
    expect(Buffer.byteLength(text)).toBe(MAX_CONFIG_BYTES);
    expect(problemsOf(text)).toEqual([]);
  });

  it("counts the size limit in bytes, not characters", () => {
    const text = `# ${"é".repeat(MAX_CONFIG_BYTES / 2)}\n`;
    expect(problemsOf(text)[0]).toContain("a config file may be at most");
  });

  it.each([
    ["exactly 50 problems: all of them, no summary line", 50, 50],
    ["51 problems: 50 and a summary line", 51, 51],
  ])("reports %s", (_situation, count, lines) => {
    const text = Array.from({ length: count }, (_, index) => `unknown_${index}: 1`).join("\n");
    expect(problemsOf(text)).toHaveLength(lines);
  });

  it("shares the 50 reported problems among several mappings with unknown keys", () => {
    const keys = (prefix: string) => Array.from({ length: 30 }, (_, index) => `    ${prefix}_${index}: 1`).join("\n");
    const problems = problemsOf(`pull_requests:\n  tests:\n${keys("a")}\n  staging:\n${keys("b")}\n`);
    expect(problems).toHaveLength(51);
    expect(problems.filter((problem) => problem.includes("pull_requests.tests."))).toHaveLength(30);
    expect(problems.filter((problem) => problem.includes("pull_requests.staging."))).toHaveLength(20);
    expect(problems.at(-1)).toBe("1:1 : … and 10 more problems");
  });
});

describe("suggesting the key a typo meant", () => {
  it.each<[string, string, string[], string | undefined]>([
    ["two letters swapped", "enforcment", ["enforcement", "environments"], "enforcement"],
    ["a different case", "Enforcement", ["enforcement"], "enforcement"],
    ["a tie, won by the first known key", "abcx", ["abcd", "abce"], "abcd"],
    ["four edits in a twelve-letter key (a third of it)", "abcdefghWXYZ", ["abcdefghijkl"], "abcdefghijkl"],
    ["five edits in a twelve-letter key", "abcdefgVWXYZ", ["abcdefghijkl"], undefined],
    ["two edits in a short key", "hihg", ["high"], "high"],
    ["three edits in a short key", "xyz", ["low"], undefined],
    ["no known keys", "tests", [], undefined],
  ])("%s", (_situation, unknown, known, suggestion) => {
    expect(suggestKey(unknown, known)).toBe(suggestion);
  });
});

describe("merging config layers", () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]>([
    ["a list replacing an inherited mapping", { a: ["x"] }, { a: { b: 1 } }, { a: ["x"] }],
    ["a mapping replacing an inherited list", { a: { b: 1 } }, { a: ["x"] }, { a: { b: 1 } }],
    ["a null replacing an inherited mapping", { a: null }, { a: { b: 1 } }, { a: null }],
    ["a list replacing an inherited list whole", { a: ["qa"] }, { a: ["staging", "prod"] }, { a: ["qa"] }],
    ["mappings merged key by key", { a: { b: 1 } }, { a: { c: 2 }, d: 3 }, { a: { b: 1, c: 2 }, d: 3 }],
  ])("%s", (_situation, specific, inherited, merged) => {
    expect(mergeLayers([specific, inherited])).toEqual(merged);
  });
});
