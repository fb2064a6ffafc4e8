import { createHash } from "node:crypto";
import type { Context } from "probot";
import { configText } from "../config/config-text.js";
import type { ShipshapeConfig } from "../config/schema.js";
import type { Locks } from "../coordination/keyed-lock.js";
import { publishCheckRun } from "../github/check-run.js";
import { type LoadedConfig, loadConfig } from "../github/config-loader.js";
import type { FactCache, KeptJudgement } from "../github/fact-cache.js";
import { type CachedGet, httpStatus, type RepoRef } from "../github/octokit.js";
import type { PublishedCommits } from "../github/published-commits.js";
import {
  type ExistingCheckRun,
  type FactNeeds,
  factNeeds,
  type GatherContext,
  gatherPullRequestFacts,
  type KnownDeploymentStatus,
  OWN_CHECK_RUN_ONLY,
  type PullRequestSubject,
} from "../github/pull-request-facts.js";
import type { Sleep } from "../github/retry-write.js";
import { readWaiverComments, waiversInForce } from "../github/waiver-comments.js";
import {
  compareManifestsIsolated,
  deadlineResults,
  EvaluationDeadlineError,
  evaluateIsolated,
  parseCommentsIsolated,
} from "../isolation/evaluation-pool.js";
import type { Lane } from "../isolation/fair-queue.js";
import type { ManifestTexts } from "../manifests/parse.js";
import { conclusionOf, type EvaluatedPractice } from "../practices/evaluate.js";
import type { PullRequestFacts } from "../practices/facts.js";
import { type Fact, known } from "../practices/types.js";
import { applyWaivers, NO_WAIVERS, type WaiverComment, type WaiverState } from "../practices/waivers.js";
import {
  type CheckRunOutput,
  judgedAtOf,
  renderConfigProblems,
  renderSkipped,
  renderVerdicts,
  type SkipReason,
  withJudgedAt,
} from "../report/check-run.js";

export interface CheckServices {
  sleep: Sleep;
  locks: Locks;
  cache: FactCache;
  reader: CachedGet;
  /** The app's id once known (see ownAppId). */
  appId: { value?: number };
  /** Evaluates the practices: in the worker pool (the default), or in-process (the benchmark's baseline). */
  evaluate?: typeof evaluateIsolated;
  /** Parses comments' waiver commands: in the worker pool (the default), or in-process. */
  parseComments?: typeof parseCommentsIsolated;
  /** Parses and compares dependency manifests: in the worker pool (the default), or in-process (the benchmark's baseline). */
  compareManifests?: typeof compareManifestsIsolated;
  /**
   * This process receives every webhook (no other replica): the pull request it judged last is
   * current until a webhook says otherwise, so a waiver need not read it again.
   */
  soleReplica?: boolean;
  /** The commits this process wrote its run on (only as the sole replica): see PublishedCommits. */
  publishedCommits?: PublishedCommits;
}

export interface CheckSubject extends PullRequestSubject {
  author: string;
  labels: string[];
  /** The pull request's `updated_at` in the payload or answer it came from. */
  updatedAt?: string;
  /** The pull request's `comments` (issue comments), when the payload has it: 0 skips reading waivers. */
  commentCount?: number;
}

/** The fields of a pull request (webhook payload or REST answer) that a check needs. */
export interface PullRequestLike {
  number: number;
  title: string;
  body?: string | null;
  state?: string;
  head: { ref: string; sha: string };
  base: { sha: string };
  changed_files?: number;
  user?: { login: string } | null;
  labels?: { name?: string }[];
  updated_at?: string;
  created_at?: string;
  comments?: number;
}

export function subjectOf(repo: RepoRef, pr: PullRequestLike): CheckSubject {
  return {
    ...repo,
    number: pr.number,
    title: pr.title,
    body: pr.body ?? "",
    headRef: pr.head.ref,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    ...(typeof pr.changed_files === "number" ? { changedFiles: pr.changed_files } : {}),
    author: pr.user?.login ?? "",
    labels: (pr.labels ?? []).flatMap((label) => (label.name ? [label.name] : [])),
    ...(pr.updated_at ? { updatedAt: pr.updated_at } : {}),
    ...(typeof pr.comments === "number" ? { commentCount: pr.comments } : {}),
  };
}

export interface CheckOptions {
  /** The config, when the caller already loaded it to decide whether the event matters. */
  config?: LoadedConfig;
  knownStatus?: KnownDeploymentStatus;
  /** The subject was just read from GitHub, so it cannot be older than what was judged. */
  fresh?: boolean;
  /** Only waiver comments changed: a judgement kept for this content is reused, not read again. */
  waiversOnly?: boolean;
  /** The delivery opened the pull request, at this time (its `created_at`, GitHub's clock). */
  openedAt?: string;
}

