import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/schema.js";
import { conclusionOf, evaluatePullRequest } from "../../src/practices/evaluate.js";
import { plainText, say } from "../../src/practices/message.js";
import type { PracticeResult } from "../../src/practices/types.js";
import { known, unknown } from "../../src/practices/types.js";

/** The check's conclusion and the practices' applicability, in the situations reviewers meet. */
const result = (
  outcome: PracticeResult["outcome"],
  enforcement: PracticeResult["enforcement"] = "error",
): PracticeResult => ({ practice: "tests", enforcement, outcome, summary: say`.` });

describe("the check's conclusion", () => {
  it.each<[string, PracticeResult[], string]>([
    ["every practice met", [result("pass"), result("skip")], "success"],
    ["nothing to check", [], "success"],
    ["a blocking practice failing", [result("pass"), result("fail", "error")], "failure"],
    ["a warning practice failing", [result("fail", "warn"), result("pass")], "neutral"],
    ["a blocking and a warning practice failing", [result("fail", "warn"), result("fail", "error")], "failure"],
    ["a waived failure", [result("waived"), result("pass")], "neutral"],
    ["a waived failure beside a blocking failure", [result("waived"), result("fail", "error")], "failure"],
  ])("%s: %s", (_situation, results, conclusion) => {
    expect(conclusionOf(results)).toBe(conclusion);
  });
});

describe("which practices are evaluated", () => {
  const facts = (files: string[]) => ({
    title: "Change",
    body: "",
    headRef: "feature/change",
    headSha: "0123456789abcdef0123456789abcdef01234567",
    files: known({ files: files.map((filename) => ({ filename, status: "modified" as const, changes: 2 })), total: 1 }),
    deployments: known([]),
    manifests: known({ manifests: [], notRead: 0 }),
    templates: [],
    decisionRecords: {},
  });
  const outcomes = (config: Record<string, unknown>, files: string[]) =>
    Object.fromEntries(
      evaluatePullRequest(configSchema.parse(config).pull_requests, facts(files)).map((entry) => [
        entry.practice,
        [entry.outcome, plainText(entry.summary)],
      ]),
    );

  it("reports a practice turned off as skipped, naming the key, without evaluating it", () => {
    const off = outcomes({ pull_requests: { tests: { enforcement: "off" } } }, ["src/pay.ts"]);
    expect(off.tests).toEqual(["skip", "Off (pull_requests.tests.enforcement)."]);
  });

  it.each([
    ["a docs-only change", ["docs/guide.md"], "Not applicable: no deployable code changed"],
    ["a test-only change", ["test/pay.test.ts"], "Not applicable: no deployable code changed"],
  ])("does not ask staging or rollback of %s", (_situation, files, summary) => {
    const judged = outcomes({}, files);
    expect(judged.staging?.[0]).toBe("skip");
    expect(judged.staging?.[1]).toContain(summary);
    expect(judged.rollback?.[0]).toBe("skip");
  });

  it("names the paths key when configured paths did not change", () => {
    const judged = outcomes({ pull_requests: { staging: { paths: ["services/**"] } } }, ["src/pay.ts"]);
    expect(judged.staging).toEqual(["skip", "Not applicable: no file matching pull_requests.staging.paths changed."]);
  });

  it("asks staging of every change when its paths are []", () => {
    const judged = outcomes({ pull_requests: { staging: { paths: [] } } }, ["docs/guide.md"]);
    expect(judged.staging?.[0]).toBe("fail");
  });

  it("fails staging and rollback when the changed files could not be read, saying so", () => {
    const results = evaluatePullRequest(configSchema.parse({}).pull_requests, {
      ...facts([]),
      files: unknown("GitHub answered 502"),
    });
    const staging = results.find((entry) => entry.practice === "staging");
    expect(staging?.outcome).toBe("fail");
    expect(plainText(staging?.summary ?? [])).toBe("Could not check whether staging applies: GitHub answered 502.");
    expect(plainText(staging?.fix ?? [])).toContain("pull_requests.staging.paths");
  });
});
