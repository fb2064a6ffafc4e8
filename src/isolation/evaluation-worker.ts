import type { PullRequestsConfig } from "../config/schema.js";
import { evaluatePullRequest } from "../practices/evaluate.js";
import type { PullRequestFacts } from "../practices/facts.js";
import type { PracticeResult } from "../practices/types.js";

export interface EvaluationTask {
  config: PullRequestsConfig;
  facts: PullRequestFacts;
}

/**
 * Runs in a worker thread (see evaluation-pool.ts): the practices parse untrusted markdown and
 * match globs, which a hostile description can make slow; here that blocks no event loop.
 */
export default function evaluate({ config, facts }: EvaluationTask): PracticeResult[] {
  return evaluatePullRequest(config, facts);
}
