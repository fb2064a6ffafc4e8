import type { ShipshapeConfig } from "../config/schema.js";
import { lockContextPaths } from "../diff/dev-only-locks.js";
import { MAX_PATCH_CHARS, MAX_PATCH_CHARS_PER_PULL } from "../diff/limits.js";
import {
  isManifest,
  MAX_TAG_LENGTH,
  type ManifestComparison,
  type ManifestDiff,
  type ManifestTexts,
} from "../manifests/parse.js";
import { MAX_BODY_LENGTH } from "../markdown/pr-body.js";
import type {
  ChangedFile,
  ChangedFiles,
  CommitCheck,
  DeploymentState,
  FileStatus,
  ManifestChanges,
  PullRequestFacts,
} from "../practices/facts.js";
import { globMatcher } from "../practices/globs.js";
import { stagingEnvironmentMatcher } from "../practices/staging.js";
import { type Fact, known, unknown } from "../practices/types.js";
import { CHECK_NAME } from "../report/check-run.js";
import type { FactCache } from "./fact-cache.js";
import {
  type CachedGet,
  describeFailure,
  FileTooLargeError,
  httpStatus,
  type Octokit,
  type RepoRef,
  readRepositoryFile,
} from "./octokit.js";
import { readPullRequestTemplates } from "./pull-request-templates.js";

/** What identifies the pull request being evaluated; taken from the webhook payload when it has it. */
export interface PullRequestSubject extends RepoRef {
  number: number;
  title: string;
  body: string;
  headRef: string;
  headSha: string;
  baseSha: string;
  /** `changed_files` from the pull request, when the payload has it. */
  changedFiles?: number;
}

/** Shipshape's own check run on the head commit, as GitHub shows it now. */
export interface ExistingCheckRun {
  id: number;
  externalId: string | null;
  conclusion: string | null;
  title: string | null;
  summary: string | null;
  text: string | null;
  /**
   * When GitHub created the run (`started_at`, which defaults to the creation time: "POST
   * /repos/{owner}/{repo}/check-runs"), i.e. since when the app has known this head commit.
   */
  startedAt?: string | null;
}

/** A deployment status the triggering webhook already told us, so it need not be read back. */
export interface KnownDeploymentStatus {
  deploymentId: number;
  environment: string;
  sha: string;
  state: string;
}

/** GitHub's cap on the files the pull-request files endpoint lists. */
export const MAX_LISTED_FILES = 3000;
/** Bounds on follow-up reads, so one odd pull request cannot spend an installation's budget. */
const MAX_DEPLOYMENTS_INSPECTED = 5;
const MAX_MANIFESTS_INSPECTED = 10;
const MAX_DECISION_RECORDS = 3;
const MAX_DECISION_RECORD_CHARS = 100_000;

/** Which facts to read; derived from the config so that only enabled practices cost requests. */
export interface FactNeeds {
  files: boolean;
  manifests: boolean;
  /** Matches staging environments; null when deployments need not be read. */
  stagingEnvironment: ((environment: string) => boolean) | null;
  /** Whether other check runs and commit statuses are evidence (staging.checks is set). */
  otherChecks: boolean;
  /**
   * Headings of the body sections the repository's pull-request templates are needed for
   * (rollback, dependencies); they are read only when the body has such a section with text.
   */
  templateSections: readonly string[];
  /** Globs of decision records whose text is read when the PR adds one; null when not needed. */
  decisionRecords: readonly string[] | null;
  /**
   * Whether to learn if the repository deploys at all: staging or rollback is on with its default
   * `paths` (and no staging checks, which prove deployments made elsewhere).
   */
  repositoryDeploys: boolean;
  /**
   * Whether a lock file changed alone has what tells its dev-only changes read at the head (see
   * lockContextPaths): staging or rollback is on with its default `paths`.
   */
  lockContexts: boolean;
}

