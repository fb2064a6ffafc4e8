import os from "node:os";
import type { PullRequestsConfig } from "../config/schema.js";
import { compareManifests as compare, type ManifestComparison, type ManifestTexts } from "../manifests/parse.js";
import { type ParsedCommands, parseWaiverCommands } from "../markdown/waiver-commands.js";
import { type EvaluatedPractice, evaluatePullRequest } from "../practices/evaluate.js";
import type { PullRequestFacts } from "../practices/facts.js";

export interface EvaluationTask {
  config: PullRequestsConfig;
  facts: PullRequestFacts;
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

/** Reads the waiver commands of pull-request comments (bodies any commenter wrote), off the main thread. */
export function parseComments(bodies: string[]): ParsedCommands[] {
  return bodies.map(parseWaiverCommands);
}

/**
 * Parses a changed dependency manifest at the head and the base and compares them (run with
 * Piscina's `name: "compareManifests"`): an author's texts, up to 1 MB each.
 */
export function compareManifests(texts: ManifestTexts): ManifestComparison {
  return compare(texts);
}
