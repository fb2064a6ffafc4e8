import type { Context } from "probot";
import { CONFIG_PATH } from "../config/load.js";
import type { RepoRef } from "../github/octokit.js";
import { type Author, isAppAuthor } from "../sweep/app-identity.js";
import { sweepRepositories } from "../sweep/sweep-installation.js";
import { type SweepServices, sweepRepository } from "../sweep/sweep-repository.js";

/** Events after which a repository's cadence, maintenance or history may have changed. */
export const SWEEP_EVENTS = [
  "milestone",
  "issues",
  "pull_request.closed",
  "pull_request.opened",
  "pull_request.reopened",
  "dependabot_alert",
] as const;

export function onRepositoryChanged(services: SweepServices) {
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
    await sweepRepository(context.octokit, context.repo(), services, context.log);
  };
}

export function onPush(services: SweepServices) {
  return async (context: Context<"push">): Promise<void> => {
    const { ref, repository, commits } = context.payload;
    if (ref !== `refs/heads/${repository.default_branch}`) return;
    const touched = commits.some((commit) =>
      [...(commit.added ?? []), ...(commit.modified ?? []), ...(commit.removed ?? [])].includes(CONFIG_PATH),
    );
    if (!touched) return;
    await sweepRepository(context.octokit, context.repo(), services, context.log);
  };
}

export function onInstallation(services: SweepServices) {
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
    await sweepRepositories(context.octokit, repos, services, context.log);
  };
}
