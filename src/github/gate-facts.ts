/**
 * What the safe-launch gate reads, and its answer. Reads are conditional (ETags) and bounded; a
 * fact GitHub does not give is returned as unknown with the reason, and the gate rejects (fail
 * closed). What the app already knows is not asked again: a deployment it saw succeed (the
 * deployment_status webhook, see FactCache.deploymentState) and the verdict it published on a
 * pull request's head (FactCache.publishedAt).
 */
import type { Logger } from "probot";
import type { ShippedPull, ShippedPulls, ShippedStanding, StagingEvidence } from "../practices/gate.js";
import { type Fact, known, PULL_REQUEST_PRACTICES, type PullRequestPractice, unknown } from "../practices/types.js";
import { CHECK_NAME, decodeOutcomes, decodeWaivers } from "../report/check-run.js";
import type { DeploymentListing } from "./delivery-history.js";
import type { FactCache } from "./fact-cache.js";
import { type DeploymentHistory, type OwnRun, readOwnRuns } from "./gate-graphql.js";
import { describeFailure, httpStatus, readPages } from "./octokit.js";
import type { RepositoryReads } from "./repository-facts.js";
import { NO_BLIND_RETRY, retryWrite, type Sleep } from "./retry-write.js";

export interface GateReads extends RepositoryReads {
  cache: FactCache;
  /** The app's id: only its own check runs count. */
  appId: number | undefined;
  log?: Logger;
}

interface StatusListing {
  state: string;
  created_at: string;
}

interface ClosedPull {
  number: number;
  title: string;
  updated_at: string;
  merged_at: string | null;
  merge_commit_sha?: string | null;
  head: { sha: string };
  base: { ref: string };
}

interface CheckRunListing {
  name: string;
  conclusion: string | null;
  external_id: string | null;
  app?: { id: number } | null;
  output?: { text?: string | null } | null;
}

/** Status reads per question (staging evidence, the previous deployment): the newest few decide. */
const MAX_STATUS_READS = 5;
/** Pages of closed pull requests (100 each) read back to the previous deployment. */
const MAX_CLOSED_PAGES = 5;
/** Check runs read to name the practices of pull requests that failed (the approval path reads none). */
const MAX_FAILED_DETAIL_READS = 5;

/**
 * A successful deployment of `sha` to a staging environment whose success is no older than `since`.
 * `GET /repos/{owner}/{repo}/deployments?sha=` lists the commit's deployments, newest first; each
 * one's statuses (`GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses`, newest first)
 * are searched for a `success`: a later `inactive` (GitHub's auto_inactive, when a newer deployment
 * to the environment succeeds) does not undo it.
 */
export async function readStagingEvidence(
  reads: GateReads,
  sha: string,
  isStaging: (environment: string) => boolean,
  since: number,
  history: DeploymentHistory | null,
): Promise<Fact<StagingEvidence | null>> {
  const { octokit, reader, repo, cache } = reads;
  if (history) {
    const staged = history.ofCommit.find(
      (deployment) =>
        isStaging(deployment.environment) && deployment.successAt !== null && deployment.successAt >= since,
    );
    return known(staged ? { environment: staged.environment, at: staged.successAt as number } : null);
  }
  try {
    const listed = await readPages<DeploymentListing>(
      reader,
      octokit,
      "GET /repos/{owner}/{repo}/deployments",
      { ...repo, sha, per_page: 100 },
      3,
    );
    const candidates = listed.items.filter((deployment) => isStaging(deployment.environment ?? ""));
    for (const deployment of candidates.slice(0, MAX_STATUS_READS)) {
      const environment = deployment.environment ?? "";
      // Seen succeeding (a deployment_status webhook): no status read. Its success is no older than its creation.
      if ((await cache.deploymentState(repo, deployment.id)) === "success") {
        const at = Date.parse(deployment.created_at);
        if (at >= since) return known({ environment, at });
        continue;
      }
      const success = await successOf(reads, deployment.id);
      if (success !== null && success >= since) return known({ environment, at: success });
    }
    return known(null);
  } catch (error) {
    return unknown(`could not read the deployments of the commit (${describeFailure(error)})`);
  }
}

/** When a deployment reached `success` (epoch ms), or null when none of its statuses is one. */
async function successOf({ octokit, reader, repo, cache }: GateReads, deploymentId: number): Promise<number | null> {
  const statuses = await reader.get<StatusListing[]>(
    octokit,
    "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses",
    { ...repo, deployment_id: deploymentId, per_page: 100 },
  );
  const success = statuses.find((status) => status.state === "success");
  if (!success) return null;
  await cache.rememberDeploymentState(repo, deploymentId, "success");
  return Date.parse(success.created_at);
}

