import { describe, expect, it } from "vitest";
import { globMatcher } from "../../src/practices/globs.js";

describe("glob lists", () => {
  it("read like .gitignore: a later !glob excludes, a glob after it includes again", () => {
    const matches = globMatcher(["**/*.py", "!**/migrations/**", "**/migrations/keep.py"]);
    expect(["app/models.py", "app/migrations/0001.py", "app/migrations/keep.py"].map(matches)).toEqual([
      true,
      false,
      true,
    ]);
  });

  it("answer each list and each case rule for itself, however often a path is asked", () => {
    const python = globMatcher(["**/*.py"]);
    const tests = globMatcher(["**/test_*.py"]);
    const staging = globMatcher(["Staging*"], { nocase: true });
    const stagingExact = globMatcher(["Staging*"]);
    for (let round = 0; round < 3; round++) {
      expect([python("app/views.py"), tests("app/views.py")]).toEqual([true, false]);
      expect([staging("staging-eu"), stagingExact("staging-eu")]).toEqual([true, false]);
    }
    expect(globMatcher([])("anything")).toBe(false);
  });
});
