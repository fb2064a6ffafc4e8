import os from "node:os";
import type { PullRequestsConfig } from "../config/schema.js";
import { warmUpTokenizer } from "../diff/tokens.js";
import { type EvaluatedPractice, evaluatePullRequest } from "../practices/evaluate.js";
import type { PullRequestFacts } from "../practices/facts.js";
import { withPatchReadings } from "./patch-readings.js";

export interface EvaluationTask {
  config: PullRequestsConfig;
  facts: PullRequestFacts;
  /** How long reading the files' patches may take; the files left are judged by their names. */
  patchBudgetMs: number;
}

/**
 * Evaluation threads run at a lower CPU priority than the main thread, which answers webhooks
 * and talks to GitHub: a costly description then takes the CPU the main thread leaves, not the
 * CPU it needs. On Linux a nice value belongs to a thread (setpriority(2), "NOTES": under NPTL the
 * nice value is a per-thread attribute), and `os.setPriority` without a pid sets the calling
 * thread's; elsewhere it would lower the whole process, so it is left alone there.
 */
const EVALUATION_NICENESS = 10;
if (process.platform === "linux") {
  try {
    os.setPriority(EVALUATION_NICENESS);
  } catch {
    // A sandbox may forbid it; evaluations then run at the main thread's priority.
  }
}

/**
 * Runs in a worker thread (see evaluation-pool.ts): the practices parse untrusted markdown and
 * match globs, which a hostile description can make slow, and tokenize the files' patches; here
 * that blocks no event loop.
 */
export default async function evaluate({ config, facts, patchBudgetMs }: EvaluationTask): Promise<EvaluatedPractice[]> {
  const results = evaluatePullRequest(config, await withPatchReadings(config, facts, patchBudgetMs));
  warmUpOnce();
  return results;
}

let warming = false;
/**
 * After the worker's first task, the WASM runtime that reads patches loads in the background, so
 * that a later pull request's patches need not wait for it (not before: a worker's first task
 * already pays for starting the worker).
 */
function warmUpOnce(): void {
  if (warming) return;
  warming = true;
  setImmediate(() => {
    warmUpTokenizer().catch(() => {
      // Retried at the first patch; a failure there leaves the files judged by their names.
    });
  });
}
