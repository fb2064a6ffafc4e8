import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { SharedFacts } from "../github/fact-cache.js";
import { realSleep, type Sleep } from "../github/retry-write.js";
import type { Ledger } from "../handlers/delivery-ledger.js";
import { KeyedLock, type Locks } from "../handlers/keyed-lock.js";

/**
 * With REDIS_URL, replicas of the app share their delivery ledger and locks through Redis, so
 * one delivery sent to two replicas does its work once, and two replicas never write Shipshape's
 * check run for one commit at the same time. Keys expire, so a replica that dies holds nothing.
 */
const PREFIX = "shipshape:";
/** How long a handled delivery is remembered (GitHub redelivers on request, within days). */
const DELIVERY_TTL_SECONDS = 3 * 86_400;
/** A lock's lease; renewed while its holder works, so a crashed holder frees it within this time. */
const LOCK_LEASE_MS = 30_000;
const LOCK_RETRY_MS = 50;
/** How long to wait for a lock another replica holds before giving up (the delivery is logged as failed). */
const LOCK_WAIT_MS = 10 * 60_000;

const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

export class RedisDeliveryLedger implements Ledger {
  readonly #inFlight = new Map<string, Promise<void>>();

  constructor(private readonly redis: Redis) {}

  async once(deliveryId: string, work: () => Promise<void>): Promise<"handled" | "duplicate"> {
    const running = this.#inFlight.get(deliveryId);
    if (running) {
      await running;
      return "duplicate";
    }
    const key = `${PREFIX}delivery:${deliveryId}`;
    const claimed = await this.redis.set(key, randomUUID(), "EX", DELIVERY_TTL_SECONDS, "NX");
    if (claimed === null) return "duplicate";
    const promise = work();
    this.#inFlight.set(deliveryId, promise);
    try {
      await promise;
      return "handled";
    } catch (error) {
      // Failed: forgotten, so that a redelivery (to any replica) retries it.
      await this.redis.del(key).catch(() => undefined);
      throw error;
    } finally {
      this.#inFlight.delete(deliveryId);
    }
  }
}

export class RedisLocks implements Locks {
  readonly #local = new KeyedLock();

  constructor(
    private readonly redis: Redis,
    private readonly sleep: Sleep = realSleep,
  ) {}

  /** One holder at a time across replicas (and, first, within this process). */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.#local.run(key, async () => {
      const lockKey = `${PREFIX}lock:${key}`;
      const token = randomUUID();
      const deadline = Date.now() + LOCK_WAIT_MS;
      while ((await this.redis.set(lockKey, token, "PX", LOCK_LEASE_MS, "NX")) === null) {
        if (Date.now() > deadline) throw new Error(`waited too long for the lock ${key}`);
        await this.sleep(LOCK_RETRY_MS);
      }
      const renewal = setInterval(() => {
        this.redis.eval(RENEW, 1, lockKey, token, String(LOCK_LEASE_MS)).catch(() => undefined);
      }, LOCK_LEASE_MS / 3);
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
 * judgements), for the others: keys expire with the fact's lifetime (see FactCache).
 */
export class RedisFacts implements SharedFacts {
  constructor(private readonly redis: Redis) {}

  get(key: string): Promise<string | null> {
    return this.redis.get(key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(key, value, "PX", ttlMs);
  }
}
