import { LRUCache } from "lru-cache";
import type { RepoRef } from "./octokit.js";

/** How long a deployment's unfinished or failed state is trusted without a webhook saying otherwise. */
export const DEPLOYMENT_STATE_TTL_MS = 5 * 60_000;
/**
 * How long a pull request's judgement is reused when only its comments change (a waiver): facts
 * that change arrive as webhooks and judge again on this replica; one that another replica took
 * is caught within this time.
 */
export const JUDGEMENT_TTL_MS = 10 * 60_000;
/** How long a repository's pull-request templates are used without reading them again. */
export const TEMPLATE_TTL_MS = 10 * 60_000;

/**
 * Facts kept so that re-evaluations stay within their request budget: a file's dependencies at a
 * commit SHA (immutable), a deployment seen succeeding (staging evidence for its commit from then
 * on; later statuses such as `inactive` only mean a newer deployment replaced it), and other
 * deployment states for a few minutes (every change arrives as a deployment_status webhook, which
 * replaces them at once). Bounded, per process; a miss only costs the read it saves.
 */
export class FactCache {
  /** Bounded in bytes: a manifest can declare thousands of names. */
  readonly #dependencies = new LRUCache<string, ReadonlySet<string>>({
    maxSize: 16 * 1024 * 1024,
    sizeCalculation: (names, key) => key.length + [...names].reduce((sum, name) => sum + name.length + 16, 0) + 1,
  });
  readonly #deploymentStates = new LRUCache<string, { state: string | null; seenAt: number }>({ max: 20_000 });
  readonly #conclusions = new LRUCache<string, string>({ max: 20_000 });
  readonly #judgedAt = new LRUCache<string, string>({ max: 20_000 });
  /** Templates change rarely; a few minutes' staleness costs nothing but precision. */
  readonly #templates = new LRUCache<string, string[]>({
    max: 5_000,
    maxSize: 32 * 1024 * 1024,
    sizeCalculation: (texts, key) => key.length + texts.reduce((sum, text) => sum + text.length * 2, 0) + 1,
    ttl: TEMPLATE_TTL_MS,
  });

  readonly #judgements = new LRUCache<string, object>({ max: 5_000, ttl: JUDGEMENT_TTL_MS });

  readonly #pullRequests = new LRUCache<string, object>({ max: 20_000, ttl: JUDGEMENT_TTL_MS });

  /** The pull request as last judged (head commit among it), for a few minutes. */
  pullRequest(repo: RepoRef, number: number): object | undefined {
    return this.#pullRequests.get(`${repo.owner}/${repo.repo}#${number}`);
  }

  rememberPullRequest(repo: RepoRef, number: number, subject: object): void {
    this.#pullRequests.set(`${repo.owner}/${repo.repo}#${number}`, subject);
  }

  /** The judgement last published for exactly this pull-request content (see judgementKey). */
  judgement(key: string): object | undefined {
    return this.#judgements.get(key);
  }

  rememberJudgement(key: string, judgement: object): void {
    this.#judgements.set(key, judgement);
  }

  /** A repository's pull-request templates, when read in the last few minutes. */
  templates(repo: RepoRef): string[] | undefined {
    return this.#templates.get(`${repo.owner}/${repo.repo}`);
  }

  rememberTemplates(repo: RepoRef, templates: string[]): void {
    this.#templates.set(`${repo.owner}/${repo.repo}`, templates);
  }

  /** The newest `updated_at` of a pull request that Shipshape judged, to recognise older payloads. */
  judgedAt(repo: RepoRef, number: number): string | undefined {
    return this.#judgedAt.get(`${repo.owner}/${repo.repo}#${number}`);
  }

  rememberJudgedAt(repo: RepoRef, number: number, updatedAt: string): void {
    const key = `${repo.owner}/${repo.repo}#${number}`;
    const known = this.#judgedAt.get(key);
    if (!known || Date.parse(updatedAt) > Date.parse(known)) this.#judgedAt.set(key, updatedAt);
  }

  /** The conclusion Shipshape last published on a commit, for the status issue's list of open PRs. */
  conclusionAt(repo: RepoRef, sha: string): string | undefined {
    return this.#conclusions.get(`${repo.owner}/${repo.repo}@${sha}`);
  }

  rememberConclusion(repo: RepoRef, sha: string, conclusion: string): void {
    this.#conclusions.set(`${repo.owner}/${repo.repo}@${sha}`, conclusion);
  }

  dependenciesAt(repo: RepoRef, path: string, sha: string): ReadonlySet<string> | undefined {
    return this.#dependencies.get(fileKey(repo, path, sha));
  }

  rememberDependencies(repo: RepoRef, path: string, sha: string, names: ReadonlySet<string>): void {
    this.#dependencies.set(fileKey(repo, path, sha), names);
  }

  /** A deployment's latest state, when known; undefined when it must be read. */
  deploymentState(repo: RepoRef, deploymentId: number, now = Date.now()): string | null | undefined {
    const known = this.#deploymentStates.get(`${repo.owner}/${repo.repo}#${deploymentId}`);
    if (!known) return undefined;
    return known.state === "success" || now - known.seenAt < DEPLOYMENT_STATE_TTL_MS ? known.state : undefined;
  }

  rememberDeploymentState(repo: RepoRef, deploymentId: number, state: string | null, now = Date.now()): void {
    // A success is for good: later statuses (`inactive` when a newer deployment succeeds) don't undo it.
    if (this.deploymentState(repo, deploymentId, now) === "success") return;
    this.#deploymentStates.set(`${repo.owner}/${repo.repo}#${deploymentId}`, { state, seenAt: now });
  }
}

function fileKey(repo: RepoRef, path: string, sha: string): string {
  return `${repo.owner}/${repo.repo}@${sha}:${path}`;
}