/**
 * The pull requests a deployment ships: those merged into the default branch after the previous
 * successful deployment to the environment was created, up to this deployment — the window the
 * delivery outcomes use too. It costs one list (closed pull requests, most recently updated
 * first, read back to that time: a merged pull request was updated when it merged) instead of a
 * compare and a pull-request lookup per commit. Where the deployed commit is a pull request's
 * merge commit, pull requests merged after that one are not in it and are left out.
 */
export async function readShippedPulls(
  reads: GateReads,
  deployment: { id: number | null; sha: string; environment: string; createdAt: number; defaultBranch: string },
  history: DeploymentHistory | null,
): Promise<Fact<ShippedPulls>> {
  const { octokit, reader, repo } = reads;
  let previous: { sha: string; at: number } | null;
  try {
    previous = history ? previousIn(history, deployment) : await previousSuccess(reads, deployment);
  } catch (error) {
    return unknown(`could not read the earlier deployments to ${deployment.environment} (${describeFailure(error)})`);
  }
  if (!previous) return known({ since: null, pulls: [] });
  const since = previous.at;
  let closed: ClosedPull[];
  try {
    const listed = await readPages<ClosedPull>(
      reader,
      octokit,
      "GET /repos/{owner}/{repo}/pulls",
      { ...repo, state: "closed", sort: "updated", direction: "desc", per_page: 100 },
      MAX_CLOSED_PAGES,
      (page) => {
        const oldest = page.at(-1);
        return oldest === undefined || Date.parse(oldest.updated_at) < since;
      },
    );
    if (!listed.complete)
      return unknown(`more than ${MAX_CLOSED_PAGES * 100} pull requests were closed since the last deployment`);
    closed = listed.items;
  } catch (error) {
    return unknown(`could not read the closed pull requests (${describeFailure(error)})`);
  }
  const merged = closed.filter(
    (pull) => pull.merged_at && pull.base.ref === deployment.defaultBranch && Date.parse(pull.merged_at) > since,
  );
  const deployed = merged.find((pull) => pull.merge_commit_sha === deployment.sha);
  const until = deployed?.merged_at ? Date.parse(deployed.merged_at) : deployment.createdAt;
  const shipped = merged
    .filter((pull) => Date.parse(pull.merged_at as string) <= until)
    .sort((a, b) => a.number - b.number);
  try {
    return known({ since: previous, pulls: await standingsOf(reads, shipped) });
  } catch (error) {
    return unknown(`could not read Shipshape's check runs on the shipped pull requests (${describeFailure(error)})`);
  }
}

/** The newest deployment to the environment before this one that reached `success`, in the history read. */
function previousIn(
  history: DeploymentHistory,
  deployment: { id: number | null; createdAt: number },
): { sha: string; at: number } | null {
  const previous = history.ofEnvironment.find(
    (item) => item.id !== deployment.id && item.createdAt <= deployment.createdAt && item.successAt !== null,
  );
  return previous ? { sha: previous.sha, at: previous.createdAt } : null;
}

/**
 * The newest deployment to the environment before this one that reached `success`
 * (`GET /repos/{owner}/{repo}/deployments?environment=`, newest first).
 */
async function previousSuccess(
  reads: GateReads,
  deployment: { id: number | null; environment: string; createdAt: number },
): Promise<{ sha: string; at: number } | null> {
  const { octokit, reader, repo, cache } = reads;
  const listed = await reader.get<DeploymentListing[]>(octokit, "GET /repos/{owner}/{repo}/deployments", {
    ...repo,
    environment: deployment.environment,
    per_page: 30,
  });
  const earlier = listed.filter(
    (item) => item.id !== deployment.id && Date.parse(item.created_at) <= deployment.createdAt,
  );
  for (const item of earlier.slice(0, MAX_STATUS_READS)) {
    const known = (await cache.deploymentState(repo, item.id)) === "success";
    if (known || (await successOf(reads, item.id)) !== null) return { sha: item.sha, at: Date.parse(item.created_at) };
  }
  return null;
}

type Standing = { standing: ShippedStanding; failing: PullRequestPractice[]; waived: PullRequestPractice[] };

/**
 * The shipped pull requests' standings. A verdict this app published and saw pass is taken as it
 * is; the others are read from Shipshape's own check run on each head: all in one GraphQL read,
 * or through REST one read each (and at most a few reads for verdicts known to have failed, whose
 * failing practices only name what failed) when GraphQL does not answer.
 */
