import { afterAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/schema.js";
import { closeEvaluationPool, EvaluationDeadlineError, evaluateIsolated } from "../src/isolation/evaluation-pool.js";
import type { PullRequestFacts } from "../src/practices/facts.js";
import { plainText } from "../src/practices/message.js";
import { known } from "../src/practices/types.js";

const facts = (body: string): PullRequestFacts => ({
  title: "Change (#1)",
  body,
  headRef: "change",
  headSha: "a".repeat(40),
  files: known({ files: [{ filename: "src/a.ts", status: "modified", changes: 2 }], total: 1 }),
  deployments: known([]),
  manifests: known({ manifests: [], notRead: 0 }),
});

describe("evaluation in the worker pool", () => {
  afterAll(closeEvaluationPool);

  it("evaluates in a worker thread what evaluatePullRequest would", async () => {
    const results = await evaluateIsolated(
      defaultConfig.pull_requests,
      facts("## Rollback\nRevert the merge commit."),
      "t1",
    );
    expect(results.map((result) => [result.practice, result.outcome])).toEqual([
      ["tests", "fail"],
      ["staging", "fail"],
      ["rollback", "pass"],
      ["requirements", "pass"],
      ["dependencies", "skip"],
    ]);
  });

  it("reads the files' patches in the worker: a docstring-only edit needs no tests and deploys nothing", async () => {
    const patch =
      '@@ -1,2 +1,2 @@\n def total():\n-    """Return the total."""\n+    """Return the total, taxes included."""';
    const withPatch: PullRequestFacts = {
      ...facts(""),
      files: known({ files: [{ filename: "shop/cart.py", status: "modified", changes: 2, patch }], total: 1 }),
    };
    // A long deadline: loading the grammar must not depend on the machine's load here.
    const results = await evaluateIsolated(defaultConfig.pull_requests, withPatch, "t4", 60_000);
    expect(results.map((result) => [result.practice, result.outcome, plainText(result.summary)]).slice(0, 2)).toEqual([
      ["tests", "skip", "No source files changed. 1 file changed only in comments, docstrings or whitespace."],
      [
        "staging",
        "skip",
        "Not applicable: nothing deployable changed behaviour (1 file changed only in comments, docstrings or whitespace).",
      ],
    ]);
  });

  it("cuts off an evaluation at its deadline and ends its worker", async () => {
    const costly = facts(`## Notes\n${"- a\n".repeat(16_380)}`);
    await expect(evaluateIsolated(defaultConfig.pull_requests, costly, "t2", 50)).rejects.toBeInstanceOf(
      EvaluationDeadlineError,
    );
    // The pool goes on serving.
    const results = await evaluateIsolated(defaultConfig.pull_requests, facts(""), "t2");
    expect(results).toHaveLength(5);
  });

  it("refuses a description with tens of thousands of emphasis markers without using a worker", async () => {
    await expect(evaluateIsolated(defaultConfig.pull_requests, facts("_*".repeat(32_000)), "t3")).rejects.toThrow(
      "the description has 64,000 emphasis markers",
    );
  });
});
