import { describe, expect, it } from "vitest";
import { MAX_PATTERN_LENGTH, matchesOf, patternProblem } from "../../src/config/patterns.js";

/** Patterns from configs (`requirements.key_pattern`), as teams write them. */
describe("patterns from configs", () => {
  it.each([
    ["a Jira key", "[A-Z][A-Z0-9]+-\\d+"],
    ["a Linear key", "ENG-\\d+"],
    ["a pattern of exactly the longest length", "a".repeat(MAX_PATTERN_LENGTH)],
  ])("accepts %s", (_situation, pattern) => {
    expect(patternProblem(pattern)).toBeUndefined();
  });

  it.each([
    ["a pattern one character too long", "a".repeat(MAX_PATTERN_LENGTH + 1), "must be at most 200 characters"],
    ["a backreference", "(a)\\1", "backreferences and lookaround are not supported"],
    ["a lookahead", "(?=ENG)ENG-\\d+", "backreferences and lookaround are not supported"],
    ["an unclosed group", "(ENG-\\d+", "is not a pattern RE2 accepts (missing closing ): "],
  ])("refuses %s", (_situation, pattern, problem) => {
    expect(patternProblem(pattern)).toContain(problem);
  });

  it("finds every match, left to right, with where it starts", () => {
    expect([...matchesOf("[A-Z]+-\\d+", "Fixes PAY-12 and OPS-7.")]).toEqual([
      { text: "PAY-12", start: 6 },
      { text: "OPS-7", start: 17 },
    ]);
  });

  it("stops at a pattern that matches the empty string", () => {
    expect([...matchesOf("x*", "abc")]).toEqual([{ text: "", start: 0 }]);
  });
});