export interface GatherContext {
  /** The app's id, to tell Shipshape's own check run from another app's of the same name. */
  appId: number | undefined;
  cache: FactCache;
  /** Conditional reads of slowly changing things (templates). */
  reader: CachedGet;
  /** A deployment status the triggering webhook already told us. */
  knownStatus?: KnownDeploymentStatus | undefined;
  /**
   * Parses a changed manifest at the head and the base and compares them: in the worker pool,
   * under its deadline (a manifest is an author's text, up to 1 MB); it rejects when the deadline
   * cuts it off. Only the difference comes back.
   */
  compareManifests: (texts: ManifestTexts) => Promise<ManifestComparison>;
  /**
   * Shipshape's run is surely not on the head commit yet (see PublishedCommits): unless other
   * checks are read anyway, the commit's check runs are not asked for.
   */
  ownRunAbsent?: boolean;
  /** Told the `Date` header of the check runs' answer: a reading of GitHub's clock. */
  observeClock?: (date: string | undefined) => void;
}

/** Reads nothing but Shipshape's own check run. */
export const OWN_CHECK_RUN_ONLY: FactNeeds = {
  files: false,
  manifests: false,
  stagingEnvironment: null,
  otherChecks: false,
  templateSections: [],
  decisionRecords: null,
  repositoryDeploys: false,
  lockContexts: false,
};

export function factNeeds(config: ShipshapeConfig): FactNeeds {
  const { tests, staging, rollback, dependencies } = config.pull_requests;
  const stagingOn = staging.enforcement !== "off";
  return {
    // Staging and rollback apply only when deployable files change: unless `paths: []` (always).
    files:
      tests.enforcement !== "off" ||
      dependencies.enforcement !== "off" ||
      (rollback.enforcement !== "off" && rollback.paths?.length !== 0) ||
      (stagingOn && staging.paths?.length !== 0),
    manifests: dependencies.enforcement !== "off",
    stagingEnvironment: stagingOn ? stagingEnvironmentMatcher(staging) : null,
    otherChecks: stagingOn && staging.checks.length > 0,
    templateSections: [
      ...(rollback.enforcement !== "off" ? [rollback.heading] : []),
      ...(dependencies.enforcement !== "off" ? [dependencies.heading] : []),
    ],
    decisionRecords: dependencies.enforcement !== "off" ? dependencies.decision_records : null,
    repositoryDeploys:
      staging.checks.length === 0 &&
      ((stagingOn && staging.paths === null) || (rollback.enforcement !== "off" && rollback.paths === null)),
    lockContexts: (stagingOn && staging.paths === null) || (rollback.enforcement !== "off" && rollback.paths === null),
  };
}

/**
 * Reads, in parallel and at most once each, the facts named in `needs`, plus Shipshape's own
 * check run. A read that fails becomes a fact that says why, never a throw.
 */
