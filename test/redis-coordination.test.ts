import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisKey, withInstallation } from "../src/coordination/redis-keys.js";
import { LedgerUnavailableError, RedisDeliveryLedger, RedisFacts } from "../src/fleet/redis-coordination.js";
import { FactCache } from "../src/github/fact-cache.js";
import { type RedisServer, startRedisServer } from "./helpers/redis-server.js";

const scope = { host: "github.example.com" };

describe("replicas coordinating through a real Redis", () => {
  let server: RedisServer;
  let redis: Redis;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  }, 20_000);

  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it("redoes a delivery whose replica crashed mid-work, once its short lease lapsed", async () => {
    // The crashed replica: it claimed the delivery and never renews (its process is gone).
    const crashed = new RedisDeliveryLedger(redis, scope, { leaseMs: 30_000, renewEveryMs: 3_600_000 });
    let crashedWorked = false;
    void crashed.once("pull-request:crash-1", async () => {
      crashedWorked = true;
      await new Promise<never>(() => {});
    });
    const key = redisKey({ ...scope, installation: null }, "delivery", "pull-request:crash-1");
    while (!crashedWorked) await new Promise((resolve) => setImmediate(resolve));
    const lease = await redis.pttl(key);
    expect(lease).toBeGreaterThan(0);
    expect(lease).toBeLessThanOrEqual(30_000);

    // While the lease runs, the other replica leaves the delivery alone.
    const other = new RedisDeliveryLedger(redis, scope);
    let redone = 0;
    const work = async () => {
      redone++;
    };
    expect(await other.once("pull-request:crash-1", work)).toBe("duplicate");
    // The lease lapses (as it does LEASE_MS after the crash): GitHub's redelivery is done again.
    await redis.del(key);
    expect(await other.once("pull-request:crash-1", work)).toBe("handled");
    expect(redone).toBe(1);
    // Done is remembered for days, and only now.
    expect(await redis.get(key)).toBe("done");
    expect(await redis.ttl(key)).toBeGreaterThan(2 * 86_400);
    expect(await other.once("pull-request:crash-1", work)).toBe("duplicate");
    expect(redone).toBe(1);
  });

  it("forgets a delivery whose work failed, so that its redelivery retries it", async () => {
    const ledger = new RedisDeliveryLedger(redis, scope);
    await expect(
      ledger.once("status:fails-1", async () => {
        throw new Error("GitHub answered 502");
      }),
    ).rejects.toThrow("502");
    let done = false;
    expect(
      await ledger.once("status:fails-1", async () => {
        done = true;
      }),
    ).toBe("handled");
    expect(done).toBe(true);
  });

  it("refuses to answer for a delivery while Redis is unreachable (nothing done, so it can be redelivered)", async () => {
    const unreachable = new Redis("redis://127.0.0.1:1", {
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    unreachable.on("error", () => undefined);
    const ledger = new RedisDeliveryLedger(unreachable, scope);
    let worked = false;
    await expect(
      ledger.once("pull-request:outage-1", async () => {
        worked = true;
      }),
    ).rejects.toBeInstanceOf(LedgerUnavailableError);
    expect(worked).toBe(false);
    unreachable.disconnect();
  });

  it("keeps every key under the GitHub host and the installation the work is about", async () => {
    const cache = new FactCache(new RedisFacts(redis, scope, "webhook-secret"));
    await withInstallation(42, () => cache.rememberConclusion({ owner: "acme", repo: "api" }, "abc", "success"));
    expect(await redis.keys("*acme/api@abc*")).toEqual([
      "shipshape:github.example.com:42:fact:conclusion:acme/api@abc",
    ]);
    // Another installation (or another GitHub host) with a repository of the same name reads nothing.
    expect(await withInstallation(43, () => cache.conclusionAt({ owner: "acme", repo: "api" }, "abc"))).toBeUndefined();
    expect(await withInstallation(42, () => cache.conclusionAt({ owner: "acme", repo: "api" }, "abc"))).toBe("success");
  });

  it("ignores a value that no replica signed, however well formed", async () => {
    const reports: string[] = [];
    const cache = new FactCache(new RedisFacts(redis, scope, "webhook-secret"), (kind) => reports.push(kind));
    const key = "acme/api@abc#content";
    const passing = (practice: string) => ({ practice, enforcement: "error", outcome: "pass", summary: ["Met."] });
    const forged = {
      facts: "x",
      results: ["tests", "staging", "rollback", "requirements", "dependencies"].map(passing),
      run: { id: 1, digest: "x" },
    };
    await withInstallation(7, async () => {
      await redis.set(redisKey(scope, "fact", "judgement", key), JSON.stringify(forged));
      expect(await cache.judgement(key)).toBeUndefined();
      // Signed with another secret: just as forged.
      await new RedisFacts(redis, scope, "guessed").set(`fact:judgement:${key}`, JSON.stringify(forged), 60_000);
      expect(await cache.judgement(key)).toBeUndefined();
      // A replica's own write is read back.
      await cache.rememberJudgement(key, forged as never);
      expect((await cache.judgement(key))?.facts).toBe("x");
    });
    expect(reports).toEqual(["judgement"]);
  });
});
