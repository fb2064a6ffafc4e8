import type { Logger } from "probot";
import { durationMs } from "../config/duration.js";
import type { ShipshapeConfig } from "../config/schema.js";
import type { Locks } from "../coordination/keyed-lock.js";
import { type AppIdentity, isAppAuthor } from "../github/app-identity.js";
import type { BatchedLists, ListPlan } from "../github/batched-lists.js";
import type { ConditionalReader } from "../github/conditional-reader.js";
import { type LoadedConfig, loadConfig } from "../github/config-loader.js";
import { type DeliveryHistory, readDeliveryHistory } from "../github/delivery-history.js";
import type { FactCache } from "../github/fact-cache.js";
import { closedBy, findMarked, IssueWriter, listOwnIssues, type ManagedIssue } from "../github/issues.js";
import { type CachedGet, describeFailure, type Octokit, type RepoRef } from "../github/octokit.js";
import {
  type PullListing,
  type RepositoryReads,
  readAlerts,
  readOpenPullRequests,
  readRecentlyClosedPullRequests,
  readReviewEvidence,
  readShipshapeRun,
  toUpdatePullRequests,
} from "../github/repository-facts.js";
import type { Sleep } from "../github/retry-write.js";
import { type DependencyPatchesVerdict, evaluateDependencyPatches } from "../practices/dependency-patches.js";
import { gateStagingEnvironments } from "../practices/gate.js";
import { globMatcher } from "../practices/globs.js";
import {
  computeOutcomes,
  type DeliveryMemory,
  EMPTY_MEMORY,
  type OutcomeFigures,
  outcomeFigures,
  outcomesShown,
  productionEnvironmentMatcher,
} from "../practices/outcomes.js";
import { evaluateSprintReview, type SprintReviewVerdict, snoozedUntil } from "../practices/sprint-review.js";
import { type Fact, known, PULL_REQUEST_PRACTICES } from "../practices/types.js";
import { decodeOutcomes, decodeWaivers } from "../report/check-run.js";
import { extractData, type LapsePractice, MARKERS } from "../report/data-block.js";
import {
  type IssueContent,
  type LapseData,
  renderDependencyPatchesLapse,
  renderSprintReviewLapse,
} from "../report/lapse-issues.js";
import type { OutcomesReport } from "../report/outcomes-section.js";
import {
  HISTORY_KEPT,
  type MergedRecord,
  type OpenPullSummary,
  renderStatusIssue,
  type StatusData,
} from "../report/status-issue.js";
import type { Freshness } from "./freshness.js";

const RECORD_MERGED_BEFORE_WATCHING_MS = 7 * 86_400_000;

export interface SweepServices {
  reader: ConditionalReader;
  cache: FactCache;
  locks: Locks;
  sleep: Sleep;
  identity: () => Promise<AppIdentity>;
  now: () => Date;
  /** Which repositories' last full read still stands; without it every sweep reads in full. */
  freshness?: Freshness;
  /** Batched GraphQL reads of the lists a reconcile needs; without it each is a REST read. */
  lists?: BatchedLists;
}

export interface SweepResult {
  repo: string;
  configured: boolean;
  /** Writes made to GitHub (issues created, edited or closed). */
  writes: number;
  /** Failing repository-level practices, and the open lapse issues. */
  failing: string[];
  lapseIssues: { practice: LapsePractice; number: number; url: string }[];
  statusIssue?: { number: number; url: string };
  configError?: boolean;
  /** The delivery outcomes' four figures, for the organisation's rollup. */
  outcomes?: OutcomeFigures;
}

/**
 * Sweeps one repository: evaluates the review cadence and dependency patches, keeps the lapse
 * issues and the status issue up to date, and records merged pull requests' verdicts. One sweep
 * per repository at a time; reads are conditional, writes happen only when something changed.
 */
export async function sweepRepository(
  octokit: Octokit,
  repo: RepoRef,
  services: SweepServices,
  log: Logger,
  options: SweepOptions = {},
): Promise<SweepResult> {
  return services.locks.run(`sweep:${repo.owner}/${repo.repo}`, () =>
    sweepLocked(octokit, repo, services, log, options),
  );
}

