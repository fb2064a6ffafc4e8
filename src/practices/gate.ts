/**
 * The safe-launch gate's verdicts: whether a deployment to a protected environment may go on.
 * Three rules, each `off | warn | error` (warn approves and says why): `staged` (the commit reached
 * `success` on a staging environment within `gate.staged_within`), `practices` (every pull request
 * the deployment ships met its error-level practices or had them waived) and `freeze` (no window of
 * `gate.freeze` is open). Pure: facts and the time come in, a decision comes out; a fact GitHub
 * did not give fails its rule (fail closed), saying what could not be checked.
 */
import { type FreezeWindow, openFreeze, parseFreezeWindow } from "../config/freeze.js";
import type { Enforcement, GateConfig } from "../config/schema.js";
import { globMatcher } from "./globs.js";
import { counted, type Message, quote, quoteList, say } from "./message.js";
import type { Fact, Outcome, PullRequestPractice } from "./types.js";

export type GateRule = "staged" | "practices" | "freeze";

/** A successful staging deployment of the commit. */
export interface StagingEvidence {
  environment: string;
  /** When its `success` status was created (epoch milliseconds). */
  at: number;
}

/** How a shipped pull request stands, from Shipshape's own check run on its head commit. */
export type ShippedStanding = "met" | "failed" | "unchecked";

export interface ShippedPull {
  number: number;
  title: string;
  standing: ShippedStanding;
  /** Practices that failed (as recorded on the check run; empty when not known). */
  failing: PullRequestPractice[];
  /** Practices failed but waived. */
  waived: PullRequestPractice[];
}

export interface ShippedPulls {
  /** The previous successful deployment to the environment (its commit and time); null: this is the first. */
  since: { sha: string; at: number } | null;
  pulls: ShippedPull[];
}

export interface GateFacts {
  environment: string;
  sha: string;
  /** The staging success found, null when none; absent when the rule is off (not read). */
  staged?: Fact<StagingEvidence | null>;
  shipped?: Fact<ShippedPulls>;
}

export interface RuleVerdict {
  rule: GateRule;
  level: Enforcement;
  outcome: Outcome;
  summary: Message;
  details?: Message[];
  /** For a failure: how to fix it, naming the config key. */
  fix?: Message;
}

export interface GateDecision {
  state: "approved" | "rejected";
  verdicts: RuleVerdict[];
}

/** The gate judges this environment: `gate.environments`, or the production ones of `outcomes.production`. */
export function gateEnvironmentMatcher(
  gate: GateConfig,
  production: readonly string[],
): (environment: string) => boolean {
  return globMatcher(gate.environments ?? [...production], { nocase: true });
}

/** The staging environments the gate looks for (globs). */
export function gateStagingEnvironments(gate: GateConfig, pullRequestStaging: readonly string[]): string[] {
  return gate.staging_environments ?? [...pullRequestStaging];
}

/** The windows of a valid config (the schema refused any that does not parse). */
export function freezeWindows(gate: GateConfig): FreezeWindow[] {
  return gate.freeze.flatMap((text) => {
    const parsed = parseFreezeWindow(text);
    return parsed.ok ? [parsed.window] : [];
  });
}

export function judgeGate(
  gate: GateConfig,
  stagingEnvironments: readonly string[],
  facts: GateFacts,
  now: Date,
): GateDecision {
  const judged: RuleVerdict[] = [
    { rule: "freeze", level: gate.freeze_enforcement, ...freezeVerdict(gate, now) },
    { rule: "staged", level: gate.staged, ...stagedVerdict(gate, stagingEnvironments, facts) },
    { rule: "practices", level: gate.practices, ...practicesVerdict(facts) },
  ];
  const verdicts = judged.map(
    (verdict): RuleVerdict =>
      verdict.level === "off"
        ? { rule: verdict.rule, level: "off", outcome: "skip", summary: offSummary(verdict.rule) }
        : verdict,
  );
  const blocking = verdicts.some((verdict) => verdict.outcome === "fail" && verdict.level === "error");
  return { state: blocking ? "rejected" : "approved", verdicts };
}

function offSummary(rule: GateRule): Message {
  const key = rule === "freeze" ? "gate.freeze_enforcement" : `gate.${rule}`;
  return say`Off (${quote(key)}).`;
}

type Judged = Omit<RuleVerdict, "rule" | "level">;