export async function gatherPullRequestFacts(
  octokit: Octokit,
  subject: PullRequestSubject,
  needs: FactNeeds,
  { appId, cache, reader, knownStatus, compareManifests, ownRunAbsent, observeClock }: GatherContext,
): Promise<{ facts: PullRequestFacts; ownCheckRun: Fact<ExistingCheckRun | null> }> {
  const { stagingEnvironment } = needs;
  if (knownStatus && knownStatus.state !== "inactive")
    await cache.rememberDeploymentState(subject, knownStatus.deploymentId, knownStatus.state);
  const [files, deployments, checkRuns, statuses, templates] = await Promise.all([
    needs.files ? attempt("changed files", () => listFiles(octokit, subject)) : undefined,
    stagingEnvironment
      ? attempt("deployments", () => listDeploymentStates(octokit, subject, stagingEnvironment, cache, knownStatus))
      : undefined,
    ownRunAbsent && !needs.otherChecks
      ? known<CheckRunListing[]>([])
      : attempt("check runs", () => listCheckRuns(octokit, subject, needs.otherChecks, observeClock)),
    needs.otherChecks ? attempt("commit statuses", () => listCommitStatuses(octokit, subject)) : undefined,
    mayHaveSection(subject.body, needs.templateSections)
      ? readPullRequestTemplates(octokit, { owner: subject.owner, repo: subject.repo }, reader, cache)
      : undefined,
  ]);
  const [manifests, decisionRecords, repositoryDeploys] = await Promise.all([
    needs.manifests && files
      ? files.ok
        ? attempt("dependency manifests", () =>
            readManifestChanges(octokit, subject, files.value.files, cache, compareManifests),
          )
        : unknown<ManifestChanges>(files.reason)
      : undefined,
    needs.decisionRecords && files?.ok
      ? readDecisionRecords(octokit, subject, files.value.files, needs.decisionRecords)
      : undefined,
    needs.repositoryDeploys
      ? attempt("whether the repository deploys", () => readRepositoryDeploys(octokit, subject, cache, knownStatus))
      : undefined,
  ]);

  const facts: PullRequestFacts = {
    title: subject.title,
    body: subject.body,
    headRef: subject.headRef,
    headSha: subject.headSha,
    files: needs.lockContexts && files?.ok ? known(await withLockContexts(octokit, subject, files.value)) : files,
    deployments,
    manifests,
    checks: needs.otherChecks ? combineChecks(checkRuns, statuses, subject.headSha) : undefined,
    ...(templates ? { templates } : {}),
    ...(decisionRecords ? { decisionRecords } : {}),
    ...(repositoryDeploys ? { repositoryDeploys } : {}),
  };
  // Without the app's id no run can be told to be ours (another app's `Shipshape` would be updated).
  const ownCheckRun: Fact<ExistingCheckRun | null> = !checkRuns.ok
    ? unknown(checkRuns.reason)
    : appId === undefined
      ? unknown("the app's id is unknown, so its own check run cannot be told from another app's")
      : known(findOwnCheckRun(checkRuns.value, subject.headSha, appId));
  return { facts, ownCheckRun };
}

/**
 * Whether the body may have one of these sections: only then can template text be mistaken for
 * the author's, so only then are the templates worth reading. A linear scan of the letters (the
 * markdown is parsed in a worker, never on this thread): "Roll back" still finds "Rollback".
 */
function mayHaveSection(body: string, headings: readonly string[]): boolean {
  if (headings.length === 0 || body.trim() === "") return false;
  const letters = (text: string) => text.toLowerCase().replace(/[^\p{L}]+/gu, "");
  const bodyLetters = letters(body.slice(0, MAX_BODY_LENGTH));
  return headings.some((heading) => bodyLetters.includes(letters(heading)));
}

async function attempt<T>(what: string, read: () => Promise<T>): Promise<Fact<T>> {
  try {
    return known(await read());
  } catch (error) {
    return unknown(`reading ${what} failed (${describeFailure(error)})`);
  }
}

async function listFiles(octokit: Octokit, subject: PullRequestSubject): Promise<ChangedFiles> {
  const files: ChangedFile[] = [];
  const pages = octokit.paginate.iterator(octokit.rest.pulls.listFiles, {
    owner: subject.owner,
    repo: subject.repo,
    pull_number: subject.number,
    per_page: 100,
  });
  // Each entry's `patch` comes with the list at no extra request; GitHub omits it for binary files
  // and for diffs too large to show (the `diff-entry` schema of
  // `GET /repos/{owner}/{repo}/pulls/{pull_number}/files` makes it optional). Kept up to what the
  // evaluation worker reads, so one huge pull request cannot fill the memory.
  let patchBudget = MAX_PATCH_CHARS_PER_PULL;
  for await (const page of pages) {
    for (const file of page.data) {
      const patch = typeof file.patch === "string" ? file.patch : undefined;
      const keep = patch !== undefined && patch.length <= Math.min(MAX_PATCH_CHARS, patchBudget);
      if (keep) patchBudget -= patch.length;
      files.push({
        filename: file.filename,
        status: file.status as FileStatus,
        changes: file.changes,
        ...(file.previous_filename ? { previousFilename: file.previous_filename } : {}),
        ...(keep ? { patch } : patch !== undefined ? { patchTooLarge: true } : {}),
      });
    }
    if (files.length >= MAX_LISTED_FILES) break;
  }
  const visible = files.slice(0, MAX_LISTED_FILES);
  // Without the PR's own count (events other than pull_request), a full list may hide more files.
  const total = Math.max(subject.changedFiles ?? 0, visible.length);
  return { files: visible, total, capped: visible.length >= MAX_LISTED_FILES };
}