/**
 * Evaluates one pull request and publishes the Shipshape check run on its head commit. Silent in
 * repositories without a config; an invalid config fails the check with its problems.
 */
export async function checkPullRequest(
  context: Context,
  subject: CheckSubject,
  services: CheckServices,
  options: CheckOptions = {},
): Promise<void> {
  const { owner, repo, headSha } = subject;
  const log = context.log.child({ repo: `${owner}/${repo}`, pr: subject.number, sha: headSha.slice(0, 7) });
  const loaded = options.config ?? (await loadConfig(context.octokit, { owner, repo }, services.reader));
  if (loaded.kind === "absent") {
    log.debug("no Shipshape config: repository not enforced");
    return;
  }

  const knownNewer =
    !options.fresh && isOlderThan(subject.updatedAt, await services.cache.judgedAt(subject, subject.number));
  const stale =
    knownNewer ||
    (await services.locks.run(`${owner}/${repo}@${headSha}`, async () => {
      const lane = { installation: installationOf(context), repository: `${owner}/${repo}`, pull: `${subject.number}` };
      const plan = planCheck(loaded, subject, lane, services.evaluate ?? evaluateIsolated);
      const parse = services.parseComments ?? parseCommentsIsolated;
      const comments = plan.waivers
        ? readWaiverComments(context.octokit, services.reader, subject, (bodies) => parse(bodies, lane))
        : Promise.resolve(known<WaiverComment[]>([]));
      const contentKey = judgementKey(subject, loaded);
      // Only the comments changed: the judgement of this very content, as the replica that judged
      // it last kept it, stands (its verdicts are rendered again with the waivers now in force).
      const kept = options.waiversOnly && plan.waivers ? await services.cache.judgement(contentKey) : undefined;
      const judged = kept
        ? { judgement: { results: kept.results }, run: null, facts: kept.facts }
        : await judgeAfresh(context, subject, services, options, plan, lane);
      if (judged === "stale") return true;
      const { judgement } = judged;
      // A waiver is bound to the head it was given for: to the time the app's run on it started.
      const headSince = (kept ? kept.run.startedAt : judged.run?.startedAt) ?? undefined;
      const waivers =
        plan.waivers && loaded.kind === "valid"
          ? await waiverStateOf(context, services, subject, loaded.config, await comments, headSince)
          : NO_WAIVERS;
      const output = {
        ...plan.render(judgement, waivers),
        ...(subject.updatedAt ? { judgedAt: subject.updatedAt } : {}),
      };
      const existing = kept ? keptRun(kept.run, output) : judged.run;
      const target = { ...subject, appId: services.appId.value };
      // Before the write: a create that fails half-way still makes later evaluations look.
      services.publishedCommits?.record(subject, headSha);
      const publishedAt = new Date().toISOString();
      const { result, runId } = await publishCheckRun(context.octokit, target, existing, output, {
        sleep: services.sleep,
        log,
      });
      if (runId !== undefined && "results" in judgement) {
        const startedAt = existing?.startedAt ?? publishedAt;
        const run = { id: runId, digest: runDigest(publishedRun(runId, output)), startedAt };
        await services.cache.rememberJudgement(contentKey, { facts: judged.facts, results: judgement.results, run });
      }
      services.cache.rememberPullRequest(subject, subject.number, subject);
      services.cache.rememberConclusion(subject, headSha, output.conclusion, output.waivers);
      if (subject.updatedAt) await services.cache.rememberJudgedAt(subject, subject.number, subject.updatedAt);
      log.info({ conclusion: output.conclusion, result }, "Shipshape check run %s", result);
      return false;
    }));
  if (stale) {
    log.info({ updatedAt: subject.updatedAt }, "payload older than the judged state: reading the pull request");
    await checkCurrentState(context, subject, services, { ...options, config: loaded });
  }
}

/** Judges the pull request as GitHub holds it now (one read), instead of an outdated payload. */
async function checkCurrentState(
  context: Context,
  subject: CheckSubject,
  services: CheckServices,
  options: CheckOptions,
): Promise<void> {
  let current: PullRequestLike;
  try {
    const { data } = await context.octokit.rest.pulls.get({
      owner: subject.owner,
      repo: subject.repo,
      pull_number: subject.number,
    });
    current = data as PullRequestLike;
  } catch (error) {
    // Gone or no longer visible: nothing to judge, and the outdated payload must not be judged instead.
    if (httpStatus(error) === 404) return;
    throw error;
  }
  if (current.state === "closed") return;
  const { knownStatus: _outdated, ...rest } = options;
  const repo = { owner: subject.owner, repo: subject.repo };
  await checkPullRequest(context, subjectOf(repo, current), services, { ...rest, fresh: true });
}

