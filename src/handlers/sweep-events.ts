import type { Context, Logger } from "probot";
import { type Author, isAppAuthor } from "../github/app-identity.js";
import { CONFIG_PATH, ORG_CONFIG_REPO } from "../github/config-loader.js";
import type { RepoRef } from "../github/octokit.js";
import { isFinalDeploymentState, outcomesShown, productionEnvironmentMatcher } from "../practices/outcomes.js";
import { sweepRepositories } from "../sweep/sweep-installation.js";
import type { SweepQueue } from "../sweep/sweep-queue.js";
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

/**
 * Every webhook about a repository says it may have changed: its next sweep reads it in full
 * (see Freshness). Marked before any handler runs, so a sweep the webhook asks for, or the next
 * scheduled one, never stands on what was read before.
 */
export function markRepositoryChanged(services: Pick<SweepServices, "freshness" | "now">, log: Logger) {
  return async (event: { payload: unknown }): Promise<void> => {
    const repository = (event.payload as { repository?: { full_name?: string } }).repository?.full_name;
    if (!repository) return;
    await services.freshness
      ?.changed(repository, services.now())
      .catch((error: unknown) => log.warn({ err: error, repository }, "could not record that the repository changed"));
  };
}

/** The organisation's defaults: the config files of its `.github` repository (`.github/*.yml`). */
const DEFAULTS_FILE = /^\.github\/[^/]+\.ya?ml$/;

/**
 * A push to the default branch that touches the config sweeps the repository (opting it in or out
 * at once). One to the organisation's `.github` repository that touches its config files changes
 * the defaults every repository of the organisation may inherit (the fallback config, `_extends`
 * bases): none's last full read stands, and the next sweep reads them again.
 */
export function onPush(services: SweepServices, sweep: SweepDispatch = sweepInProcess(services)) {
  return async (context: Context<"push">): Promise<void> => {
    const { ref, repository, commits } = context.payload;
    if (ref !== `refs/heads/${repository.default_branch}`) return;
    // `commits` lists the files each pushed commit added, modified or removed ("push" in "Webhook
    // events and payloads").
    const files = commits.flatMap((commit) => [
      ...(commit.added ?? []),
      ...(commit.modified ?? []),
      ...(commit.removed ?? []),
    ]);
    if (repository.name === ORG_CONFIG_REPO && files.some((file) => DEFAULTS_FILE.test(file))) {
      await services.freshness?.defaultsChanged(context.repo().owner, services.now());
    }
    if (!files.includes(CONFIG_PATH)) return;
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
    // A repository may have been in the installation before, its config changed while it was
    // out (no webhooks then): nothing read before stands, even if this sweep does not happen.
    for (const repo of repos) await services.freshness?.changed(`${repo.owner}/${repo.repo}`, services.now());
    await sweep(context, repos);
  };
}
