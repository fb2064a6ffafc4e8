import { LRUCache } from "lru-cache";
import type { RepoRef } from "./octokit.js";

/** Commits remembered, at most: past it the oldest is forgotten and the record starts over. */
const MAX_COMMITS = 50_000;

/**
 * The commits this process has written (or tried to write) Shipshape's check run on, and since
 * when, in GitHub's clock, it knows them all. It lets the first evaluation of a pull request opened
 * since then skip asking GitHub for Shipshape's run on its head commit (one request of five): no
 * webhook of this process can have put one there.
 *
 * Only for a process that sees every webhook (no Redis, so no other replica writes runs). GitHub's
 * clock is read from the `Date` header of an answer to a request made after the record started (or
 * last forgot a commit), so a clock of this machine that is off does not matter. What this cannot
 * know is a run made before the process started, on a commit that was already the head of another
 * pull request then and is the head of a new one now (a pull request closed and opened again from
 * the same branch across a restart): that commit gets a second run, whose verdicts are the current
 * ones, and which GitHub shows and requires as the run of that name.
 */
export class PublishedCommits {
  /** GitHub's time (ms) since which every commit written on is here; unknown until read. */
  #horizon: number | undefined;
  /** Counts the times the record forgot a commit: a clock reading from before one is not used. */
  #epoch = 0;
  readonly #commits: LRUCache<string, true>;

  constructor(max = MAX_COMMITS) {
    this.#commits = new LRUCache<string, true>({
      max,
      dispose: (_value, _key, reason) => {
        if (reason !== "evict") return;
        this.#epoch++;
        this.#horizon = undefined;
      },
    });
  }

  /** Called before a write of the run on `sha` is tried: from then on that commit is looked up. */
  record(repo: RepoRef, sha: string): void {
    this.#commits.set(keyOf(repo, sha), true);
  }

  /**
   * A reading of GitHub's clock for a request about to be made: `observe` takes the `Date` header
   * of its answer. The first reading taken since the record started (or forgot) sets the horizon.
   */
  clock(): (date: string | undefined) => void {
    const epoch = this.#epoch;
    return (date) => {
      const at = date ? Date.parse(date) : Number.NaN;
      if (Number.isNaN(at) || epoch !== this.#epoch || this.#horizon !== undefined) return;
      this.#horizon = at;
    };
  }

  /**
   * Whether Shipshape's run surely is not on `sha` yet: this process wrote none there, and the pull
   * request was opened (`openedAt`, GitHub's time) after the horizon. A `Date` header counts whole
   * seconds, so the answer it came with may be up to a second later than it says: a pull request
   * opened within that second is looked up.
   */
  hasNoRun(repo: RepoRef, sha: string, openedAt: string): boolean {
    if (this.#horizon === undefined || this.#commits.has(keyOf(repo, sha))) return false;
    const opened = Date.parse(openedAt);
    return !Number.isNaN(opened) && opened >= this.#horizon + 1_000;
  }
}

function keyOf(repo: RepoRef, sha: string): string {
  return `${repo.owner.toLowerCase()}/${repo.repo.toLowerCase()}@${sha.toLowerCase()}`;
}
