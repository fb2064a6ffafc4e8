import type { PullRequestsConfig } from "../config/schema.js";
import { evaluateDependencies } from "./dependencies.js";
import { appliesToChange } from "./deployable.js";
import type { PullRequestFacts } from "./facts.js";
import { counted, quote, say } from "./message.js";
import { evaluateRequirements } from "./requirements.js";
import { evaluateRollback } from "./rollback.js";
import { evaluateStaging } from "./staging.js";
import { evaluateTests } from "./tests.js";
import {
  couldNotCheck,
  type Outcome,
  offSummary,
  type PracticeResult,
  PULL_REQUEST_PRACTICES,
  type PullRequestPractice,
  type Verdict,
} from "./types.js";

export type Conclusion = "success" | "failure" | "neutral";

/** A practice as its evaluator judged it, before any waiver. */
export type EvaluatedPractice = PracticeResult & { outcome: Outcome };

const evaluators: { [P in PullRequestPractice]: (config: PullRequestsConfig[P], facts: PullRequestFacts) => Verdict } =
  {
    tests: evaluateTests,
    staging: evaluateStaging,
    rollback: evaluateRollback,
    requirements: evaluateRequirements,
    dependencies: evaluateDependencies,
  };

/** Evaluates every pull-request practice; practices turned off are reported as such, not evaluated. */
export function evaluatePullRequest(config: PullRequestsConfig, facts: PullRequestFacts): EvaluatedPractice[] {
  return PULL_REQUEST_PRACTICES.map((practice) => {
    const practiceConfig = config[practice];
    const { enforcement } = practiceConfig;
    if (enforcement === "off") {
      return { practice, enforcement, outcome: "skip", summary: offSummary(`pull_requests.${practice}.enforcement`) };
    }
    const notApplicable =
      practice === "staging" || practice === "rollback" ? applicability(config, practice, facts) : null;
    if (notApplicable) return { practice, enforcement, ...notApplicable };
    const evaluate = evaluators[practice] as (config: typeof practiceConfig, facts: PullRequestFacts) => Verdict;
    return { practice, enforcement, ...evaluate(practiceConfig, facts) };
  });
}

/** Staging and rollback guard deployments: a docs-only change needs neither. Null when they apply. */
function applicability(
  config: PullRequestsConfig,
  practice: "staging" | "rollback",
  facts: PullRequestFacts,
): Verdict | null {
  const applies = appliesToChange(config[practice].paths, config.tests, facts);
  if (applies.applies === true) {
    // A repository that never deployed (a library, a tool) has nothing to stage or roll back;
    // when that could not be read, the practice applies (fail closed).
    const neverDeployed = facts.repositoryDeploys?.ok === true && !facts.repositoryDeploys.value;
    if (!neverDeployed || config[practice].paths !== null) return null;
    return {
      outcome: "skip",
      summary: say`Not applicable: this repository has no deployment on GitHub (a library or a tool). Set ${quote(`pull_requests.${practice}.paths`)} to ${quote("[]")} to require it anyway.`,
    };
  }
  if (applies.applies === "unknown") {
    return couldNotCheck(
      `whether ${practice} applies`,
      applies.reason,
      say`Set ${quote(`pull_requests.${practice}.paths`)} to ${quote("[]")} to always require it.`,
    );
  }
  const neutral = say`${counted(applies.neutral, "file")} changed only in comments, docstrings or whitespace`;
  if (applies.reason === "no-deployable-change") {
    return {
      outcome: "skip",
      summary:
        applies.neutral > 0
          ? say`Not applicable: nothing deployable changed behaviour (${neutral}).`
          : say`Not applicable: no deployable code changed (docs, tests, CI, examples or tooling only).`,
    };
  }
  const where = say`no file matching ${quote(`pull_requests.${practice}.paths`)} changed`;
  return {
    outcome: "skip",
    summary:
      applies.neutral > 0 ? say`Not applicable: ${where} behaviour (${neutral}).` : say`Not applicable: ${where}.`,
  };
}

/**
 * A failure at `error` fails the check; one at `warn` only makes it neutral, and so does a waived
 * failure: it no longer blocks, but the check does not claim the practice was met.
 */
export function conclusionOf(results: readonly PracticeResult[]): Conclusion {
  const failing = results.filter((result) => result.outcome === "fail");
  if (failing.some((result) => result.enforcement === "error")) return "failure";
  if (failing.some((result) => result.enforcement === "warn")) return "neutral";
  if (results.some((result) => result.outcome === "waived")) return "neutral";
  return "success";
}