export interface SweepOptions {
  /** Read everything from GitHub even if the last full read still stands: a webhook asked for this sweep. */
  fullRead?: boolean;
  /**
   * How the organisation's defaults (its `.github` repository's config files) are read: shared by
   * the repositories of one installation's sweep (see sweepRepositories); else like the rest.
   */
  defaults?: CachedGet;
}

async function sweepLocked(
  octokit: Octokit,
  repo: RepoRef,
  services: SweepServices,
  log: Logger,
  options: SweepOptions,
): Promise<SweepResult> {
  const name = `${repo.owner}/${repo.repo}`;
  const now = services.now();
  // A repository no webhook has mentioned since its last full read is judged from that read.
  const state = options.fullRead ? undefined : await services.freshness?.assess(name, now);
  const standing = state?.standingSince;
  const reader = standing ? services.reader.trusting(standing) : services.reader;
  // The reconcile reads every repository nothing changed in once a day: their lists are batched
  // (see BatchedLists). A repository read for the first time or because something changed is
  // read through REST: no pacing, and ETags where the token is still the same.
  const result = await sweepWith({ octokit, reader, repo }, services, now, log, {
    batched: state?.reconcile === true,
    ...(standing ? { standing } : {}),
    ...(options.defaults ? { defaults: options.defaults } : {}),
  });
  if (result.writes > 0) await services.freshness?.changed(name, services.now());
  else if (!standing) await services.freshness?.read(name, now);
  return result;
}

