import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Freshness, MemoryFreshness, RedisFreshness } from "../src/sweep/freshness.js";
import { type RedisServer, startRedisServer } from "./helpers/redis-server.js";

const DAY = 86_400_000;
const T0 = new Date("2026-11-02T09:00:00Z");
const at = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);

let server: RedisServer;
let redis: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
}, 30_000);

afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

const kinds: [string, () => Freshness][] = [
  ["in memory (one process)", () => new MemoryFreshness(DAY)],
  ["in Redis (replicas)", () => new RedisFreshness(redis, DAY)],
];

describe.each(kinds)("freshness marks %s", (_kind, create) => {
  const standing = async (freshness: Freshness, repo: string, now: Date) =>
    (await freshness.assess(repo, now)).standingSince;

  it("a change of the organisation's defaults un-stands every repository of that owner, and only those", async () => {
    const freshness = create();
    for (const repo of ["acme/api", "acme/web", "other/api"]) await freshness.read(repo, at(0));
    await freshness.defaultsRead("acme", at(0));
    expect(await standing(freshness, "acme/api", at(1))).toEqual(at(0));
    expect((await freshness.assessDefaults("acme", at(1))).standingSince).toEqual(at(0));

    await freshness.defaultsChanged("Acme", at(2)); // logins are case-insensitive
    expect(await standing(freshness, "acme/api", at(3))).toBeUndefined();
    expect(await standing(freshness, "acme/web", at(3))).toBeUndefined();
    expect((await freshness.assessDefaults("acme", at(3))).standingSince).toBeUndefined();
    expect(await standing(freshness, "other/api", at(3))).toEqual(at(0));

    // Read again after the change: they stand again.
    await freshness.read("acme/api", at(3));
    await freshness.defaultsRead("acme", at(3));
    expect(await standing(freshness, "acme/api", at(4))).toEqual(at(3));
    expect((await freshness.assessDefaults("acme", at(4))).standingSince).toEqual(at(3));
    expect(await standing(freshness, "acme/web", at(4))).toBeUndefined();
  });

  it("the defaults' last read is due again after the reconcile interval, like a repository's", async () => {
    const freshness = create();
    await freshness.defaultsRead("beta", at(0));
    expect(await freshness.assessDefaults("beta", at(25))).toEqual({ reconcile: true });
  });
});
