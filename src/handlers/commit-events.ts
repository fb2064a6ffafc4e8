import type { Context } from "probot";
import type { ShipshapeConfig } from "../config/schema.js";
import { type LoadedConfig, loadConfig } from "../github/config-loader.js";
import { type CachedGet, httpStatus, type Octokit, type RepoRef, readPages } from "../github/octokit.js";
import type { KnownDeploymentStatus } from "../github/pull-request-facts.js";
import { MAX_LIST_PAGES } from "../github/repository-facts.js";
import { globMatcher } from "../practices/globs.js";
import { stagingEnvironmentMatcher } from "../practices/staging.js";
import { CHECK_NAME } from "../report/check-run.js";
import { type CheckServices, checkPullRequest, type PullRequestLike, subjectOf } from "./check-pull-request.js";

/**
 * Re-checks the open pull requests whose head is `sha`, when `isRelevant` says the event can
 * change their verdicts under this repository's config (null: the config is invalid, and only a
 * re-run asked for by a person shows its problems again). Irrelevant events cost one config read.
 */
async function recheckCommit(
  context: Context,
  services: CheckServices,
  sha: string,
  isRelevant: (config: ShipshapeConfig | null) => boolean,
  knownStatus?: KnownDeploymentStatus,
): Promise<LoadedConfig> {
  const repo = context.repo();
  const loaded = await loadConfig(context.octokit, repo, services.reader);
  if (loaded.kind === "absent" || !isRelevant(loaded.kind === "valid" ? loaded.config : null)) return loaded;
  for (const pr of await openPullRequestsWithHead(context.octokit, repo, sha, services.reader)) {
    await checkPullRequest(context, subjectOf(repo, pr), services, { config: loaded, knownStatus });
  }
  return loaded;
}

/** What else a finished deployment calls for, given the repository's config (the delivery outcomes). */
export type AfterDeployment = (
  context: Context<"deployment_status">,
  config: ShipshapeConfig,
  deployment: { environment: string; state: string },
) => Promise<void>;

/**
 * The open pull requests whose head is `sha`. GitHub answers this in one request, except that
 * "Lists the merged pull request that introduced the commit … If the commit is not present in the
 * default branch, it will return merged and open pull requests" (OpenAPI of
 * `GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls`): an open pull request whose head is
 * already on the default branch is missing there, as it is on a server without that route. Then
 * the open pull requests are listed (a conditional read: unchanged, it costs a 304).
 */
async function openPullRequestsWithHead(
  octokit: Octokit,
  repo: RepoRef,
  sha: string,
  reader: CachedGet,
): Promise<PullRequestLike[]> {
  const withHead = (pulls: PullRequestLike[]) => pulls.filter((pr) => pr.state === "open" && pr.head.sha === sha);
  try {
    const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      ...repo,
      commit_sha: sha,
      per_page: 100,
    });
    const found = withHead(data as PullRequestLike[]);
    if (found.length > 0) return found;
  } catch (error) {
    if (httpStatus(error) !== 404 && httpStatus(error) !== 422) throw error;
  }
  const open = await readPages<PullRequestLike>(
    reader,
    octokit,
    "GET /repos/{owner}/{repo}/pulls",
    { ...repo, state: "open", per_page: 100 },
    MAX_LIST_PAGES,
  );
  return withHead(open.items);
}

const stagingOn = (config: ShipshapeConfig | null): config is ShipshapeConfig =>
  config !== null && config.pull_requests.staging.enforcement !== "off";

function isStagingCheck(config: ShipshapeConfig | null, name: string): boolean {
  return stagingOn(config) && globMatcher(config.pull_requests.staging.checks)(name);
}

export function onDeploymentStatus(services: CheckServices, afterwards?: AfterDeployment) {
  return async (context: Context<"deployment_status">): Promise<void> => {
    const { deployment, deployment_status: status } = context.payload;
    // GitHub adds `inactive` to a successful deployment when a newer one succeeds (auto_inactive):
    // it never changes whether the commit was deployed, so it costs nothing.
    if (status.state === "inactive") return;
    const environment = status.environment ?? deployment.environment;
    // A success is staging evidence for good (the gate asks for it): known from here on, never read.
    if (status.state === "success")
      await services.cache.rememberDeploymentState(context.repo(), deployment.id, "success");
    const loaded = await recheckCommit(
      context,
      services,
      deployment.sha,
      (config) => stagingOn(config) && stagingEnvironmentMatcher(config.pull_requests.staging)(environment),
      { deploymentId: deployment.id, environment, sha: deployment.sha, state: status.state },
    );
    // The config just read decides the rest: no second read of it.
    if (afterwards && loaded.kind === "valid")
      await afterwards(context, loaded.config, { environment, state: status.state });
  };
}

export function onCheckRunCompleted(services: CheckServices) {
  return async (context: Context<"check_run.completed">): Promise<void> => {
    const run = context.payload.check_run;
    if (run.name === CHECK_NAME) return; // our own run completing is not news
    await recheckCommit(context, services, run.head_sha, (config) => isStagingCheck(config, run.name));
  };
}

export function onCheckRunRerequested(services: CheckServices) {
  return async (context: Context<"check_run.rerequested">): Promise<void> => {
    const run = context.payload.check_run;
    if (run.name !== CHECK_NAME) return;
    await recheckCommit(context, services, run.head_sha, () => true);
  };
}

/** "Re-run all checks" on the pull request re-requests Shipshape's whole suite. */
export function onCheckSuiteRerequested(services: CheckServices) {
  return async (context: Context<"check_suite.rerequested">): Promise<void> => {
    await recheckCommit(context, services, context.payload.check_suite.head_sha, () => true);
  };
}

export function onStatus(services: CheckServices) {
  return async (context: Context<"status">): Promise<void> => {
    const { sha, context: name } = context.payload;
    await recheckCommit(context, services, sha, (config) => isStagingCheck(config, name));
  };
}