async function sweepWith(
  restReads: RepositoryReads,
  services: SweepServices,
  now: Date,
  log: Logger,
  { batched, standing, defaults }: { batched: boolean; standing?: Date; defaults?: CachedGet },
): Promise<SweepResult> {
  let reads = restReads;
  const { octokit, repo } = reads;
  const name = `${repo.owner}/${repo.repo}`;
  const absent = { repo: name, configured: false, writes: 0, failing: [], lapseIssues: [] };
  // "No config" is an answer like any other: while the full read that found it stands, it is
  // taken as it was found, on any replica.
  const absentAt = standing ? await services.cache.configAbsentAt(repo) : undefined;
  if (standing && absentAt !== undefined && absentAt >= standing.getTime()) return absent;
  const loaded = await loadConfig(octokit, repo, { reader: reads.reader, ...(defaults ? { defaults } : {}) });
  if (loaded.kind === "absent") {
    services.cache.rememberConfigAbsent(repo, now);
    return absent;
  }

  const identity = await services.identity();
  const writer = new IssueWriter(octokit, repo, identity, { sleep: services.sleep, log });
  // Throws while the app's identity is unknown: the sweep then fails, saying why, and writes nothing.
  const ownIssues = await listOwnIssues(reads, identity);
  const status = findMarked(ownIssues, MARKERS.status);
  const statusIssue = status.open ?? status.lastClosed;
  const history = extractData<StatusData>(statusIssue?.body)?.merged ?? [];

  if (loaded.kind === "invalid") {
    const body = renderStatusIssue({
      repo: name,
      configProblems: loaded.problems,
      openPulls: null,
      history,
      lapseIssues: [],
    });
    const published = await publishStatus(writer, statusIssue, { title: "Shipshape: configuration error", body }, [
      "shipshape",
    ]);
    return {
      repo: name,
      configured: true,
      configError: true,
      writes: writer.writes,
      failing: ["configuration"],
      lapseIssues: [],
      ...published,
    };
  }

  const { config } = loaded;
  const sprintOn = config.cadence.sprint_review.enforcement === "on";
  const patchesOn = config.maintenance.dependency_patches.enforcement === "on";
  const statusOn = config.status_issue.enabled;
  const outcomesOn = outcomesShown(config);
  const outcomesSince = now.getTime() - durationMs(config.outcomes.window);
  if (batched && services.lists) {
    const plan = listPlan(config, { sprintOn, patchesOn, statusOn, outcomesOn });
    await services.lists.prefetch(octokit, services.reader, repo, plan);
    // What the batch kept was confirmed during this sweep: taken as it is, the rest read as before.
    reads = { ...reads, reader: services.reader.trusting(now) };
  }
  const readLimits: string[] = [];
  const [evidence, openPulls, closedPulls, alerts] = await Promise.all([
    sprintOn ? readReviewEvidence(reads, config.cadence.sprint_review, readLimits) : Promise.resolve(known([])),
    patchesOn || statusOn ? readOpenPullRequests(reads, readLimits) : Promise.resolve(known<PullListing[]>([])),
    statusOn
      ? readRecentlyClosedPullRequests(reads, outcomesOn ? outcomesSince : undefined, readLimits)
      : Promise.resolve(known<PullListing[]>([])),
    patchesOn ? readAlerts(reads, readLimits) : Promise.resolve(known([])),
  ]);

  // Watching starts when the status issue is opened: on this sweep, if it does not exist yet.
  const watchingSince = statusIssue?.createdAt ?? (statusOn ? now : null);
  const sprint = evaluateSprintReview(config.cadence.sprint_review, { evidence, watchingSince }, now);
  const patches = evaluateDependencyPatches(
    config.maintenance.dependency_patches,
    { openPullRequests: toUpdatePullRequests(openPulls), alerts },
    now,
  );

  const lapses: LapseKeeping = { reads, writer, identity, ownIssues, labels: config.status_issue.labels, kept: [] };
  if (sprintOn) {
    await keepLapseIssue(lapses, "sprint_review", sprint, config.cadence.sprint_review.assignees, {
      render: () => renderSprintReviewLapse(name, sprint, config.cadence.sprint_review),
      snoozedBy: (closed) => sprintSnoozed(config, sprint, closed, now),
    });
  }
  if (patchesOn) {
    await keepLapseIssue(lapses, "dependency_patches", patches, config.maintenance.dependency_patches.assignees, {
      render: () => renderDependencyPatchesLapse(name, patches, config.maintenance.dependency_patches),
      snoozedBy: (closed) => patchesSnoozed(patches, closed),
    });
  }
  const lapseIssues = lapses.kept;

  let published: Pick<SweepResult, "statusIssue"> = {};
  let figures: OutcomeFigures | undefined;
  if (statusOn) {
    // Merged PRs are recorded from a week before Shipshape started watching: older ones have no verdicts.
    const recordFrom = new Date((statusIssue?.createdAt ?? now).getTime() - RECORD_MERGED_BEFORE_WATCHING_MS);
    // The outcomes join pull requests merged earlier in their window: those are recorded once too.
    const merged = await recordMerged(
      reads,
      identity.appId,
      history,
      closedPulls,
      recordFrom,
      outcomesOn ? new Date(Math.min(outcomesSince, recordFrom.getTime())) : recordFrom,
    );
    const delivery = outcomesOn
      ? await deliveryOutcomes(reads, config, {
          now,
          since: outcomesSince,
          closedPulls,
          records: merged,
          memory: extractData<StatusData>(statusIssue?.body)?.outcomes ?? EMPTY_MEMORY,
          limits: readLimits,
        })
      : undefined;
    figures = delivery?.report.outcomes ? outcomeFigures(delivery.report.outcomes) : undefined;
    const body = renderStatusIssue({
      repo: name,
      ...(sprintOn ? { sprint } : {}),
      ...(patchesOn ? { patches } : {}),
      openPulls: await openPullSummaries(reads, identity.appId, services.cache, openPulls),
      history: merged,
      lapseIssues,
      readLimits,
      now,
      ...(delivery ? { outcomes: delivery.report, outcomesMemory: delivery.memory } : {}),
      practicesOff: PULL_REQUEST_PRACTICES.filter((practice) => config.pull_requests[practice].enforcement === "off"),
    });
    published = await publishStatus(
      writer,
      statusIssue,
      { title: config.status_issue.title, body },
      config.status_issue.labels,
    );
  }

  const failing = [
    sprint.outcome === "fail" ? "sprint_review" : "",
    patches.outcome === "fail" ? "dependency_patches" : "",
  ].filter(Boolean);
  log.info({ repo: name, writes: writer.writes, failing }, "swept repository");
  return {
    repo: name,
    configured: true,
    writes: writer.writes,
    failing,
    lapseIssues,
    ...published,
    ...(figures ? { outcomes: figures } : {}),
  };
}