async function listDeploymentStates(
  octokit: Octokit,
  subject: PullRequestSubject,
  isStaging: (environment: string) => boolean,
  cache: FactCache,
  knownStatus: KnownDeploymentStatus | undefined,
): Promise<DeploymentState[]> {
  let data: { id: number; sha: string; environment: string }[];
  try {
    ({ data } = await octokit.rest.repos.listDeployments({
      owner: subject.owner,
      repo: subject.repo,
      sha: subject.headSha,
      per_page: 100,
    }));
  } catch (error) {
    // A server without the deployments list still told us, in the webhook, about this deployment.
    if (httpStatus(error) !== 404 || knownStatus?.sha !== subject.headSha) throw error;
    data = [{ id: knownStatus.deploymentId, sha: knownStatus.sha, environment: knownStatus.environment }];
  }
  if (data.length > 0) cache.rememberRepositoryDeploys(subject, true);
  // Newest first, as GitHub lists them; stop reading statuses at the first success.
  // Filtered again here: a lenient server that ignores `sha` must not lend another commit's deployment.
  const candidates = data
    .filter((deployment) => deployment.sha === subject.headSha && isStaging(deployment.environment))
    .slice(0, MAX_DEPLOYMENTS_INSPECTED);
  const states: DeploymentState[] = [];
  for (const deployment of candidates) {
    // An `inactive` status only says a newer deployment replaced this one; whether this one
    // succeeded before is in its history.
    const told = knownStatus?.deploymentId === deployment.id && knownStatus.state !== "inactive";
    let state = told ? knownStatus.state : await cache.deploymentState(subject, deployment.id);
    if (state === undefined) {
      state = await deploymentOutcome(octokit, subject, deployment.id);
      await cache.rememberDeploymentState(subject, deployment.id, state);
    }
    states.push({ environment: deployment.environment, state });
    if (state === "success") break;
  }
  return states;
}

/**
 * Whether the repository has any deployment: one request (`GET /repos/{owner}/{repo}/deployments`
 * with `per_page=1`, "List deployments": newest first, every environment), cached per repository
 * (FactCache: a week once it deploys, ten minutes while it does not). A head commit's deployment
 * already seen answers it for free. Environments are not listed: that route needs the Actions
 * permission ("List environments", fine-grained permissions: "Actions" repository permissions
 * (read)), and GitHub creates an environment on its first deployment anyway.
 */
async function readRepositoryDeploys(
  octokit: Octokit,
  subject: PullRequestSubject,
  cache: FactCache,
  knownStatus: KnownDeploymentStatus | undefined,
): Promise<boolean> {
  if (knownStatus) {
    cache.rememberRepositoryDeploys(subject, true);
    return true;
  }
  const cached = await cache.repositoryDeploys(subject);
  if (cached !== undefined) return cached;
  const { data } = await octokit.rest.repos.listDeployments({ owner: subject.owner, repo: subject.repo, per_page: 1 });
  const deploys = data.length > 0;
  cache.rememberRepositoryDeploys(subject, deploys);
  return deploys;
}

/**
 * What a deployment achieved: `success` when any of its statuses is `success` — GitHub adds an
 * `inactive` status to earlier successful deployments of an environment once a newer one
 * succeeds (`auto_inactive`, on by default: `POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses`),
 * which does not undo the earlier success. Otherwise its latest state (statuses are listed newest
 * first); null without any status.
 */
async function deploymentOutcome(octokit: Octokit, subject: RepoRef, deploymentId: number): Promise<string | null> {
  const { data } = await octokit.rest.repos.listDeploymentStatuses({
    owner: subject.owner,
    repo: subject.repo,
    deployment_id: deploymentId,
    per_page: 100,
  });
  if (data.some((status) => status.state === "success")) return "success";
  return data[0]?.state ?? null;
}

