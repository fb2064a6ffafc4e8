import type { Redis } from "ioredis";
import { LRUCache } from "lru-cache";

/**
 * Which repositories' last full read can still be trusted. GitHub sends a webhook for everything a
 * sweep judges (milestones, issues, pull requests, Dependabot alerts, pushes of the config), so a
 * repository no webhook has mentioned since its last full read has not changed: its sweep takes
 * the answers it read then, without asking GitHub again, and works out time-based lapses from them.
 * A full read is made anyway once per reconcile interval (default a day), to catch a webhook that
 * never arrived. Installation tokens are renewed hourly and GitHub's ETags belong to the token, so
 * conditional requests alone would make every hourly sweep pay in full.
 */
export interface Freshness {
  /** A webhook said something in the repository (`owner/name`) changed. */
  changed(repo: string, at: Date): Promise<void>;
  /** A full read of the repository, started at `startedAt`, is done. */
  read(repo: string, startedAt: Date): Promise<void>;
  /**
   * When the last full read started, if it still stands at `now`: nothing changed since, and it is
   * recent enough. Answers confirmed since then may be taken as they are.
   */
  standingSince(repo: string, now: Date): Promise<Date | undefined>;
}

export const DEFAULT_RECONCILE_INTERVAL = "24h";

interface Marks {
  read?: number;
  changed?: number;
}

function standing(marks: Marks, now: Date, reconcileMs: number): Date | undefined {
  if (marks.read === undefined) return undefined;
  if (marks.changed !== undefined && marks.changed >= marks.read) return undefined;
  return now.getTime() - marks.read < reconcileMs ? new Date(marks.read) : undefined;
}

/** One process: the marks live in memory (bounded; a forgotten repository is simply read in full). */
export class MemoryFreshness implements Freshness {
  readonly #marks = new LRUCache<string, Marks>({ max: 200_000 });

  constructor(private readonly reconcileMs: number) {}

  async changed(repo: string, at: Date): Promise<void> {
    this.#marks.set(repo, { ...this.#marks.get(repo), changed: at.getTime() });
  }

  async read(repo: string, startedAt: Date): Promise<void> {
    this.#marks.set(repo, { ...this.#marks.get(repo), read: startedAt.getTime() });
  }

  async standingSince(repo: string, now: Date): Promise<Date | undefined> {
    return standing(this.#marks.get(repo) ?? {}, now, this.reconcileMs);
  }
}

/** Several replicas: the marks live in Redis, so a webhook one replica took counts for all. */
export class RedisFreshness implements Freshness {
  constructor(
    private readonly redis: Redis,
    private readonly reconcileMs: number,
  ) {}

  #key(repo: string): string {
    return `shipshape:freshness:${repo}`;
  }

  async changed(repo: string, at: Date): Promise<void> {
    await this.#mark(repo, "changed", at);
  }

  async read(repo: string, startedAt: Date): Promise<void> {
    await this.#mark(repo, "read", startedAt);
  }

  async standingSince(repo: string, now: Date): Promise<Date | undefined> {
    const marks = await this.redis.hgetall(this.#key(repo));
    return standing(
      {
        ...(marks.read ? { read: Number(marks.read) } : {}),
        ...(marks.changed ? { changed: Number(marks.changed) } : {}),
      },
      now,
      this.reconcileMs,
    );
  }

  async #mark(repo: string, field: "read" | "changed", at: Date): Promise<void> {
    // Kept past the reconcile interval only: after that a full read is due anyway.
    await this.redis
      .multi()
      .hset(this.#key(repo), field, String(at.getTime()))
      .pexpire(this.#key(repo), this.reconcileMs * 2)
      .exec();
  }
}