/** The lists this sweep reads, as its configuration turns practices and sections on. */
function listPlan(
  config: ShipshapeConfig,
  on: { sprintOn: boolean; patchesOn: boolean; statusOn: boolean; outcomesOn: boolean },
): ListPlan {
  const evidence = config.cadence.sprint_review.evidence;
  return {
    closedMilestones: on.sprintOn && evidence.milestones,
    reviewLabels: on.sprintOn ? evidence.labels : [],
    openPulls: on.patchesOn || on.statusOn,
    closedPulls: on.statusOn,
    openAlerts: on.patchesOn,
    deployments: on.statusOn && on.outcomesOn,
  };
}

/**
 * The delivery outcomes of the window, from deployments, merged pull requests and the verdicts
 * recorded for them. A read that fails is said in the section, never shown as figures.
 */
async function deliveryOutcomes(
  reads: RepositoryReads,
  config: ShipshapeConfig,
  input: {
    now: Date;
    /** The window's start: `now` less `outcomes.window`. */
    since: number;
    closedPulls: Fact<PullListing[]>;
    records: readonly MergedRecord[];
    memory: DeliveryMemory;
    limits: string[];
  },
): Promise<{ report: OutcomesReport; memory: DeliveryMemory }> {
  const settings = config.outcomes;
  const base = { production: settings.production, window: settings.window, otherEnvironments: [] };
  // What earlier sweeps learnt is kept when this one cannot read.
  const unreadable = (reason: string) => ({
    report: { ...base, outcomes: null, unreadable: reason },
    memory: input.memory,
  });
  if (!input.closedPulls.ok) return unreadable(input.closedPulls.reason);
  const window = {
    start: input.since,
    end: input.now.getTime(),
    failureWindowMs: durationMs(settings.failure_window),
  };
  let history: DeliveryHistory;
  try {
    history = await readDeliveryHistory(reads, {
      isProduction: productionEnvironmentMatcher(settings),
      isStaging: globMatcher(gateStagingEnvironments(config.gate, config.pull_requests.staging.environments), {
        nocase: true,
      }),
      since: window.start,
      now: window.end,
      failureWindowMs: window.failureWindowMs,
      closedPulls: input.closedPulls.value,
      memory: input.memory,
      limits: input.limits,
    });
  } catch (error) {
    return unreadable(`reading deployments failed (${describeFailure(error)})`);
  }
  const verdicts = new Map(input.records.map((record) => [record.n, record.r]));
  const merged = history.merged.map((pull) => {
    const outcomes = verdicts.get(pull.number);
    return outcomes ? { ...pull, outcomes } : pull;
  });
  return {
    report: {
      ...base,
      otherEnvironments: history.otherEnvironments,
      outcomes: computeOutcomes(history.deployments, merged, window),
    },
    memory: history.memory,
  };
}

interface LapseKeeping {
  reads: RepositoryReads;
  writer: IssueWriter;
  identity: AppIdentity;
  ownIssues: ManagedIssue[];
  labels: string[];
  /** The lapse issues open after this sweep. */
  kept: SweepResult["lapseIssues"];
}

/**
 * At most one open lapse issue per practice: edited while the practice fails, closed when it
 * passes, left alone when it could not be checked, and not reopened or opened again while a
 * person's closing snoozes it.
 */
async function keepLapseIssue(
  keeping: LapseKeeping,
  practice: LapsePractice,
  verdict: { outcome: "pass" | "fail" | "skip"; unreadable?: string },
  assignees: string[],
  issue: { render: () => IssueContent; snoozedBy: (closed: ManagedIssue) => boolean },
): Promise<void> {
  const { writer } = keeping;
  const marked = findMarked(keeping.ownIssues, MARKERS.lapse(practice));
  if (marked.open) {
    if (verdict.outcome !== "fail") {
      await writer.close(marked.open);
      return;
    }
    if (!verdict.unreadable) await writer.update(marked.open, issue.render());
    keeping.kept.push({ practice, number: marked.open.number, url: marked.open.url });
    return;
  }
  if (verdict.outcome !== "fail" || verdict.unreadable) return;
  const closed = marked.lastClosed;
  // The snooze is judged first: it needs no request, who closed the issue does.
  if (closed && issue.snoozedBy(closed) && (await closedByPerson(keeping.reads, closed, keeping.identity))) return;
  keeping.kept.push({ practice, ...(await writer.create(issue.render(), keeping.labels, assignees)) });
}