function freezeVerdict(gate: GateConfig, now: Date): Judged {
  const windows = freezeWindows(gate);
  if (windows.length === 0) return { outcome: "skip", summary: say`No freeze windows are configured.` };
  const open = openFreeze(windows, gate.timezone, now);
  if (!open) return { outcome: "pass", summary: say`No freeze window is open (${quote(gate.timezone)}).` };
  const until = open.until
    .toISOString()
    .replace(/:\d{2}\.\d{3}Z$/, " UTC")
    .replace("T", " ");
  return {
    outcome: "fail",
    summary: say`The freeze window ${quote(open.window.text)} (${quote(gate.timezone)}) is open until ${until}.`,
    fix: say`Deploy after the window closes, or change ${quote("gate.freeze")} (or set ${quote("gate.freeze_enforcement")} to ${quote("warn")}).`,
  };
}

function stagedVerdict(gate: GateConfig, stagingEnvironments: readonly string[], facts: GateFacts): Judged {
  const sha = facts.sha.slice(0, 7);
  const fix = say`Deploy ${quote(sha)} to ${stagingEnvironments.length > 0 ? quoteList(stagingEnvironments) : "a staging environment"} first and wait for its success, then re-run the deployment; the environments are ${quote("gate.staging_environments")}.`;
  const staged = facts.staged;
  if (!staged) return { outcome: "skip", summary: say`Not checked.` };
  if (!staged.ok)
    return {
      outcome: "fail",
      summary: say`Could not check whether ${quote(sha)} was staged: ${staged.reason}.`,
      fix: say`Re-run the deployment when GitHub answers again.`,
    };
  if (staged.value)
    return {
      outcome: "pass",
      summary: say`${quote(sha)} reached success on ${quote(staged.value.environment)} on ${new Date(staged.value.at)}.`,
    };
  return {
    outcome: "fail",
    summary: say`${quote(sha)} never reached success on a staging environment (${stagingEnvironments.length > 0 ? quoteList(stagingEnvironments) : "none configured"}) within ${quote(gate.staged_within)}.`,
    fix,
  };
}

/** At most this many pull requests are named in a verdict's details. */
const MAX_NAMED = 20;

function practicesVerdict(facts: GateFacts): Judged {
  const shipped = facts.shipped;
  if (!shipped) return { outcome: "skip", summary: say`Not checked.` };
  if (!shipped.ok)
    return {
      outcome: "fail",
      summary: say`Could not check the pull requests this deployment ships: ${shipped.reason}.`,
      fix: say`Re-run the deployment when GitHub answers again.`,
    };
  const { since, pulls } = shipped.value;
  if (!since)
    return {
      outcome: "pass",
      summary: say`No earlier successful deployment to ${quote(facts.environment)}: there is nothing to compare with, so no pull request is counted as shipped.`,
    };
  if (pulls.length === 0)
    return {
      outcome: "pass",
      summary: say`No pull request was merged since the last successful deployment (${quote(since.sha.slice(0, 7))}).`,
    };
  const unmet = pulls.filter((pull) => pull.standing !== "met");
  const waived = pulls.filter((pull) => pull.standing === "met" && pull.waived.length > 0);
  const line = (pull: ShippedPull): Message => {
    const what =
      pull.standing === "unchecked"
        ? say`has no Shipshape verdict on its head commit`
        : pull.failing.length > 0
          ? say`failed ${quoteList(pull.failing)} without a waiver`
          : say`failed its error-level practices without a waiver`;
    return say`#${String(pull.number)} ${pull.title}: ${what}`;
  };
  const waivedLines = waived.map(
    (pull) => say`#${String(pull.number)} ${pull.title}: ${quoteList(pull.waived)} waived`,
  );
  if (unmet.length === 0)
    return {
      outcome: "pass",
      summary: say`${counted(pulls.length, "pull request")} shipped, all meeting their error-level practices${waived.length > 0 ? say` (${counted(waived.length, "with a waiver", "with waivers")})` : []}.`,
      ...(waivedLines.length > 0 ? { details: waivedLines.slice(0, MAX_NAMED) } : {}),
    };
  const named = unmet.slice(0, MAX_NAMED).map(line);
  if (unmet.length > MAX_NAMED) named.push(say`and ${String(unmet.length - MAX_NAMED)} more`);
  return {
    outcome: "fail",
    summary: say`${String(unmet.length)} of ${String(pulls.length)} pull requests shipped did not meet their error-level practices.`,
    details: named,
    fix: say`Ship the missing practice in a follow-up pull request (a waiver, ${quote("/shipshape waive <practice> <reason>")}, counts when given before the merge), then deploy again; the rule is ${quote("gate.practices")}.`,
  };
}
