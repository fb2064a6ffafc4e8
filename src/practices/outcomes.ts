/**
 * Delivery outcomes, the four figures of the DORA research, computed from a repository's
 * production deployments and merged pull requests, and joined with the practices those pull
 * requests met. Pure: times are epoch milliseconds, so the result travels as JSON (queue jobs).
 *
 * Bands follow DORA's "Accelerate State of DevOps Report 2023" (dora.dev/research/2023), whose
 * performance clusters give, per figure:
 *   deployment frequency  elite: on demand (several a day) · high: daily to weekly ·
 *                         medium: weekly to monthly · low: less than monthly
 *   lead time for changes elite: under a day · high: a day to a week · medium: a week to a month ·
 *                         low: a month or more
 *   change failure rate   elite: 5 % · high: 10 % · medium: 15 % · low: 64 %
 *   time to restore       elite: under an hour · high: under a day · medium: under a week ·
 *                         low: a week or more
 * The change-failure clusters are averages, not ranges: a rate up to a cluster's value gets its
 * band (elite ≤ 5 %, high ≤ 10 %, medium ≤ 15 %, low above).
 */
import type { ShipshapeConfig } from "../config/schema.js";
import { globMatcher } from "./globs.js";
import type { PullRequestPractice, RecordedOutcome } from "./types.js";
import { PULL_REQUEST_PRACTICES } from "./types.js";

export type Band = "elite" | "high" | "medium" | "low";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** The state that decides a deployment: its latest status other than `inactive` and the transient ones. */
export type DeploymentOutcome = "success" | "failure" | "error";

/** Whether a deployment status is final: the deployment's outcome is known from it. */
export function isFinalDeploymentState(state: string): state is DeploymentOutcome {
  return state === "success" || state === "failure" || state === "error";
}

/** Whether a repository has delivery outcomes: they are shown in its status issue. */
export function outcomesShown(config: ShipshapeConfig): boolean {
  return config.outcomes.enabled && config.status_issue.enabled;
}

/** Matches the production environments of `outcomes.production`; GitHub's environment names are not case sensitive. */
export function productionEnvironmentMatcher(outcomes: ShipshapeConfig["outcomes"]): (environment: string) => boolean {
  return globMatcher(outcomes.production, { nocase: true });
}

/**
 * What earlier sweeps learnt and need not ask again, kept in the status issue: a deployment's
 * final state once its failure window has passed (null: it never got one), and pull requests'
 * first-commit times (immutable once merged).
 */
export interface DeliveryMemory {
  /** Deployment id → final state. */
  s: Record<string, DeploymentOutcome | null>;
  /** Pull-request number → ISO time of its first commit (null: unreadable, e.g. no commits listed). */
  fc: Record<string, string | null>;
}

export const EMPTY_MEMORY: DeliveryMemory = { s: {}, fc: {} };

export interface ProductionDeployment {
  id: number;
  sha: string;
  environment: string;
  createdAt: number;
  /** null while it has no final status (queued, in progress, or none at all). */
  state: DeploymentOutcome | null;
  /** Whether its commit reached success on a staging environment before it; absent when not known. */
  staged?: boolean;
}

export interface MergedPull {
  number: number;
  title: string;
  mergedAt: number;
  /** The authored time of its first commit; null when it could not be read. */
  firstCommitAt: number | null;
  /** The practices' outcomes Shipshape recorded for it, when it checked it. */
  outcomes?: Partial<Record<PullRequestPractice, RecordedOutcome>>;
}

export interface OutcomeWindow {
  start: number;
  end: number;
  /** A rollback or revert within this long after a deployment makes it a change failure. */
  failureWindowMs: number;
}

export type FailureKind = "failed" | "rolled back" | "reverted";

export interface ChangeFailure {
  deployment: number;
  kind: FailureKind;
  /** Milliseconds until the next successful production deployment; null while not restored. */
  restoredAfterMs: number | null;
}

export interface Median {
  ms: number;
  /** How many values the median is of. */
  of: number;
  band: Band;
}

export interface WeekOutcome {
  /** Monday 00:00 UTC of the week. */
  start: number;
  deployments: number;
  /** Deployments with a final state that week, and how many of them were change failures. */
  judged: number;
  failed: number;
  leadTime: { ms: number; of: number } | null;
  /** Successful deployments that week whose commit was staged first, of those known. */
  staged: { staged: number; of: number };
}

