import {
  type DeliveryMemory,
  type DeploymentOutcome,
  isFinalDeploymentState,
  type MergedPull,
  type ProductionDeployment,
} from "../practices/outcomes.js";
import {
  endsBefore,
  MAX_LISTED,
  type PullListing,
  type RepositoryReads,
  readCapped,
  SWEEP_LISTS,
} from "./repository-facts.js";

/** Reads of statuses or first commits per sweep; the rest wait for the next sweep (said in the issue). */
const MAX_FOLLOW_UP_READS = 100;
/**
 * Entries of each kind kept in the status issue's data block, newest first: the block shares the
 * issue body's 65,536 characters with what people read.
 */
const MAX_REMEMBERED = 300;

/** A deployment as GitHub lists it (`GET /repos/{owner}/{repo}/deployments`), the fields read. */
export interface DeploymentListing {
  id: number;
  sha: string;
  environment?: string;
  created_at: string;
}

interface StatusListing {
  state: string;
}

interface CommitListing {
  commit?: { author?: { date?: string } | null; committer?: { date?: string } | null };
}

export interface DeliveryHistory {
  /** Production deployments created since the window's start less the failure window (rollbacks look back). */
  deployments: ProductionDeployment[];
  /** Environments of the deployments read that are not production ones (to explain empty figures). */
  otherEnvironments: string[];
  merged: MergedPull[];
  memory: DeliveryMemory;
}

/**
 * Deployments newest first (`GET /repos/{owner}/{repo}/deployments` lists them so), page by page
 * until one older than `since`; each production deployment's state from its statuses
 * (`GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses`, newest first: the first
 * `success`, `failure` or `error` decides; `inactive` only says a newer deployment replaced it);
 * merged pull requests' first commits (`GET /repos/{owner}/{repo}/pulls/{pull_number}/commits`,
 * oldest first). Reads are conditional; what `memory` holds is not read again.
 */
export async function readDeliveryHistory(
  reads: RepositoryReads,
  options: {
    isProduction: (environment: string) => boolean;
    /** Staging environments: a production deployment whose commit succeeded on one before is staged. */
    isStaging?: (environment: string) => boolean;
    since: number;
    now: number;
    failureWindowMs: number;
    closedPulls: readonly PullListing[];
    memory: DeliveryMemory;
    limits: string[];
  },
): Promise<DeliveryHistory> {
  const { isProduction, since, now, failureWindowMs, memory, limits } = options;
  const lookBack = since - failureWindowMs;
  const listed = await listDeploymentsSince(reads, lookBack, limits);
  const production = listed.filter((deployment) => isProduction(deployment.environment ?? ""));
  const otherEnvironments = [
    ...new Set(listed.map((deployment) => deployment.environment ?? "").filter((name) => name && !isProduction(name))),
  ].sort();

  const kept: DeliveryMemory = { s: {}, fc: {} };
  let followUps = 0;
  const deployments: ProductionDeployment[] = [];
  for (const deployment of production) {
    const createdAt = Date.parse(deployment.created_at);
    const id = String(deployment.id);
    let state: DeploymentOutcome | null | undefined = createdAt < since ? null : memory.s[id];
    if (state === undefined) {
      if (followUps++ >= MAX_FOLLOW_UP_READS) continue;
      state = await deploymentOutcome(reads, deployment.id);
      // A state is final once the failure window has passed; a newer one may still change.
      if (now - createdAt > failureWindowMs) kept.s[id] = state;
    } else if (createdAt >= since) kept.s[id] = state;
    deployments.push({
      id: deployment.id,
      sha: deployment.sha,
      environment: deployment.environment ?? "",
      createdAt,
      state,
    });
  }
  if (options.isStaging) {
    // Staged before production: the commit succeeded on a staging environment before the production
    // deployment was created. Staging deployments come from the list already read; their states are
    // read once each (newest first, only for commits production ran in the window) and remembered.
    const isStaging = options.isStaging;
    const staging = listed.filter((deployment) => isStaging(deployment.environment ?? ""));
    for (const deployment of deployments) {
      if (deployment.createdAt < since) continue;
      const candidates = staging.filter(
        (candidate) => candidate.sha === deployment.sha && Date.parse(candidate.created_at) < deployment.createdAt,
      );
      let staged: boolean | undefined = false;
      for (const candidate of candidates) {
        const id = String(candidate.id);
        let state = memory.s[id];
        if (state === undefined) {
          if (followUps++ >= MAX_FOLLOW_UP_READS) {
            staged = undefined;
            break;
          }
          state = await deploymentOutcome(reads, candidate.id);
        }
        if (state !== null) kept.s[id] = state;
        if (state === "success") {
          staged = true;
          break;
        }
      }
      if (staged !== undefined) deployment.staged = staged;
    }
  }
  if (followUps > MAX_FOLLOW_UP_READS) limits.push("deployment states beyond the first 100 are read on later sweeps");

  const merged: MergedPull[] = [];
  for (const pull of options.closedPulls) {
    if (!pull.merged_at || Date.parse(pull.merged_at) < since) continue;
    const key = String(pull.number);
    let first = memory.fc[key];
    if (first === undefined) {
      if (followUps++ >= MAX_FOLLOW_UP_READS) continue;
      first = await firstCommitTime(reads, pull.number);
    }
    kept.fc[key] = first;
    merged.push({
      number: pull.number,
      title: pull.title,
      mergedAt: Date.parse(pull.merged_at),
      firstCommitAt: first === null ? null : Date.parse(first),
    });
  }
  return { deployments, otherEnvironments, merged, memory: newest(kept) };
}

/** The memory cut to the newest entries (deployment ids and pull-request numbers grow with time). */
function newest(memory: DeliveryMemory): DeliveryMemory {
  const cut = <T>(record: Record<string, T>) =>
    Object.fromEntries(
      Object.entries(record)
        .sort(([a], [b]) => Number(b) - Number(a))
        .slice(0, MAX_REMEMBERED),
    );
  return { s: cut(memory.s), fc: cut(memory.fc) };
}

async function listDeploymentsSince(
  reads: RepositoryReads,
  since: number,
  limits: string[],
): Promise<DeploymentListing[]> {
  const deployments = await readCapped<DeploymentListing>(reads, SWEEP_LISTS.deployments, {
    limits,
    cut: `only the newest ${MAX_LISTED.toLocaleString("en-US")} deployments were read`,
    enough: (page) => endsBefore(page, since, (deployment) => deployment.created_at),
  });
  return deployments.filter((deployment) => Date.parse(deployment.created_at) >= since);
}

async function deploymentOutcome(
  { octokit, reader, repo }: RepositoryReads,
  deploymentId: number,
): Promise<DeploymentOutcome | null> {
  const statuses = await reader.get<StatusListing[]>(
    octokit,
    "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses",
    { ...repo, deployment_id: deploymentId, per_page: 100 },
  );
  const decisive = statuses.find((status) => isFinalDeploymentState(status.state));
  return (decisive?.state as DeploymentOutcome | undefined) ?? null;
}

async function firstCommitTime({ octokit, reader, repo }: RepositoryReads, number: number): Promise<string | null> {
  const commits = await reader.get<CommitListing[]>(octokit, "GET /repos/{owner}/{repo}/pulls/{pull_number}/commits", {
    ...repo,
    pull_number: number,
    per_page: 1,
  });
  const commit = commits[0]?.commit;
  return commit?.author?.date ?? commit?.committer?.date ?? null;
}
