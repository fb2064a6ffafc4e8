import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/schema.js";
import { evaluatePullRequest } from "../../src/practices/evaluate.js";
import { plainText } from "../../src/practices/message.js";
import { CORPUS } from "./cases.js";
import { factsOf, falsePassRate, judgeCorpus } from "./harness.js";

/**
 * The labelled corpus (test/corpus/cases.ts): the verdicts a careful reviewer gives pull requests
 * in the style of real repositories. Goal: no false failure, at most 2 % false passes per practice.
 */
describe("verdicts on the labelled corpus", () => {
  it("holds at least 80 pull requests from every ecosystem the defaults cover", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(80);
    expect(new Set(CORPUS.map((corpusCase) => corpusCase.ecosystem))).toEqual(
      new Set(["javascript", "python", "go", "java", "ruby", "rust", "csharp", "php", "monorepo", "habits"]),
    );
    expect(new Set(CORPUS.map((corpusCase) => corpusCase.id)).size).toBe(CORPUS.length);
  });

  it.each(CORPUS.map((corpusCase) => [corpusCase.id, corpusCase] as const))(
    "%s: every practice gets the reviewer's verdict (pass, fail or not applicable)",
    (_id, corpusCase) => {
      const config = configSchema.parse(corpusCase.config ?? {});
      const results = evaluatePullRequest(config.pull_requests, factsOf(corpusCase));
      // The whole verdict at once, so that a case's report shows every practice that disagrees.
      expect(
        Object.fromEntries(results.map((result) => [result.practice, result.outcome])),
        results.map((result) => `${result.practice}: ${plainText(result.summary)}`).join("\n"),
      ).toEqual(corpusCase.expect);
    },
  );

  it("meets the goals: zero false failures and at most 2 % false passes per practice", () => {
    const { practices } = judgeCorpus(CORPUS);
    for (const [practice, tally] of Object.entries(practices)) {
      expect(tally.falseFailures, practice).toBe(0);
      expect(falsePassRate(tally), practice).toBeLessThanOrEqual(0.02);
      expect(tally.failing, `${practice} has failing cases to learn from`).toBeGreaterThan(0);
    }
  });
});