export interface Share {
  failed: number;
  of: number;
}

export interface PracticeJoin {
  practice: PullRequestPractice;
  /** Deployments whose shipped pull requests all met the practice (where it applied). */
  meeting: Share;
  /** Deployments that shipped at least one pull request missing it (failed or waived). */
  missing: Share;
}

/** Successful production deployments whose commit reached success on staging first. */
export interface StagedShare {
  staged: number;
  of: number;
  percent: number;
}

/** Change failures of staged deployments against those shipped without staging. */
export interface StagingJoin {
  staged: Share;
  unstaged: Share;
}

export interface DeliveryOutcomes {
  window: OutcomeWindow;
  /** Null when no successful deployment's staging is known. */
  stagedFirst: StagedShare | null;
  stagingJoin: StagingJoin;
  frequency: { deployments: number; perWeek: number; band: Band };
  leadTime: Median | null;
  changeFailure: { failed: number; of: number; percent: number; band: Band; failures: ChangeFailure[] } | null;
  restore: Median | null;
  weeks: WeekOutcome[];
  join: PracticeJoin[];
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function frequencyBand(deployments: number, windowMs: number): Band {
  const perDay = deployments / (windowMs / DAY);
  if (perDay >= 1) return "elite";
  if (perDay >= 1 / 7) return "high";
  if (perDay >= 1 / 30) return "medium";
  return "low";
}

export function leadTimeBand(ms: number): Band {
  if (ms < DAY) return "elite";
  if (ms < WEEK) return "high";
  if (ms < 30 * DAY) return "medium";
  return "low";
}

export function changeFailureBand(percent: number): Band {
  if (percent <= 5) return "elite";
  if (percent <= 10) return "high";
  if (percent <= 15) return "medium";
  return "low";
}

export function restoreBand(ms: number): Band {
  if (ms < HOUR) return "elite";
  if (ms < DAY) return "high";
  if (ms < WEEK) return "medium";
  return "low";
}

const REVERT_TITLE = /^\s*revert\b/i;

/**
 * The four figures over the window, their weekly trend and their join with the practices. Null
 * when no production deployment was created in the window: there is nothing to measure, and
 * zeros would read as a verdict.
 */
export function computeOutcomes(
  deployments: readonly ProductionDeployment[],
  merged: readonly MergedPull[],
  window: OutcomeWindow,
): DeliveryOutcomes | null {
  const byTime = [...deployments].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  const inWindow = (time: number) => time >= window.start && time <= window.end;
  const windowed = byTime.filter((deployment) => inWindow(deployment.createdAt));
  if (windowed.length === 0) return null;

  const successes = windowed.filter((deployment) => deployment.state === "success");
  const windowMs = window.end - window.start;
  const frequency = {
    deployments: successes.length,
    perWeek: Math.round((successes.length / (windowMs / WEEK)) * 10) / 10,
    band: frequencyBand(successes.length, windowMs),
  };

  const mergedInWindow = merged.filter((pull) => inWindow(pull.mergedAt));
  const leadTimes = mergedInWindow.flatMap((pull) => {
    if (pull.firstCommitAt === null) return [];
    const shipped = byTime.find(
      (deployment) => deployment.state === "success" && deployment.createdAt >= pull.mergedAt,
    );
    return shipped ? [{ mergedAt: pull.mergedAt, ms: shipped.createdAt - pull.firstCommitAt }] : [];
  });
  const leadMedian = median(leadTimes.map((lead) => lead.ms));

  const judged = windowed.filter((deployment) => deployment.state !== null);
  const environments = sequencesByEnvironment(byTime);
  const failures = changeFailures(byTime, environments, judged, merged, window.failureWindowMs);
  const restored = failures.flatMap((failure) => (failure.restoredAfterMs === null ? [] : [failure.restoredAfterMs]));
  const restoreMedian = median(restored);
  const percent = judged.length === 0 ? 0 : Math.round((failures.length / judged.length) * 100);

  const known = successes.filter((deployment) => deployment.staged !== undefined);
  const stagedCount = known.filter((deployment) => deployment.staged).length;
  const failed = new Set(failures.map((failure) => failure.deployment));
  const stagingJoin: StagingJoin = { staged: { failed: 0, of: 0 }, unstaged: { failed: 0, of: 0 } };
  for (const deployment of judged) {
    if (deployment.staged === undefined) continue;
    const group = deployment.staged ? stagingJoin.staged : stagingJoin.unstaged;
    group.of++;
    if (failed.has(deployment.id)) group.failed++;
  }

  return {
    window,
    stagedFirst:
      known.length === 0
        ? null
        : { staged: stagedCount, of: known.length, percent: Math.round((stagedCount / known.length) * 100) },
    stagingJoin,
    frequency,
    leadTime: leadMedian === null ? null : { ms: leadMedian, of: leadTimes.length, band: leadTimeBand(leadMedian) },
    changeFailure:
      judged.length === 0
        ? null
        : { failed: failures.length, of: judged.length, percent, band: changeFailureBand(percent), failures },
    restore:
      restoreMedian === null ? null : { ms: restoreMedian, of: restored.length, band: restoreBand(restoreMedian) },
    weeks: weeklyTrend(window, windowed, failures, leadTimes),
    join: joinWithPractices(environments, judged, failures, mergedInWindow),
  };
}

/** Each environment's deployments in time order, grouped once: rollbacks and shipping look along them. */
function sequencesByEnvironment(byTime: readonly ProductionDeployment[]): Map<string, ProductionDeployment[]> {
  const sequences = new Map<string, ProductionDeployment[]>();
  for (const deployment of byTime) {
    const sequence = sequences.get(deployment.environment) ?? [];
    sequence.push(deployment);
    sequences.set(deployment.environment, sequence);
  }
  return sequences;
}

/**
 * Which judged deployments were change failures: a final status `failure` or `error`; rolled back
 * (the next deployment to the same environment, within the failure window, deployed a commit that
 * environment had run before); or reverted (a pull request titled "Revert …" was merged within the
 * failure window after it, and it was the last successful production deployment before that
 * merge). Each with the time until the next successful deployment to its environment after the
 * failure showed (after the revert's merge for a revert).
 */
function changeFailures(
  byTime: readonly ProductionDeployment[],
  environments: ReadonlyMap<string, readonly ProductionDeployment[]>,
  judged: readonly ProductionDeployment[],
  merged: readonly MergedPull[],
  failureWindowMs: number,
): ChangeFailure[] {
  const reverts = merged.filter((pull) => REVERT_TITLE.test(pull.title));
  const nextSuccess = (deployment: ProductionDeployment, after: number) =>
    environments
      .get(deployment.environment)
      ?.find((other) => other.state === "success" && other.createdAt > after && other.id !== deployment.id);
  const failures: ChangeFailure[] = [];
  for (const deployment of judged) {
    const sameEnvironment = environments.get(deployment.environment) ?? [];
    const kind = failureKind(deployment, byTime, sameEnvironment, reverts, failureWindowMs);
    if (!kind) continue;
    const from = kind.kind === "reverted" ? kind.revertedAt : deployment.createdAt;
    const restoredBy = nextSuccess(deployment, from);
    failures.push({
      deployment: deployment.id,
      kind: kind.kind,
      restoredAfterMs: restoredBy ? restoredBy.createdAt - deployment.createdAt : null,
    });
  }
  return failures;
}

function failureKind(
  deployment: ProductionDeployment,
  byTime: readonly ProductionDeployment[],
  sameEnvironment: readonly ProductionDeployment[],
  reverts: readonly MergedPull[],
  failureWindowMs: number,
): { kind: "failed" | "rolled back" } | { kind: "reverted"; revertedAt: number } | null {
  if (deployment.state === "failure" || deployment.state === "error") return { kind: "failed" };
  const index = sameEnvironment.indexOf(deployment);
  const next = sameEnvironment[index + 1];
  if (
    next &&
    next.createdAt - deployment.createdAt <= failureWindowMs &&
    next.sha !== deployment.sha &&
    sameEnvironment.slice(0, index).some((earlier) => earlier.sha === next.sha)
  )
    return { kind: "rolled back" };
  for (const revert of reverts) {
    if (revert.mergedAt <= deployment.createdAt || revert.mergedAt - deployment.createdAt > failureWindowMs) continue;
    const lastBefore = byTime.filter((other) => other.state === "success" && other.createdAt < revert.mergedAt).at(-1);
    if (lastBefore?.id === deployment.id) return { kind: "reverted", revertedAt: revert.mergedAt };
  }
  return null;
}

/** Monday 00:00 UTC of the week a time falls in. */
export function weekStartOf(time: number): number {
  const date = new Date(time);
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY;
}

function weeklyTrend(
  window: OutcomeWindow,
  windowed: readonly ProductionDeployment[],
  failures: readonly ChangeFailure[],
  leadTimes: readonly { mergedAt: number; ms: number }[],
): WeekOutcome[] {
  const failed = new Set(failures.map((failure) => failure.deployment));
  const weeks: WeekOutcome[] = [];
  for (let start = weekStartOf(window.start); start <= window.end; start += WEEK) {
    const inWeek = (time: number) => time >= start && time < start + WEEK;
    const deployed = windowed.filter((deployment) => inWeek(deployment.createdAt));
    const judged = deployed.filter((deployment) => deployment.state !== null);
    const leads = leadTimes.filter((lead) => inWeek(lead.mergedAt)).map((lead) => lead.ms);
    const lead = median(leads);
    const succeeded = deployed.filter(
      (deployment) => deployment.state === "success" && deployment.staged !== undefined,
    );
    weeks.push({
      start,
      deployments: deployed.filter((deployment) => deployment.state === "success").length,
      judged: judged.length,
      failed: judged.filter((deployment) => failed.has(deployment.id)).length,
      leadTime: lead === null ? null : { ms: lead, of: leads.length },
      staged: { staged: succeeded.filter((deployment) => deployment.staged).length, of: succeeded.length },
    });
  }
  return weeks;
}

/**
 * The pull requests a deployment shipped are those merged after the previous deployment to its
 * environment was created and up to its own creation. A deployment counts as meeting a practice
 * when every shipped pull request it applied to met it, as missing it when one failed it or had it
 * waived; deployments that shipped no pull request Shipshape judged on it are in neither.
 */
function joinWithPractices(
  environments: ReadonlyMap<string, readonly ProductionDeployment[]>,
  judged: readonly ProductionDeployment[],
  failures: readonly ChangeFailure[],
  mergedInWindow: readonly MergedPull[],
): PracticeJoin[] {
  const failed = new Set(failures.map((failure) => failure.deployment));
  const shippedBy = new Map<number, MergedPull[]>();
  for (const deployment of judged) {
    const sameEnvironment = environments.get(deployment.environment) ?? [];
    const previous = sameEnvironment[sameEnvironment.indexOf(deployment) - 1];
    shippedBy.set(
      deployment.id,
      mergedInWindow.filter(
        (pull) => pull.mergedAt <= deployment.createdAt && (!previous || pull.mergedAt > previous.createdAt),
      ),
    );
  }
  return PULL_REQUEST_PRACTICES.map((practice) => {
    const meeting: Share = { failed: 0, of: 0 };
    const missing: Share = { failed: 0, of: 0 };
    for (const deployment of judged) {
      const outcomes = (shippedBy.get(deployment.id) ?? []).map((pull) => pull.outcomes?.[practice]);
      const group = outcomes.some((outcome) => outcome === "fail" || outcome === "waived")
        ? missing
        : outcomes.some((outcome) => outcome === "pass")
          ? meeting
          : null;
      if (!group) continue;
      group.of++;
      if (failed.has(deployment.id)) group.failed++;
    }
    return { practice, meeting, missing };
  });
}

/** The four figures alone, as the organisation's rollup shows them (JSON-safe: they cross queues). */
export interface OutcomeFigures {
  deployments: number;
  perWeek: number;
  frequencyBand: Band;
  leadTime: { ms: number; band: Band } | null;
  changeFailure: { percent: number; band: Band } | null;
  restore: { ms: number; band: Band } | null;
  /** Staged before production, as a share of successful production deployments. */
  stagedFirst?: { percent: number; of: number } | null;
}

export function outcomeFigures(outcomes: DeliveryOutcomes): OutcomeFigures {
  return {
    deployments: outcomes.frequency.deployments,
    perWeek: outcomes.frequency.perWeek,
    frequencyBand: outcomes.frequency.band,
    leadTime: outcomes.leadTime ? { ms: outcomes.leadTime.ms, band: outcomes.leadTime.band } : null,
    changeFailure: outcomes.changeFailure
      ? { percent: outcomes.changeFailure.percent, band: outcomes.changeFailure.band }
      : null,
    restore: outcomes.restore ? { ms: outcomes.restore.ms, band: outcomes.restore.band } : null,
    stagedFirst: outcomes.stagedFirst ? { percent: outcomes.stagedFirst.percent, of: outcomes.stagedFirst.of } : null,
  };
}