/** Whether `updatedAt` is strictly older than `judgedAt` (both ISO 8601; unknown is never older). */
function isOlderThan(updatedAt: string | undefined, judgedAt: string | undefined): boolean {
  if (!updatedAt || !judgedAt) return false;
  return Date.parse(updatedAt) < Date.parse(judgedAt);
}

/** The tenant a delivery belongs to: its installation (or its repository owner without one). */
function installationOf(context: Context): string {
  const installation = (context.payload as { installation?: { id?: number } }).installation;
  return installation?.id === undefined ? `owner:${context.repo().owner}` : `installation:${installation.id}`;
}

/**
 * Reads the facts and Shipshape's own run, and judges: "stale" when GitHub already holds a newer
 * state of the pull request than the payload (a late or replayed webhook).
 */
async function judgeAfresh(
  context: Context,
  subject: CheckSubject,
  services: CheckServices,
  options: CheckOptions,
  plan: CheckPlan,
  lane: Lane,
): Promise<{ judgement: Judgement; run: ExistingCheckRun | null; facts: string } | "stale"> {
  const gatherContext = {
    appId: await ownAppId(context, services),
    cache: services.cache,
    reader: services.reader,
    knownStatus: options.knownStatus,
    compareManifests: (texts: ManifestTexts) => (services.compareManifests ?? compareManifestsIsolated)(texts, lane),
    ...ownRunKnowledge(services.publishedCommits, subject, options.openedAt),
  };
  const gathered = await gatherPullRequestFacts(context.octokit, subject, plan.needs, gatherContext);
  if (!gathered.ownCheckRun.ok) {
    // Without knowing whether a run exists, creating one could duplicate it: fail loudly instead.
    throw new Error(`cannot publish the check run: ${gathered.ownCheckRun.reason}`);
  }
  const run = gathered.ownCheckRun.value;
  if (!options.fresh && isOlderThan(subject.updatedAt, judgedAtOf(run?.externalId))) return "stale";
  return { judgement: await plan.judge(gathered.facts), run, facts: factsFingerprint(gathered.facts) };
}

/**
 * What this process knows of its own run on the head commit: surely none for a pull request it
 * saw opened after its record started; otherwise the answer that looks it up reads GitHub's clock.
 */
function ownRunKnowledge(
  published: PublishedCommits | undefined,
  subject: CheckSubject,
  openedAt: string | undefined,
): Pick<GatherContext, "ownRunAbsent" | "observeClock"> {
  if (!published) return {};
  if (openedAt !== undefined && published.hasNoRun(subject, subject.headSha, openedAt)) return { ownRunAbsent: true };
  return { observeClock: published.clock() };
}

/** What evaluating the pull request's content and facts gave, before waivers are applied. */
type Judgement = { results: EvaluatedPractice[] } | { fixed: CheckRunOutput };
/**
 * The facts a judgement was computed from besides the pull request's own content: statuses,
 * check runs, deployments, files, manifests, templates and decision records, as a digest.
 */
function factsFingerprint(facts: PullRequestFacts): string {
  const { title: _title, body: _body, headRef: _ref, headSha: _sha, ...read } = facts;
  return createHash("sha256").update(JSON.stringify(read)).digest("base64url");
}

/** The check run as GitHub holds it once `output` was published as run `id`. */
function publishedRun(id: number, output: CheckRunOutput & { judgedAt?: string }): ExistingCheckRun {
  return {
    id,
    externalId: withJudgedAt(output.externalId, output.judgedAt),
    conclusion: output.conclusion,
    title: output.title,
    summary: output.summary,
    text: output.text,
  };
}

function runDigest(run: ExistingCheckRun): string {
  const content = [run.externalId, run.conclusion, run.title, run.summary, run.text];
  return createHash("sha256").update(JSON.stringify(content)).digest("base64url");
}

/**
 * The kept run, when what is about to be published is what it was published as (nothing to
 * write); otherwise a run of that id whose content is unknown, so that it is written.
 */
function keptRun(run: KeptJudgement["run"], output: CheckRunOutput & { judgedAt?: string }): ExistingCheckRun {
  const started = run.startedAt ? { startedAt: run.startedAt } : {};
  const candidate = { ...publishedRun(run.id, output), ...started };
  if (runDigest(candidate) === run.digest) return candidate;
  return { id: run.id, externalId: null, conclusion: null, title: null, summary: null, text: null, ...started };
}

