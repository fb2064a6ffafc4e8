import type { Context } from "probot";
import { CONFIG_PATH } from "../config/load.js";
import type { SweepQueue } from "../fleet/sweep-queue.js";
import type { RepoRef } from "../github/octokit.js";
import { isFinalDeploymentState, outcomesShown, productionEnvironmentMatcher } from "../practices/outcomes.js";
import { type Author, isAppAuthor } from "../sweep/app-identity.js";
import { sweepRepositories } from "../sweep/sweep-installation.js";
import { type SweepServices, sweepRepository } from "../sweep/sweep-repository.js";
import type { AfterDeployment } from "./commit-events.js";

/** Events after which a repository's cadence, maintenance or history may have changed. */
export const SWEEP_EVENTS = [
  "milestone",
  "issues",
  "pull_request.closed",
  "pull_request.opened",
  "pull_request.reopened",
  "dependabot_alert",
] as const;

/**
 * How a handler has repositories swept: at once, in this process (one instance), or as jobs on
 * the fleet's queue (REDIS_URL), where any replica takes them.
 */
export type SweepDispatch = (context: Context, repos: readonly RepoRef[]) => Promise<void>;

/** Sweeps in this process. A single repository's failure is thrown, so the ledger lets a redelivery retry it. */
export function sweepInProcess(services: SweepServices): SweepDispatch {
  return async (context, repos) => {
    const [only] = repos;
    // A webhook asked for these sweeps: something changed, so nothing earlier is trusted.
    if (repos.length === 1 && only)
      await sweepRepository(context.octokit, only, services, context.log, { fullRead: true });
    else await sweepRepositories(context.octokit, repos, services, context.log, { fullRead: true });
  };
}

/**
 * Adds a sweep job per repository, named by the delivery: a redelivered webhook adds nothing. If
 * the queue could not start (a Redis BullMQ cannot use), the sweep runs here instead of not at all.
 */
export function sweepOnQueue(
  queue: Promise<Pick<SweepQueue, "enqueueRepository">>,
  fallback: SweepDispatch,
): SweepDispatch {
  return async (context, repos) => {
    const installationId = (context.payload as { installation?: { id?: number } }).installation?.id;
    const ready = await queue.catch(() => undefined);
    if (!ready || installationId === undefined) return fallback(context, repos);
    for (const repo of repos) await ready.enqueueRepository({ installationId, ...repo, fullRead: true }, context.id);
  };
}

export function onRepositoryChanged(services: SweepServices, sweep: SweepDispatch = sweepInProcess(services)) {
  return async (context: Context<(typeof SWEEP_EVENTS)[number]>): Promise<void> => {
    const payload = context.payload as {
      sender?: Author | null;
      pull_request?: { user?: { type?: string } | null };
    };
    // The app's own issue writes come back as `issues` events: nothing new to see there.
    if (context.name === "issues" && isAppAuthor(payload.sender, await services.identity())) return;
    // Opened pull requests matter to maintenance only when a bot (Dependabot, Renovate) opened them.
    if (
      context.name === "pull_request" &&
      context.payload.action !== "closed" &&
      payload.pull_request?.user?.type !== "Bot"
    )
      return;
    await sweep(context, [context.repo()]);
  };
}

/**
 * After a deployment's status (see onDeploymentStatus, which read the config): a production
 * deployment that finished changed the status issue's delivery outcomes. Other environments
 * (staging, previews) only concern pull requests' checks.
 */
export function sweepAfterProductionDeployment(sweep: SweepDispatch): AfterDeployment {
  return async (context, config, deployment) => {
    if (!isFinalDeploymentState(deployment.state) || !outcomesShown(config)) return;
    if (!productionEnvironmentMatcher(config.outcomes)(deployment.environment)) return;
    await sweep(context, [context.repo()]);
  };
}

export function onPush(services: SweepServices, sweep: SweepDispatch = sweepInProcess(services)) {
  return async (context: Context<"push">): Promise<void> => {
    const { ref, repository, commits } = context.payload;
    if (ref !== `refs/heads/${repository.default_branch}`) return;
    const touched = commits.some((commit) =>
      [...(commit.added ?? []), ...(commit.modified ?? []), ...(commit.removed ?? [])].includes(CONFIG_PATH),
    );
    if (!touched) return;
    await sweep(context, [context.repo()]);
  };
}

export function onInstallation(services: SweepServices, sweep: SweepDispatch = sweepInProcess(services)) {
  return async (context: Context<"installation.created" | "installation_repositories.added">): Promise<void> => {
    const payload = context.payload as {
      installation: { account: { login: string } | null };
      repositories?: { name: string; full_name: string }[];
      repositories_added?: { name: string; full_name: string }[];
    };
    const listed = payload.repositories_added ?? payload.repositories ?? [];
    const repos: RepoRef[] = listed.map((repository) => {
      const [owner, repo] = repository.full_name.split("/") as [string, string];
      return { owner, repo };
    });
    if (repos.length === 0) return;
    await sweep(context, repos);
  };
}
