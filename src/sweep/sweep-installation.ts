import pLimit from "p-limit";
import type { Logger } from "probot";
import { onceEach } from "../github/conditional-reader.js";
import { ORG_CONFIG_REPO } from "../github/config-loader.js";
import { findMarked, IssueWriter, listOwnIssues } from "../github/issues.js";
import { type CachedGet, describeFailure, type Octokit, type RepoRef } from "../github/octokit.js";
import { MARKERS } from "../report/data-block.js";
import { renderRollupIssue } from "../report/rollup-issue.js";
import { type SweepOptions, type SweepResult, type SweepServices, sweepRepository } from "./sweep-repository.js";

/** Repositories swept in parallel within one installation. */
export const SWEEP_CONCURRENCY = 8;

export type RepositoryOutcome = ({ ok: true } & SweepResult) | { ok: false; repo: string; error: string };

interface InstallationRepository {
  name: string;
  owner: { login: string };
  archived?: boolean;
  disabled?: boolean;
}

/** Every repository the installation can see, archived ones aside. */
export async function installationRepositories(octokit: Octokit): Promise<RepoRef[]> {
  const repositories = (await octokit.paginate("GET /installation/repositories", {
    per_page: 100,
  })) as InstallationRepository[];
  return repositories
    .filter((repository) => !repository.archived && !repository.disabled)
    .map((repository) => ({ owner: repository.owner.login, repo: repository.name }));
}

/**
 * Sweeps repositories with bounded concurrency; one that fails is logged and reported without
 * stopping the others. The organisation's defaults are read once for all of them (and, like a
 * repository's config, not again while their last full read stands). When the organisation's
 * `.github` repository is among them, its rollup issue gets a row per configured repository.
 */
export async function sweepRepositories(
  octokit: Octokit,
  repos: readonly RepoRef[],
  services: SweepServices,
  log: Logger,
  options: SweepOptions = {},
): Promise<RepositoryOutcome[]> {
  const limit = pLimit(SWEEP_CONCURRENCY);
  const defaults = await defaultsReaders(repos, services, options);
  const outcomes = await Promise.all(
    repos.map((repo) =>
      limit(() => {
        const shared = defaults.get(repo.owner.toLowerCase());
        return sweepOutcome(octokit, repo, services, log, { ...options, ...(shared ? { defaults: shared } : {}) });
      }),
    ),
  );
  await defaults.read();
  const orgRepo = repos.find((repo) => repo.repo === ORG_CONFIG_REPO);
  if (orgRepo && repos.length > 1) {
    const orgName = `${orgRepo.owner}/${orgRepo.repo}`;
    try {
      // The rollup's issue lists stand with the `.github` repository's last full read, as its own do.
      const standing = options.fullRead
        ? undefined
        : (await services.freshness?.assess(orgName, services.now()))?.standingSince;
      const writes = await updateRollup(octokit, orgRepo, outcomes, services, log, standing);
      if (writes > 0) await services.freshness?.changed(orgName, services.now());
    } catch (error) {
      log.error({ err: error, repo: `${orgRepo.owner}/${orgRepo.repo}` }, "rollup issue not updated");
    }
  }
  return outcomes;
}

/**
 * One reader of the organisation's defaults per owner for this sweep, asking GitHub at most once
 * per file: from the answers of their last full read while it stands, else from GitHub (then
 * `read()` records that full read).
 */
async function defaultsReaders(
  repos: readonly RepoRef[],
  services: SweepServices,
  options: SweepOptions,
): Promise<Map<string, CachedGet> & { read: () => Promise<void> }> {
  const now = services.now();
  const readers = new Map<string, CachedGet>();
  const readInFull: string[] = [];
  for (const owner of new Set(repos.map((repo) => repo.owner.toLowerCase()))) {
    const standing = options.fullRead
      ? undefined
      : (await services.freshness?.assessDefaults(owner, now))?.standingSince;
    readers.set(owner, onceEach(standing ? services.reader.trusting(standing) : services.reader));
    if (!standing) readInFull.push(owner);
  }
  return Object.assign(readers, {
    read: async () => {
      for (const owner of readInFull) await services.freshness?.defaultsRead(owner, now);
    },
  });
}

/**
 * Sweeps one repository with what GitHub answered as its outcome, a failure included, so that one
 * repository does not stop the others. The client may still be coming (an installation token).
 */
export async function sweepOutcome(
  octokit: Octokit | Promise<Octokit>,
  repo: RepoRef,
  services: SweepServices,
  log: Logger,
  options: SweepOptions = {},
): Promise<RepositoryOutcome> {
  try {
    return { ok: true, ...(await sweepRepository(await octokit, repo, services, log, options)) };
  } catch (error) {
    log.error({ err: error, repo: `${repo.owner}/${repo.repo}` }, "sweep of repository failed");
    return { ok: false, repo: `${repo.owner}/${repo.repo}`, error: describeFailure(error) };
  }
}

/**
 * Writes the organisation rollup issue in the `.github` repository from its repositories'
 * outcomes; returns the writes made. `standingSince`: the start of the `.github` repository's
 * full read that still stands, whose answers are taken without asking again.
 */
export async function updateRollup(
  octokit: Octokit,
  orgRepo: RepoRef,
  outcomes: readonly RepositoryOutcome[],
  services: SweepServices,
  log: Logger,
  standingSince?: Date,
): Promise<number> {
  const identity = await services.identity();
  const reader = standingSince ? services.reader.trusting(standingSince) : services.reader;
  const own = await listOwnIssues({ octokit, reader, repo: orgRepo }, identity);
  const existing = findMarked(own, MARKERS.rollup);
  const content = renderRollupIssue(orgRepo.owner, outcomes);
  const writer = new IssueWriter(octokit, orgRepo, identity, { sleep: services.sleep, log });
  const issue = existing.open ?? existing.lastClosed;
  if (issue) await writer.update(issue, content);
  else await writer.create(content, ["shipshape"], []);
  return writer.writes;
}

/** One line per repository, as the CLI prints it. */
export function describeOutcome(outcome: RepositoryOutcome): string {
  if (!outcome.ok) return `${outcome.repo}: failed: ${outcome.error}`;
  if (!outcome.configured) return `${outcome.repo}: not configured`;
  if (outcome.configError) return `${outcome.repo}: invalid configuration (${outcome.writes} writes)`;
  const failing = outcome.failing.length > 0 ? `failing: ${outcome.failing.join(", ")}` : "all practices met";
  return `${outcome.repo}: swept, ${failing} (${outcome.writes} write${outcome.writes === 1 ? "" : "s"})`;
}