async function standingsOf(reads: GateReads, shipped: readonly ClosedPull[]): Promise<ShippedPull[]> {
  const published = await Promise.all(shipped.map((pull) => reads.cache.publishedAt(reads.repo, pull.head.sha)));
  const unread = shipped.filter((_, index) => published[index]?.conclusion === "failure" || !published[index]);
  const batched = unread.length
    ? await readOwnRuns(reads, [...new Set(unread.map((pull) => pull.head.sha))], CHECK_NAME, reads.appId)
    : null;
  let detailReads = 0;
  const pulls: ShippedPull[] = [];
  for (const [index, pull] of shipped.entries()) {
    const seen = published[index];
    let standing: Standing;
    if (seen && seen.conclusion !== "failure") {
      standing = {
        standing: standingFrom(seen.conclusion),
        failing: [],
        waived: seen.waivers.map((waiver) => waiver.p),
      };
    } else if (batched?.has(pull.head.sha)) {
      standing = standingOfRun(batched.get(pull.head.sha) ?? null, seen !== undefined);
    } else if (seen && detailReads++ >= MAX_FAILED_DETAIL_READS) {
      standing = { standing: "failed", failing: [], waived: [] };
    } else {
      standing = standingOfRun(await readOwnRun(reads, pull.head.sha), seen !== undefined);
    }
    pulls.push({ number: pull.number, title: pull.title, ...standing });
  }
  return pulls;
}

/** A pull request's standing from Shipshape's own check run on its head (null: none found). */
function standingOfRun(run: OwnRun | null, publishedFailure: boolean): Standing {
  if (!run) return { standing: publishedFailure ? "failed" : "unchecked", failing: [], waived: [] };
  const outcomes = decodeOutcomes(run.external_id) ?? {};
  const recorded = (outcome: string) => PULL_REQUEST_PRACTICES.filter((practice) => outcomes[practice] === outcome);
  const waived = [...new Set([...recorded("waived"), ...decodeWaivers(run.output?.text).map((waiver) => waiver.p)])];
  return { standing: standingFrom(run.conclusion), failing: recorded("fail"), waived };
}

/** success (all met), neutral (warnings or waivers) and skipped (nothing applies) meet the rule. */
function standingFrom(conclusion: string | null): ShippedStanding {
  if (conclusion === "success" || conclusion === "neutral" || conclusion === "skipped") return "met";
  if (conclusion === "failure") return "failed";
  return "unchecked";
}

/**
 * Shipshape's own check run on a commit: `GET /repos/{owner}/{repo}/commits/{ref}/check-runs`
 * filtered by `check_name` and `app_id`, and the app checked again here (another app may name a
 * run "Shipshape").
 */
async function readOwnRun({ octokit, reader, repo, appId }: GateReads, sha: string): Promise<OwnRun | null> {
  const { check_runs: runs } = await reader.get<{ check_runs: CheckRunListing[] }>(
    octokit,
    "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
    { ...repo, ref: sha, check_name: CHECK_NAME, ...(appId !== undefined ? { app_id: appId } : {}), per_page: 10 },
  );
  const run = runs.find((item) => item.name === CHECK_NAME && (appId === undefined || item.app?.id === appId));
  return run
    ? { conclusion: run.conclusion, external_id: run.external_id, output: { text: run.output?.text ?? null } }
    : null;
}

/** The workflow run a `deployment_callback_url` names, when it is this repository's review route. */
export function runIdOf(callbackUrl: string, repo: { owner: string; repo: string }): number | undefined {
  let path: string;
  try {
    path = new URL(callbackUrl).pathname;
  } catch {
    return undefined;
  }
  const match = /\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/deployment_protection_rule$/.exec(path);
  if (!match) return undefined;
  const same =
    decodeURIComponent(match[1] ?? "").toLowerCase() === repo.owner.toLowerCase() &&
    decodeURIComponent(match[2] ?? "").toLowerCase() === repo.repo.toLowerCase();
  return same ? Number(match[3]) : undefined;
}

/**
 * Answers the rule: `POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule`
 * with `{ environment_name, state, comment }` ("Review custom deployment protection rules for a
 * workflow run", docs.github.com/rest/actions/workflow-runs; a 204 answers it). This is the route
 * GitHub hands over as the webhook's `deployment_callback_url` ("Creating custom deployment
 * protection rules": the app approves or rejects by posting to that URL); it is called through
 * the route, so the installation token only ever goes to the API host Octokit is set up for.
 * Retried through retryWrite; a retry answered 422 means the first attempt was saved (GitHub
 * takes one answer per rule and run) and is not an error.
 */
export async function answerGate(
  reads: RepositoryReads,
  answer: { runId: number; environment: string; state: "approved" | "rejected"; comment: string },
  retry: { sleep: Sleep; log: Logger },
): Promise<void> {
  const { octokit, repo } = reads;
  await retryWrite(
    "answer deployment protection rule",
    async (attempt) => {
      try {
        await octokit.request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule", {
          ...repo,
          run_id: answer.runId,
          environment_name: answer.environment,
          state: answer.state,
          comment: answer.comment,
          ...NO_BLIND_RETRY,
        });
      } catch (error) {
        if (attempt > 1 && httpStatus(error) === 422) return;
        throw error;
      }
    },
    retry,
  );
}