async function publishStatus(
  writer: IssueWriter,
  existing: ManagedIssue | undefined,
  content: IssueContent,
  labels: string[],
): Promise<Pick<SweepResult, "statusIssue">> {
  if (existing) {
    // A status issue closed by hand stays closed: it is still kept current, but never reopened.
    await writer.update(existing, content);
    return { statusIssue: { number: existing.number, url: existing.url } };
  }
  return { statusIssue: await writer.create(content, labels, []) };
}

async function closedByPerson(reads: RepositoryReads, issue: ManagedIssue, identity: AppIdentity): Promise<boolean> {
  const closer = await closedBy(reads, issue.number);
  return closer !== null && !isAppAuthor(closer, identity);
}

/** A person closed the sprint-review lapse issue: quiet until the next due date after that. */
function sprintSnoozed(
  config: ShipshapeConfig,
  verdict: SprintReviewVerdict,
  closed: ManagedIssue,
  now: Date,
): boolean {
  const until = snoozedUntil(config.cadence.sprint_review, verdict, closed.closedAt ?? now);
  return until !== null && now.getTime() <= until.getTime();
}

/** A person closed the patches lapse issue: quiet until something goes stale that it did not list. */
function patchesSnoozed(verdict: DependencyPatchesVerdict, closed: ManagedIssue): boolean {
  const listed = new Set(extractData<LapseData>(closed.body)?.items ?? []);
  return verdict.stale.every((item) => listed.has(item.key));
}

/**
 * Adds merged pull requests to the history, with the outcomes their Shipshape check run recorded
 * at merge time. Since `watchingSince` a merged PR without a Shipshape check run has nothing to
 * record (yet: a later sweep looks again); between `recordFrom` and then (the outcomes' window
 * before Shipshape watched) one is recorded without verdicts, so that it is read only once.
 */
async function recordMerged(
  reads: RepositoryReads,
  appId: number | null,
  history: readonly MergedRecord[],
  closedPulls: Fact<PullListing[]>,
  watchingSince: Date,
  recordFrom: Date,
): Promise<MergedRecord[]> {
  if (!closedPulls.ok) return [...history];
  const known = new Set(history.map((record) => record.n));
  const merged = closedPulls.value.filter(
    (pull) => pull.merged_at && !known.has(pull.number) && new Date(pull.merged_at) >= recordFrom,
  );
  const added: MergedRecord[] = [];
  for (const pull of merged) {
    const at = pull.merged_at as string;
    try {
      // Only the app's own run records anything (a same-named run by another app forges nothing).
      const run = await readShipshapeRun(reads, pull.head.sha, appId);
      const outcomes = decodeOutcomes(run?.external_id);
      const waivers = decodeWaivers(run?.output?.text);
      if (outcomes) added.push({ n: pull.number, at, r: outcomes, ...(waivers.length > 0 ? { w: waivers } : {}) });
      else if (new Date(at) < watchingSince) added.push({ n: pull.number, at, r: {} });
    } catch {
      // Recorded on a later sweep.
    }
  }
  return [...history, ...added].sort((a, b) => a.at.localeCompare(b.at)).slice(-HISTORY_KEPT);
}

async function openPullSummaries(
  reads: RepositoryReads,
  appId: number | null,
  cache: FactCache,
  openPulls: Fact<PullListing[]>,
): Promise<OpenPullSummary[] | null> {
  if (!openPulls.ok) return null;
  const shown = openPulls.value.slice(0, 20);
  return Promise.all(
    shown.map(async (pull) => {
      const summary = { number: pull.number, title: pull.title, url: pull.html_url };
      const published = await cache.publishedAt(reads.repo, pull.head.sha);
      if (published) return { ...summary, ...published };
      try {
        const run = await readShipshapeRun(reads, pull.head.sha, appId);
        return { ...summary, conclusion: run?.conclusion ?? null, waivers: decodeWaivers(run?.output?.text) };
      } catch (error) {
        return { ...summary, conclusion: `unknown (${describeFailure(error)})`, waivers: [] };
      }
    }),
  );
}

export type { LoadedConfig };