interface CheckRunListing {
  id: number;
  name: string;
  head_sha?: string;
  status: string;
  conclusion: string | null;
  external_id?: string | null;
  app?: { id: number } | null;
  started_at?: string | null;
  output?: { title: string | null; summary: string | null; text: string | null };
}

async function listCheckRuns(
  octokit: Octokit,
  subject: PullRequestSubject,
  all: boolean,
  observeClock: ((date: string | undefined) => void) | undefined,
): Promise<CheckRunListing[]> {
  // Without staging checks to look for, only Shipshape's own run matters: ask GitHub for that name.
  try {
    const parameters = {
      owner: subject.owner,
      repo: subject.repo,
      ref: subject.headSha,
      per_page: 100,
      ...(all ? {} : { check_name: CHECK_NAME }),
    };
    const runs = await octokit.paginate(octokit.rest.checks.listForRef, parameters, (response) => {
      observeClock?.(response.headers.date);
      return response.data;
    });
    return runs as CheckRunListing[];
  } catch (error) {
    // 404: the commit has no check runs as far as this server knows; creating one is then right.
    if (httpStatus(error) === 404) return [];
    throw error;
  }
}

async function listCommitStatuses(octokit: Octokit, subject: PullRequestSubject): Promise<CommitCheck[]> {
  const { data } = await octokit.rest.repos.getCombinedStatusForRef({
    owner: subject.owner,
    repo: subject.repo,
    ref: subject.headSha,
    per_page: 100,
  });
  return data.statuses.map((status) => ({ name: status.context, kind: "commit status", state: status.state }));
}

function combineChecks(
  runs: Fact<CheckRunListing[]>,
  statuses: Fact<CommitCheck[]> | undefined,
  headSha: string,
): Fact<CommitCheck[]> {
  if (!runs.ok) return unknown(runs.reason);
  if (statuses && !statuses.ok) return unknown(statuses.reason);
  const fromRuns: CommitCheck[] = runs.value
    .filter((run) => run.name !== CHECK_NAME && (run.head_sha === undefined || run.head_sha === headSha))
    .map((run) => ({ name: run.name, kind: "check run", state: run.conclusion ?? run.status }));
  return known([...fromRuns, ...(statuses?.value ?? [])]);
}

/**
 * The app's own run among the commit's: named `Shipshape` and created by this app (`app.id`, see
 * readShipshapeRun). A run of the same name by a workflow or another app is not ours to update.
 */
function findOwnCheckRun(runs: readonly CheckRunListing[], headSha: string, appId: number): ExistingCheckRun | null {
  const own = runs.find(
    (run) =>
      run.name === CHECK_NAME && (run.head_sha === undefined || run.head_sha === headSha) && run.app?.id === appId,
  );
  if (!own) return null;
  return {
    id: own.id,
    externalId: own.external_id ?? null,
    conclusion: own.conclusion,
    title: own.output?.title ?? null,
    summary: own.output?.summary ?? null,
    text: own.output?.text ?? null,
    startedAt: own.started_at ?? null,
  };
}

async function readManifestChanges(
  octokit: Octokit,
  subject: PullRequestSubject,
  files: readonly ChangedFile[],
  cache: FactCache,
  compare: GatherContext["compareManifests"],
): Promise<ManifestChanges> {
  const changed = files.filter((file) => file.status !== "removed" && isManifest(file.filename));
  const manifests = await Promise.all(
    changed.slice(0, MAX_MANIFESTS_INSPECTED).map(async (file) => {
      const basePath = file.status === "added" ? undefined : (file.previousFilename ?? file.filename);
      return {
        path: file.filename,
        ...(await manifestDiff(octokit, subject, file.filename, basePath, cache, compare)),
      };
    }),
  );
  return { manifests, notRead: Math.max(changed.length - MAX_MANIFESTS_INSPECTED, 0) };
}

