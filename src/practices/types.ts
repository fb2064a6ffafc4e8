import type { Enforcement } from "../config/schema.js";

export type PullRequestPractice = "tests" | "staging" | "rollback" | "requirements" | "dependencies";

export const PULL_REQUEST_PRACTICES: readonly PullRequestPractice[] = [
  "tests",
  "staging",
  "rollback",
  "requirements",
  "dependencies",
];

/** pass: the practice is met; fail: it is not (or could not be checked); skip: it does not apply. */
export type Outcome = "pass" | "fail" | "skip";

/** What a pure evaluator decides. Data only: rendering and enforcement are applied later. */
export interface Verdict {
  outcome: Outcome;
  /** One line for the check-run table. */
  summary: string;
  /** Extra lines (file names, environments) for the details section. */
  details?: string[];
  /** For a failure: how to fix it, in one sentence naming the config key. */
  fix?: string;
}

export interface PracticeResult extends Verdict {
  practice: PullRequestPractice;
  enforcement: Enforcement;
}

/** A fact that may not have been readable; the reason is shown to the user. */
export type Fact<T> = { ok: true; value: T } | { ok: false; reason: string };

export const known = <T>(value: T): Fact<T> => ({ ok: true, value });
export const unknown = <T>(reason: string): Fact<T> => ({ ok: false, reason });

/** A verdict for a practice whose facts GitHub did not give us: never a false pass. */
export function couldNotCheck(what: string, reason: string, fix: string): Verdict {
  return { outcome: "fail", summary: `Could not check ${what}: ${reason}.`, fix };
}
