import os from "node:os";
import type { PullRequestsConfig } from "../config/schema.js";
import { type ManifestParse, parseManifest as parse } from "../manifests/parse.js";
import { type EvaluatedPractice, evaluatePullRequest } from "../practices/evaluate.js";
import type { PullRequestFacts } from "../practices/facts.js";

export interface EvaluationTask {
  config: PullRequestsConfig;
  facts: PullRequestFacts;
}

/** A dependency manifest to parse: its path says its format. */
export interface ManifestTask {
  path: string;
  text: string;
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
 * match globs, which a hostile description can make slow; here that blocks no event loop.
 */
export default function evaluate({ config, facts }: EvaluationTask): EvaluatedPractice[] {
  return evaluatePullRequest(config, facts);
}

/** Parses a dependency manifest (run with Piscina's `name: "parseManifest"`): an author's text, up to 1 MB. */
export function parseManifest({ path, text }: ManifestTask): ManifestParse {
  return parse(path, text);
}
