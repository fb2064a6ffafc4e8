import type { Enforcement } from "../config/schema.js";
import { type Message, quote, say } from "./message.js";
import type { RefusedWaiver, StaleWaiver, Waiver } from "./waiver-types.js";

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
  summary: Message;
  /** Extra lines (file names, environments) for the details section. */
  details?: Message[];
  /** For a failure: how to fix it, in one sentence naming the config key. */
  fix?: Message;
}

/** What a pull request's check records per practice: an evaluator's outcome, or a failure waived. */
export type RecordedOutcome = Outcome | "waived";

export interface PracticeResult extends Omit<Verdict, "outcome"> {
  practice: PullRequestPractice;
  enforcement: Enforcement;
  outcome: RecordedOutcome;
  /** The waiver in force (see waivers.ts); with a failing verdict the outcome is `waived`. */
  waiver?: Waiver;
  /** The newest waiver command that was not accepted, and why. */
  waiverRefused?: RefusedWaiver;
  /** A waiver given for an earlier head commit, which does not hold for the new commits. */
  waiverStale?: StaleWaiver;
}

/** A fact that may not have been readable; the reason is shown to the user. */
export type Fact<T> = { ok: true; value: T } | { ok: false; reason: string };

export const known = <T>(value: T): Fact<T> => ({ ok: true, value });
export const unknown = <T>(reason: string): Fact<T> => ({ ok: false, reason });

/** A verdict for a practice whose facts GitHub did not give us: never a false pass. */
export function couldNotCheck(what: string, reason: string, fix: Message): Verdict {
  return { outcome: "fail", summary: say`Could not check ${what}: ${reason}.`, fix };
}

/** The summary of a practice turned off, naming the key that turned it off. */
export function offSummary(key: string): Message {
  return say`Off (${quote(key)}).`;
}
