import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliver, GitHubSimulator, openPull, PayloadFactory } from "../../src/simulator/index.js";
import { type AppProcess, startAppProcess } from "../helpers/app-process.js";
import { type RedisServer, startRedisServer } from "../helpers/redis-server.js";

/** `npm start` with REDIS_URL: Probot's rate-limit bookkeeping is shared through a real Redis. */
describe("the app with REDIS_URL", () => {
  let redis: RedisServer;
  let simulator: GitHubSimulator;
  let app: AppProcess;

  beforeAll(async () => {
    redis = await startRedisServer();
    simulator = new GitHubSimulator();
    await simulator.start();
    app = await startAppProcess(simulator, { REDIS_URL: redis.url });
  }, 30_000);

  afterAll(async () => {
    await app?.stop();
    await simulator?.stop();
    await redis?.stop();
  });

  it("starts, checks a pull request, and keeps its write throttling in Redis", async () => {
    const installation = simulator.store.addInstallation("acme");
    const repository = simulator.store.addRepository("acme/payments", installation.id);
    simulator.store.putFile(repository, ".github/shipshape.yml", "{}\n");
    const pull = openPull(simulator.store, repository, { title: "Refunds (#1)", files: ["src/a.ts"] });
    const payloads = new PayloadFactory(simulator);
    const delivery = await deliver(
      { url: app.webhookUrl, secret: app.secret },
      "pull_request",
      payloads.pullRequest("opened", repository, pull),
    );
    expect(delivery.status).toBe(200);
    expect(repository.checkRuns).toHaveLength(1);
    const port = new URL(redis.url).port;
    const keys = execFileSync("redis-cli", ["-p", port, "keys", "b_octokit-*"], { encoding: "utf8" });
    expect(keys).toContain("b_octokit-write");
  });

  it("is live at /healthz, and ready at /readyz only while GitHub accepts it and Redis answers", async () => {
    const base = app.webhookUrl.replace("/api/github/webhooks", "");
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, github: "credentials accepted", redis: "reachable" });

    await redis.stop();
    await new Promise((resolve) => setTimeout(resolve, 5_500)); // the last "ready" answer expires
    const outage = await fetch(`${base}/readyz`);
    expect(outage.status).toBe(503);
    expect(((await outage.json()) as { redis: string }).redis).toMatch(/^not reachable/);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