/** What to read, judge and render: all enabled practices, or only the run for a skip or a bad config. */
interface CheckPlan {
  needs: FactNeeds;
  /** Whether waiver comments are read: only when practices are evaluated. */
  waivers: boolean;
  judge: (facts: PullRequestFacts) => Promise<Judgement>;
  render: (judgement: Judgement, waivers: WaiverState) => CheckRunOutput;
}

function planCheck(
  loaded: Exclude<LoadedConfig, { kind: "absent" }>,
  subject: CheckSubject,
  lane: Lane,
  evaluate: typeof evaluateIsolated,
): CheckPlan {
  const render = (judgement: Judgement, waivers: WaiverState): CheckRunOutput => {
    if ("fixed" in judgement) return judgement.fixed;
    const results = applyWaivers(judgement.results, waivers);
    return renderVerdicts(results, conclusionOf(results), loaded.kind === "valid" ? loaded.files : [], waivers);
  };
  if (loaded.kind === "invalid") {
    const fixed = renderConfigProblems(loaded.problems);
    return { needs: OWN_CHECK_RUN_ONLY, waivers: false, judge: async () => ({ fixed }), render };
  }
  const config = loaded.config;
  const skipReason = skipReasonFor(subject, config.pull_requests);
  if (skipReason) {
    const fixed = renderSkipped(skipReason);
    return { needs: OWN_CHECK_RUN_ONLY, waivers: false, judge: async () => ({ fixed }), render };
  }
  return {
    needs: factNeeds(config),
    waivers: true,
    judge: async (facts) => ({
      results: await evaluate(config.pull_requests, facts, lane).catch((error: unknown) => {
        if (error instanceof EvaluationDeadlineError) return deadlineResults(config.pull_requests, error);
        throw error;
      }),
    }),
    render,
  };
}

/**
 * What a judgement depends on besides GitHub's facts: the head commit, the pull request's own
 * text and labels, and the config. Facts that change (deployments, checks) arrive as webhooks,
 * which judge again; a kept judgement expires within minutes all the same (see FactCache).
 */
function judgementKey(subject: CheckSubject, loaded: LoadedConfig): string {
  // The config's text is hashed as it is (JSON text holds no NUL to blur the boundary), not
  // written into the JSON a second time.
  const config = loaded.kind === "valid" ? loaded.files : loaded;
  const inputs = JSON.stringify([subject.title, subject.body, subject.baseSha, subject.labels, config]);
  const hash = createHash("sha256").update(inputs);
  if (loaded.kind === "valid") hash.update("\0").update(configText(loaded.config));
  return `${subject.owner}/${subject.repo}@${subject.headSha}#${hash.digest("base64url")}`;
}

/**
 * The waivers in force, or none (said in the check run) when the comments could not be read. A
 * waiver holds for the head commit it was given for: one written before the app's run on this
 * head was created (or before now, when there is none yet) was given for an earlier commit.
 */
async function waiverStateOf(
  context: Context,
  services: CheckServices,
  subject: CheckSubject,
  config: ShipshapeConfig,
  comments: Fact<WaiverComment[]>,
  headSince: string | undefined,
): Promise<WaiverState> {
  if (!comments.ok) return { ...NO_WAIVERS, unreadable: comments.reason };
  return waiversInForce(context.octokit, services.reader, subject, comments.value, {
    pullAuthor: subject.author,
    headSha: subject.headSha,
    headSince: headSince ?? new Date().toISOString(),
    keepOnPush: config.waivers.keep_on_push,
    allowSelf: config.waivers.allow_self,
  });
}

function skipReasonFor(
  subject: CheckSubject,
  config: { skip_authors: string[]; skip_labels: string[] },
): SkipReason | null {
  if (config.skip_authors.includes(subject.author)) return { by: "author", author: subject.author };
  const label = subject.labels.find((name) => config.skip_labels.includes(name));
  return label ? { by: "label", label } : null;
}

/**
 * The app's id, to tell Shipshape's own check runs from another app's of the same name. Read once
 * from the app's JWT credentials (no request): signing a JWT per evaluation would cost more CPU
 * than the evaluation itself.
 */
export async function ownAppId(context: Context, services: CheckServices): Promise<number | undefined> {
  if (services.appId.value !== undefined) return services.appId.value;
  try {
    const auth = (await context.octokit.auth({ type: "app" })) as { appId?: number };
    if (typeof auth.appId === "number") services.appId.value = auth.appId;
    return services.appId.value;
  } catch {
    return undefined;
  }
}
