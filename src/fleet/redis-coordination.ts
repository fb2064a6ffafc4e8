import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import type { Redis } from "ioredis";
import { KeyedLock, type Locks } from "../coordination/keyed-lock.js";
import { type KeyScope, redisKey } from "../coordination/redis-keys.js";
import type { SharedFacts } from "../github/fact-cache.js";
import { realSleep, type Sleep } from "../github/retry-write.js";
import type { Ledger } from "../handlers/delivery-ledger.js";

/**
 * With REDIS_URL, replicas of the app share their delivery ledger and locks through Redis, so
 * one delivery sent to two replicas does its work once, and two replicas never write Shipshape's
 * check run for one commit at the same time. Keys expire, so a replica that dies holds nothing.
 */
/** How long a handled delivery is remembered (GitHub redelivers on request, within days). */
const DELIVERY_DONE_SECONDS = 3 * 86_400;
/** A delivery's claim while its work runs; renewed every third of it, so a crashed replica's lapses. */
const DELIVERY_LEASE_MS = 30_000;
/** A lock's lease by default; renewed while its holder works, so a crashed holder frees it within this time. */
export const LOCK_LEASE_MS = 30_000;
const LOCK_RETRY_MS = 50;
/** How long to wait for a lock another replica holds before giving up (the delivery is logged as failed). */
const LOCK_WAIT_MS = 10 * 60_000;

const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const FINISH = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("set", KEYS[1], "done", "PX", ARGV[2]) else return 0 end`;
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

/**
 * The delivery ledger shared by replicas. A delivery is claimed with a short lease (`working:…`),
 * renewed while its work runs, and marked `done` for days only once the work succeeded: a replica
 * that crashes mid-work stops renewing, its lease lapses within LEASE_MS, and GitHub's redelivery
 * (to any replica) does the work again. While another replica holds a live lease the delivery is
 * a duplicate. When Redis cannot be asked, LedgerUnavailableError is thrown before any work, so
 * the webhook is answered 5xx and a redelivery can redo it, instead of a 200 for work not done.
 */
export class RedisDeliveryLedger implements Ledger {
  readonly #inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly redis: Redis,
    private readonly scope: KeyScope,
    private readonly lease: { leaseMs: number; renewEveryMs: number } = {
      leaseMs: DELIVERY_LEASE_MS,
      renewEveryMs: DELIVERY_LEASE_MS / 3,
    },
  ) {}

  async once(deliveryId: string, work: () => Promise<void>): Promise<"handled" | "duplicate"> {
    const running = this.#inFlight.get(deliveryId);
    if (running) {
      await running;
      return "duplicate";
    }
    const key = redisKey(this.scope, "delivery", deliveryId);
    const token = `working:${randomUUID()}`;
    let claimed: string | null;
    try {
      claimed = await this.redis.set(key, token, "PX", this.lease.leaseMs, "NX");
    } catch (error) {
      throw new LedgerUnavailableError(error);
    }
    if (claimed === null) return "duplicate";
    const renewal = setInterval(() => {
      this.redis.eval(RENEW, 1, key, token, String(this.lease.leaseMs)).catch(() => undefined);
    }, this.lease.renewEveryMs);
    const promise = work();
    this.#inFlight.set(deliveryId, promise);
    try {
      await promise;
      // Done: remembered for days (only if the lease is still this replica's, else another redid it).
      await this.redis.eval(FINISH, 1, key, token, String(DELIVERY_DONE_SECONDS * 1000)).catch(() => undefined);
      return "handled";
    } catch (error) {
      // Failed: the claim is dropped, so that a redelivery (to any replica) retries it.
      await this.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
      throw error;
    } finally {
      clearInterval(renewal);
      this.#inFlight.delete(deliveryId);
    }
  }
}

/** Redis could not be asked whether a delivery was handled: the webhook must not be acknowledged. */
export class LedgerUnavailableError extends Error {
  constructor(cause: unknown) {
    super("the delivery ledger (Redis) is unreachable", { cause });
    this.name = "LedgerUnavailableError";
  }
}

export class RedisLocks implements Locks {
  readonly #local = new KeyedLock();

  constructor(
    private readonly redis: Redis,
    private readonly scope: KeyScope,
    private readonly sleep: Sleep = realSleep,
    private readonly leaseMs: number = LOCK_LEASE_MS,
  ) {}

  /** One holder at a time across replicas (and, first, within this process). */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.#local.run(key, async () => {
      const lockKey = redisKey(this.scope, "lock", key);
      const token = randomUUID();
      const deadline = Date.now() + LOCK_WAIT_MS;
      while ((await this.redis.set(lockKey, token, "PX", this.leaseMs, "NX")) === null) {
        if (Date.now() > deadline) throw new Error(`waited too long for the lock ${key}`);
        await this.sleep(LOCK_RETRY_MS);
      }
      const renewal = setInterval(() => {
        this.redis.eval(RENEW, 1, lockKey, token, String(this.leaseMs)).catch(() => undefined);
      }, this.leaseMs / 3);
      try {
        return await work();
      } finally {
        clearInterval(renewal);
        await this.redis.eval(RELEASE, 1, lockKey, token).catch(() => undefined);
      }
    });
  }
}

/**
 * Facts one replica read (dependencies at a commit, deployment states, templates, conclusions,
 * judgements), for the others: keys expire with the fact's lifetime (see FactCache). Each value
 * is stored with an HMAC of its key and text under the app's webhook secret, which every replica
 * has and Redis does not: a value written by anything else (or moved from another key) fails
 * the check and is a miss, as is a malformed one (FactCache also validates its shape).
 */
export class RedisFacts implements SharedFacts {
  constructor(
    private readonly redis: Redis,
    private readonly scope: KeyScope,
    private readonly signingKey: string,
  ) {}

  async get(key: string): Promise<string | null> {
    const fullKey = redisKey(this.scope, key);
    const stored = await this.redis.get(fullKey);
    if (stored === null) return null;
    const separator = stored.indexOf(".");
    const mac = stored.slice(0, separator);
    const value = stored.slice(separator + 1);
    const expected = this.#mac(fullKey, value);
    const valid =
      separator > 0 && mac.length === expected.length && timingSafeEqual(Buffer.from(mac), Buffer.from(expected));
    // Not signed by a replica: passed on as text that is no JSON, which FactCache reports as invalid.
    return valid ? value : "(a value without a valid signature)";
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    const fullKey = redisKey(this.scope, key);
    await this.redis.set(fullKey, `${this.#mac(fullKey, value)}.${value}`, "PX", ttlMs);
  }

  #mac(key: string, value: string): string {
    return createHmac("sha256", this.signingKey).update(key).update("\n").update(value).digest("base64url");
  }
}
