import { LRUCache } from "lru-cache";
import type { RepoRef } from "./octokit.js";

/**
 * Facts that cannot change once seen, kept so that re-evaluations stay within their request
 * budget: a file's dependencies at a commit SHA, and a deployment seen succeeding (staging
 * evidence for its commit from then on; later statuses such as `inactive` only mean a newer
 * deployment replaced it). Bounded, per process; a miss only costs the read it saves.
 */
export class FactCache {
  readonly #dependencies = new LRUCache<string, ReadonlySet<string>>({ max: 2_000 });
  readonly #succeededDeployments = new LRUCache<string, true>({ max: 20_000 });
  readonly #conclusions = new LRUCache<string, string>({ max: 20_000 });

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

  deploymentSucceeded(repo: RepoRef, deploymentId: number): boolean {
    return this.#succeededDeployments.has(`${repo.owner}/${repo.repo}#${deploymentId}`);
  }

  rememberDeploymentState(repo: RepoRef, deploymentId: number, state: string | null): void {
    if (state === "success") this.#succeededDeployments.set(`${repo.owner}/${repo.repo}#${deploymentId}`, true);
  }
}

function fileKey(repo: RepoRef, path: string, sha: string): string {
  return `${repo.owner}/${repo.repo}@${sha}:${path}`;
}
