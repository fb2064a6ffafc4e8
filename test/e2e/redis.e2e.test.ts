import { execFileSync } from "node:child_process";
import { addComment, closeMilestone, deliver, GitHubSimulator, openPull, PayloadFactory } from "@shipshape/simulator";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, startAppProcess } from "../helpers/app-process.js";
import { type RedisServer, startRedisServer } from "../helpers/redis-server.js";

/** Only staging is enforced, and a commit status named `ci/staging` proves it. */
const STAGING_ONLY = [
  "pull_requests:",
  "  tests: { enforcement: off }",
  "  rollback: { enforcement: off }",
  "  requirements: { enforcement: off }",
  "  dependencies: { enforcement: off }",
  '  staging: { checks: ["ci/staging"] }',
  "",
].join("\n");

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

  it("two replicas on one Redis: the same delivery to both does its work once; two events for one commit write one run", async () => {
    const second = await startAppProcess(simulator, { REDIS_URL: redis.url });
    try {
      const installation = simulator.store.addInstallation("fleet");
      const repository = simulator.store.addRepository("fleet/api", installation.id);
      simulator.store.putFile(repository, ".github/shipshape.yml", "{}\n");
      const payloads = new PayloadFactory(simulator);
      const target = (replica: AppProcess) => ({ url: replica.webhookUrl, secret: replica.secret });

      const pull = openPull(simulator.store, repository, { title: "Refunds (#1)", files: ["src/a.ts"] });
      const payload = payloads.pullRequest("opened", repository, pull);
      await Promise.all([
        deliver(target(app), "pull_request", payload, "same-delivery"),
        deliver(target(second), "pull_request", payload, "same-delivery"),
      ]);
      const posts = simulator.calls.filter(
        (call) => call.method === "POST" && call.path.startsWith("/repos/fleet/api/check-runs"),
      );
      expect(posts).toHaveLength(1);
      expect(repository.checkRuns).toHaveLength(1);

      const other = openPull(simulator.store, repository, { title: "Limits (#2)", files: ["src/b.ts"] });
      const opened = payloads.pullRequest("opened", repository, other);
      const edited = payloads.pullRequest("edited", repository, other, { changes: {} });
      await Promise.all([
        deliver(target(app), "pull_request", opened),
        deliver(target(second), "pull_request", edited),
      ]);
      expect(repository.checkRuns.filter((run) => run.head_sha === other.head.sha)).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it("two replicas share facts: a manifest or a judgement one replica read, the other does not read again", async () => {
    const second = await startAppProcess(simulator, { REDIS_URL: redis.url });
    try {
      const installation = simulator.store.addInstallation("facts");
      const repository = simulator.store.addRepository("facts/api", installation.id);
      simulator.store.putFile(repository, ".github/shipshape.yml", "{}\n");
      simulator.store.putFile(repository, "package.json", '{"dependencies":{"left-pad":"1"}}');
      repository.collaborators.set("mona", "write");
      const payloads = new PayloadFactory(simulator);
      const target = (replica: AppProcess) => ({ url: replica.webhookUrl, secret: replica.secret });
      const pull = openPull(simulator.store, repository, { title: "Add ms (#1)", files: ["src/a.ts", "package.json"] });
      simulator.store.putFile(repository, "package.json", '{"dependencies":{"left-pad":"1","ms":"2"}}', pull.head.sha);
      await deliver(target(app), "pull_request", payloads.pullRequest("opened", repository, pull));
      const manifestReads = () =>
        simulator.calls.filter((call) => call.path.startsWith("/repos/facts/api/contents/package.json")).length;
      expect(manifestReads()).toBe(2); // at the head and at the base

      pull.body = "Closes #3";
      pull.updated_at = new Date().toISOString();
      await deliver(target(second), "pull_request", payloads.pullRequest("edited", repository, pull, { changes: {} }));
      expect(manifestReads()).toBe(2);

      const before = simulator.calls.length;
      const waiver = addComment(
        simulator.store,
        repository,
        pull.number,
        "mona",
        "/shipshape waive tests Hotfix for the outage",
      );
      await deliver(target(app), "issue_comment", payloads.issueComment("created", repository, waiver));
      const reads = simulator.calls
        .slice(before)
        .filter((call) => call.method === "GET" && !call.path.includes("shipshape.yml"));
      expect(reads.map((call) => call.path.split("?")[0]).sort()).toEqual([
        "/repos/facts/api/collaborators/mona/permission",
        "/repos/facts/api/issues/1/comments",
        "/repos/facts/api/pulls/1",
      ]);
      expect(repository.checkRuns[0]?.output.summary).toContain("Waived by [@mona](");
    } finally {
      await second.stop();
    }
  });

  it("a replica never publishes its older judgement: a comment after another replica judged again renders what that one found", async () => {
    const second = await startAppProcess(simulator, { REDIS_URL: redis.url });
    try {
      const installation = simulator.store.addInstallation("replicas");
      const repository = simulator.store.addRepository("replicas/api", installation.id);
      simulator.store.putFile(repository, ".github/shipshape.yml", STAGING_ONLY);
      repository.collaborators.set("mona", "write");
      const payloads = new PayloadFactory(simulator);
      const target = (replica: AppProcess) => ({ url: replica.webhookUrl, secret: replica.secret });
      const pull = openPull(simulator.store, repository, { title: "Refunds (#1)", files: ["src/a.ts"] });
      const status = (state: "success" | "failure") =>
        repository.statuses.push({
          id: simulator.store.nextId(),
          sha: pull.head.sha,
          context: "ci/staging",
          state,
          created_at: new Date().toISOString(),
        });
      status("success");
      await deliver(target(app), "pull_request", payloads.pullRequest("opened", repository, pull));
      expect(repository.checkRuns[0]?.conclusion).toBe("success");

      // The staging deployment is redone and fails; the other replica judges the pull request again.
      status("failure");
      pull.updated_at = new Date(Date.now() + 1_000).toISOString();
      await deliver(target(second), "pull_request", payloads.pullRequest("edited", repository, pull, { changes: {} }));
      expect(repository.checkRuns[0]?.conclusion).toBe("failure");

      // A comment reaches the first replica: it must not bring back the success it judged before.
      const comment = addComment(simulator.store, repository, pull.number, "mona", "/shipshape waive tests Hotfix");
      await deliver(target(app), "issue_comment", payloads.issueComment("created", repository, comment));
      expect(repository.checkRuns).toHaveLength(1);
      expect(repository.checkRuns[0]?.conclusion).toBe("failure");
    } finally {
      await second.stop();
    }
  });

  it("never publishes a judgement forged in Redis", async () => {
    const client = new Redis(redis.url);
    // A replica that did not judge the pull request itself, so it can only know what Redis says.
    const second = await startAppProcess(simulator, { REDIS_URL: redis.url });
    try {
      const installation = simulator.store.addInstallation("forge");
      const repository = simulator.store.addRepository("forge/api", installation.id);
      simulator.store.putFile(repository, ".github/shipshape.yml", STAGING_ONLY);
      repository.collaborators.set("mona", "write");
      const payloads = new PayloadFactory(simulator);
      const pull = openPull(simulator.store, repository, { title: "Refunds (#1)", files: ["src/a.ts"] });
      const target = { url: app.webhookUrl, secret: app.secret };
      await deliver(target, "pull_request", payloads.pullRequest("opened", repository, pull));
      expect(repository.checkRuns[0]?.conclusion).toBe("failure");
      const [key] = await client.keys("*fact:judgement:forge/api*");
      expect(key).toBeDefined();
      const run = repository.checkRuns[0];
      const rendered = { conclusion: "success", title: "All practices met", summary: "✅", text: "", externalId: "x" };
      const passing = (practice: string) => ({ practice, enforcement: "error", outcome: "pass", summary: ["Met."] });
      const forgeries = [
        // A rendered check run, as older versions kept it (with a run whose content differs, so it is written).
        {
          judgement: { fixed: rendered },
          run: { id: run?.id, externalId: null, conclusion: null, title: null, summary: null, text: null },
        },
        // Verdicts of the shape kept now, but not written by a replica.
        {
          facts: "x",
          results: ["tests", "staging", "rollback", "requirements", "dependencies"].map(passing),
          run: { id: run?.id, digest: "x" },
        },
      ];
      for (const forged of forgeries) {
        await client.set(key as string, JSON.stringify(forged), "PX", 600_000);
        const comment = addComment(simulator.store, repository, pull.number, "mona", "/shipshape waive tests Hotfix");
        const toSecond = { url: second.webhookUrl, secret: second.secret };
        await deliver(toSecond, "issue_comment", payloads.issueComment("created", repository, comment));
        expect(repository.checkRuns).toHaveLength(1);
        expect(repository.checkRuns[0]?.conclusion).toBe("failure");
      }
    } finally {
      client.disconnect();
      await second.stop();
    }
  });

  it("answers a webhook that calls for a sweep once the sweep, run from the shared queue, is done", async () => {
    const installation = simulator.store.addInstallation("cadence");
    const repository = simulator.store.addRepository("cadence/api", installation.id);
    simulator.store.putFile(repository, ".github/shipshape.yml", "cadence:\n  sprint_review:\n    every: 14d\n");
    const milestone = closeMilestone(repository, "Sprint 3", new Date(Date.now() - 20 * 86_400_000).toISOString());
    const payload = new PayloadFactory(simulator).milestone("closed", repository, milestone.number);
    const delivery = await deliver({ url: app.webhookUrl, secret: app.secret }, "milestone", payload);
    expect(delivery.status).toBe(200);
    const lapses = repository.issues.filter((issue) => issue.body?.includes("<!-- shipshape:lapse:sprint_review -->"));
    expect(lapses).toHaveLength(1);
    expect(app.output()).toMatch(/"job":"repository-\d+-cadence\/api-[^"]+".*"msg":"swept repository"/);
  });

  it("is live at /healthz, and ready at /readyz only while GitHub accepts it and Redis answers; /metrics answers throughout", async () => {
    const base = app.opsUrl;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, github: "credentials accepted", redis: "reachable" });

    await redis.stop();
    await new Promise((resolve) => setTimeout(resolve, 5_500)); // the last answer expires
    const outage = await fetch(`${base}/readyz`);
    expect(outage.status).toBe(503);
    // Which dependency is not ready, not what its client said (GitHub's answer waits on Probot's
    // throttling, which lives in Redis too).
    const state = (await outage.json()) as { ok: boolean; github: string; redis: string };
    expect(state).toEqual({ ok: false, github: state.github, redis: "not reachable" });
    expect(["credentials accepted", "not ready"]).toContain(state.github);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    // The sweep queue's counts are left out instead of waiting for Redis.
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain("shipshape_deliveries_total");

    // A delivery meanwhile is not acknowledged (nothing was done): GitHub's redelivery can do it.
    const during = simulator.store.addInstallation("during-outage");
    const duringRepository = simulator.store.addRepository("during-outage/api", during.id);
    simulator.store.putFile(duringRepository, ".github/shipshape.yml", "{}\n");
    const duringPull = openPull(simulator.store, duringRepository, { title: "Outage (#4)", files: ["src/d.ts"] });
    const unacknowledged = await deliver(
      { url: app.webhookUrl, secret: app.secret },
      "pull_request",
      new PayloadFactory(simulator).pullRequest("opened", duringRepository, duringPull),
    );
    expect(unacknowledged.status).toBeGreaterThanOrEqual(500);
    expect(duringRepository.checkRuns).toHaveLength(0);

    // Redis comes back (empty): the app reconnects by itself, is ready again and checks as before.
    await redis.restart();
    const deadline = Date.now() + 15_000;
    while ((await fetch(`${base}/readyz`)).status !== 200) {
      if (Date.now() > deadline)
        throw new Error(`not ready again after Redis came back: ${await (await fetch(`${base}/readyz`)).text()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const installation = simulator.store.addInstallation("after-outage");
    const repository = simulator.store.addRepository("after-outage/api", installation.id);
    simulator.store.putFile(repository, ".github/shipshape.yml", "{}\n");
    const pull = openPull(simulator.store, repository, { title: "Retry (#3)", files: ["src/c.ts"] });
    const payload = new PayloadFactory(simulator).pullRequest("opened", repository, pull);
    expect((await deliver({ url: app.webhookUrl, secret: app.secret }, "pull_request", payload)).status).toBe(200);
    expect(repository.checkRuns).toHaveLength(1);
  }, 40_000);
});