/**
 * The files, with the texts that tell a lock file's dev-only changes read at the head for each
 * lock changed alone (see lockContextPaths and lockChangesOnlyDevPackages). A read that fails, or a
 * file over 1 MB, leaves the lock without them: its change then counts as deployable.
 */
async function withLockContexts(
  octokit: Octokit,
  subject: PullRequestSubject,
  changed: ChangedFiles,
): Promise<ChangedFiles> {
  const contextPaths = lockContextPaths(changed.files);
  if (contextPaths.size === 0) return changed;
  const files = await Promise.all(
    changed.files.map(async (file) => {
      const paths = contextPaths.get(file.filename);
      if (paths === undefined) return file;
      try {
        const texts = await Promise.all(
          paths.map((path) => readRepositoryFile(octokit, { ...subject, path, ref: subject.headSha })),
        );
        return texts.every((text) => text !== null) ? { ...file, lockContext: texts as string[] } : file;
      } catch {
        return file;
      }
    }),
  );
  return { ...changed, files };
}

/** Decision records the pull request adds, read so that each justifies the dependencies it names. */
async function readDecisionRecords(
  octokit: Octokit,
  subject: PullRequestSubject,
  files: readonly ChangedFile[],
  globs: readonly string[],
): Promise<Record<string, string>> {
  const isRecord = globMatcher(globs);
  const added = files
    .filter((file) => file.status === "added" && isRecord(file.filename))
    .slice(0, MAX_DECISION_RECORDS);
  const texts: Record<string, string> = {};
  await Promise.all(
    added.map(async (file) => {
      try {
        const text = await readRepositoryFile(octokit, { ...subject, path: file.filename, ref: subject.headSha });
        if (text !== null) texts[file.filename] = text.slice(0, MAX_DECISION_RECORD_CHARS);
      } catch {
        // Unread, it justifies nothing; the verdict names the dependencies left unexplained.
      }
    }),
  );
  return texts;
}

/** How a manifest changed between the pull request's base and head commits; immutable, so cached by both SHAs. */
async function manifestDiff(
  octokit: Octokit,
  subject: PullRequestSubject,
  path: string,
  basePath: string | undefined,
  cache: FactCache,
  compare: GatherContext["compareManifests"],
): Promise<ManifestDiff> {
  const key = { path, basePath: basePath ?? null, baseSha: subject.baseSha, headSha: subject.headSha };
  const cached = await cache.manifestDiff(subject, key);
  if (cached) return cached;
  const [head, base] = await Promise.all([
    manifestText(octokit, subject, path, subject.headSha),
    basePath ? manifestText(octokit, subject, basePath, subject.baseSha) : undefined,
  ]);
  const compared = await compare({
    path,
    head,
    ...(basePath !== undefined && base !== undefined ? { base: { path: basePath, text: base } } : {}),
  });
  // Only where the problem is goes into the check run, never the parser's quote of the file.
  if (!compared.ok) throw new Error(unparsableManifest(compared.path, compared));
  cache.rememberManifestDiff(subject, key, compared.diff);
  return compared.diff;
}

/** A manifest's text at a commit; null when the file is not there. */
async function manifestText(octokit: Octokit, repo: RepoRef, path: string, sha: string): Promise<string | null> {
  try {
    return await readRepositoryFile(octokit, { ...repo, path, ref: sha });
  } catch (error) {
    if (error instanceof FileTooLargeError) throw new Error(`${path} is larger than 1 MB, more than Shipshape reads`);
    throw error;
  }
}

/** "package.json is not valid JSON at line 3": where, never the parser's quote of the file. */
function unparsableManifest(path: string, failure: Extract<ManifestComparison, { ok: false }>): string {
  if (failure.problem === "tag-too-long")
    return `${path} has an XML tag longer than Shipshape reads (${MAX_TAG_LENGTH.toLocaleString("en-US")} characters)${failure.line ? ` at line ${failure.line}` : ""}`;
  return `${path} is not valid ${failure.format}${failure.line ? ` at line ${failure.line}` : ""}`;
}
