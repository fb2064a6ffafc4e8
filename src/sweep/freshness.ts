import type { Redis } from "ioredis";
import { LRUCache } from "lru-cache";
import { githubHost, redisKey } from "../coordination/redis-keys.js";

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
   * Whether the repository's last full read still stands at `now`, or why it is read again. A
   * change of its owner's defaults (see defaultsChanged) is a change of the repository too.
   */
  assess(repo: string, now: Date): Promise<ReadState>;
  /**
   * A webhook said the organisation's defaults may have changed (a push to its `.github`
   * repository touching `.github/*.yml`): any repository of `owner` may inherit them (the fallback
   * config, `_extends`), so no last full read of them stands.
   */
  defaultsChanged(owner: string, at: Date): Promise<void>;
  /** The owner's defaults were read in full by a sweep started at `startedAt`. */
  defaultsRead(owner: string, startedAt: Date): Promise<void>;
  /** Whether the last full read of the owner's defaults still stands at `now`. */
  assessDefaults(owner: string, now: Date): Promise<ReadState>;
}

export interface ReadState {
  /**
   * When the last full read started, if it still stands: nothing changed since, and it is recent
   * enough. Answers confirmed since then may be taken as they are.
   */
  standingSince?: Date;
  /**
   * The last full read stood until the reconcile interval ran out: nothing is known to have
   * changed, and this read is there to catch a webhook that never arrived.
   */
  reconcile: boolean;
}

export const DEFAULT_RECONCILE_INTERVAL = "24h";

interface Marks {
  read?: number;
  changed?: number;
}

/** The owner's marks under their own key: repository keys (`owner/name`) always have a slash. */
function defaultsKey(owner: string): string {
  return owner.toLowerCase();
}

function ownerOf(repo: string): string {
  return repo.slice(0, Math.max(repo.indexOf("/"), 0));
}

function assessed(marks: Marks, now: Date, reconcileMs: number, defaultsChangedAt?: number): ReadState {
  if (marks.read === undefined) return { reconcile: false };
  if (marks.changed !== undefined && marks.changed >= marks.read) return { reconcile: false };
  if (defaultsChangedAt !== undefined && defaultsChangedAt >= marks.read) return { reconcile: false };
  return now.getTime() - marks.read < reconcileMs
    ? { standingSince: new Date(marks.read), reconcile: false }
    : { reconcile: true };
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

  async assess(repo: string, now: Date): Promise<ReadState> {
    const defaults = this.#marks.get(defaultsKey(ownerOf(repo)))?.changed;
    return assessed(this.#marks.get(repo) ?? {}, now, this.reconcileMs, defaults);
  }

  async defaultsChanged(owner: string, at: Date): Promise<void> {
    await this.changed(defaultsKey(owner), at);
  }

  async defaultsRead(owner: string, startedAt: Date): Promise<void> {
    await this.read(defaultsKey(owner), startedAt);
  }

  async assessDefaults(owner: string, now: Date): Promise<ReadState> {
    return assessed(this.#marks.get(defaultsKey(owner)) ?? {}, now, this.reconcileMs);
  }
}

/** Several replicas: the marks live in Redis, so a webhook one replica took counts for all. */
export class RedisFreshness implements Freshness {
  constructor(
    private readonly redis: Redis,
    private readonly reconcileMs: number,
    /** The GitHub host the marks belong to; a repository's marks belong to no one installation. */
    private readonly host: string = githubHost(),
  ) {}

  #key(repo: string): string {
    return redisKey({ host: this.host, installation: null }, "freshness", repo);
  }

  #defaultsKey(owner: string): string {
    return redisKey({ host: this.host, installation: null }, "freshness-defaults", defaultsKey(owner));
  }

  async changed(repo: string, at: Date): Promise<void> {
    await this.#mark(this.#key(repo), "changed", at);
  }

  async read(repo: string, startedAt: Date): Promise<void> {
    await this.#mark(this.#key(repo), "read", startedAt);
  }

  async assess(repo: string, now: Date): Promise<ReadState> {
    const [marks, defaults] = await Promise.all([
      this.redis.hgetall(this.#key(repo)),
      this.redis.hget(this.#defaultsKey(ownerOf(repo)), "changed"),
    ]);
    return assessed(fromHash(marks), now, this.reconcileMs, defaults ? Number(defaults) : undefined);
  }

  async defaultsChanged(owner: string, at: Date): Promise<void> {
    await this.#mark(this.#defaultsKey(owner), "changed", at);
  }

  async defaultsRead(owner: string, startedAt: Date): Promise<void> {
    await this.#mark(this.#defaultsKey(owner), "read", startedAt);
  }

  async assessDefaults(owner: string, now: Date): Promise<ReadState> {
    return assessed(fromHash(await this.redis.hgetall(this.#defaultsKey(owner))), now, this.reconcileMs);
  }

  async #mark(key: string, field: "read" | "changed", at: Date): Promise<void> {
    // Kept past the reconcile interval only: after that a full read is due anyway.
    await this.redis
      .multi()
      .hset(key, field, String(at.getTime()))
      .pexpire(key, this.reconcileMs * 2)
      .exec();
  }
}

function fromHash(marks: Record<string, string>): Marks {
  return {
    ...(marks.read ? { read: Number(marks.read) } : {}),
    ...(marks.changed ? { changed: Number(marks.changed) } : {}),
  };
}
