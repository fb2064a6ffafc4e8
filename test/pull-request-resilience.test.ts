import { sign } from "@octokit/webhooks-methods";
import { pino } from "pino";
import { Probot } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createTestProbot, useNock } from "./helpers/app.js";
import { APP_ID, GitHubMock, HEAD_SHA, rowOf } from "./helpers/github-mock.js";
import { privateKey } from "./helpers/keys.js";
import { examplePayload, pullRequestPayload } from "./helpers/payloads.js";

const CONFIG = "pull_requests:\n  staging:\n    checks: ['deploy/staging']\n";
const ROLLBACK = "## Rollback\nRevert this PR and redeploy the previous release tag.";

describe("the check run under faults, odd events and hostile input", () => {
  useNock();
  let probot: Probot;
  let waits: number[];
  let delivery = 0;
  const receive = (name: string, payload: object, id = `delivery-${++delivery}`) =>
    probot.receive({ id, name, payload } as Parameters<Probot["receive"]>[0]);
  /** The reads every evaluation under CONFIG makes, up to and including Shipshape's own check run. */
  const evaluationReads = (github: GitHubMock) =>
    github
      .config(CONFIG)
      .files([{ filename: "src/pay.ts" }, { filename: "test/pay.test.ts" }])
      .deployments([])
      .checkRuns([])
      .commitStatuses([]);

  beforeEach(async () => {
    ({ probot, waits } = await createTestProbot());
  });

  it("retries a check-run create that met a 500, looking first, and writes it once", async () => {
    const github = evaluationReads(new GitHubMock()).createCheckRun(500).checkRuns([]).createCheckRun();
    await receive("pull_request", pullRequestPayload("opened", { body: ROLLBACK }));
    const creates = github.writes.filter((write) => write.method === "POST");
    expect(creates).toHaveLength(2);
    expect(github.checkRunState).toHaveLength(1);
    expect(waits).toEqual([1000]);
  });

  it("waits out a secondary rate limit on a write instead of dropping it", async () => {
    const github = evaluationReads(new GitHubMock())
      .createCheckRun(403, { "retry-after": "30" })
      .checkRuns([])
      .createCheckRun();
    await receive("pull_request", pullRequestPayload("opened", { body: ROLLBACK }));
    expect(waits).toEqual([30_000]);
    expect(github.checkRunState).toHaveLength(1);
  });

  it("waits for the reset of an exhausted primary rate limit", async () => {
    const reset = String(Math.ceil(Date.now() / 1000) + 120);
    const github = evaluationReads(new GitHubMock())
      .createCheckRun(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset })
      .checkRuns([])
      .createCheckRun();
    await receive("pull_request", pullRequestPayload("opened", { body: ROLLBACK }));
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(100_000);
    expect(github.checkRunState).toHaveLength(1);
  });

  it("does not retry a write that GitHub refuses for a missing permission", async () => {
    const github = evaluationReads(new GitHubMock()).createCheckRun(403);
    await receive("pull_request", pullRequestPayload("opened", { body: ROLLBACK }));
    expect(waits).toEqual([]);
    expect(github.writes).toHaveLength(1);
    expect(github.checkRunState).toHaveLength(0);
  });

  it("creates one check run when two deliveries about one commit arrive together", async () => {
    const github = new GitHubMock()
      .config(CONFIG)
      .config(CONFIG)
      .files([{ filename: "src/pay.ts" }, { filename: "test/pay.test.ts" }])
      .files([{ filename: "src/pay.ts" }, { filename: "test/pay.test.ts" }])
      .deployments([])
      .deployments([])
      .checkRuns([])
      .checkRuns([])
      .commitStatuses([])
      .commitStatuses([])
      .createCheckRun();
    await Promise.all([
      receive("pull_request", pullRequestPayload("opened", { body: ROLLBACK })),
      receive("pull_request", pullRequestPayload("labeled", { body: ROLLBACK, labels: ["area:docs"] })),
    ]);
    expect(github.checkRunState).toHaveLength(1);
    expect(github.writes).toHaveLength(1);
  });

  it("keeps mentions, HTML and table breakers from hostile names out of what it writes", async () => {
    const hostileFile = "src/<img src=x onerror=alert(1)>|@octo-org/admins.ts";
    const github = new GitHubMock()
      .config(CONFIG)
      .files([{ filename: hostileFile }])
      .deployments([{ id: 5, environment: "staging" }])
      .deploymentStatus(5, "failure")
      .checkRuns([])
      .commitStatuses([{ context: "deploy/staging", state: "pending" }])
      .createCheckRun();
    await receive(
      "pull_request",
      pullRequestPayload("opened", {
        title: "@octocat <script>alert(1)</script> | broken | table",
        body: `@channel <b>hi</b>\n\n${ROLLBACK}\n\nCloses @evil/team#12`,
        headRef: "feature/@admin-<i>x</i>",
      }),
    );
    const run = github.checkRunWrite;
    const written = JSON.stringify(run);
    expect(written).not.toMatch(/@[A-Za-z0-9]/);
    expect(written).not.toMatch(/<(img|script|b|i)\b/);
    expect(rowOf(run, "Tests").split(/(?<!\\)\|/)).toHaveLength(6);
    expect(run.output.text).toContain("src/‹img src=x onerror=alert(1)›|@\u200bocto-org/admins.ts");
  });

  it("re-evaluates when a configured staging check completes, and ignores its own check run", async () => {
    const pr = pullRequestPayload("opened", { body: ROLLBACK }).pull_request;
    const completed = examplePayload("check_run", "completed");
    completed.check_run.name = "deploy/staging";
    completed.check_run.head_sha = HEAD_SHA;
    const github = new GitHubMock()
      .config(CONFIG)
      .pullsForCommit([pr])
      .files([{ filename: "src/pay.ts" }, { filename: "test/pay.test.ts" }])
      .deployments([])
      .checkRuns([{ id: 9, name: "deploy/staging", status: "completed", conclusion: "success", app: { id: 77 } }])
      .commitStatuses([])
      .createCheckRun();
    await receive("check_run", completed);
    expect(rowOf(github.checkRunWrite, "Staging")).toContain("✅");

    const own = examplePayload("check_run", "completed");
    own.check_run.name = "Shipshape";
    await receive("check_run", own);
    expect(github.requests.filter((request) => request.path.includes("shipshape.yml"))).toHaveLength(1);
  });

  it("ignores a check or status that is not staging evidence after one config read", async () => {
    const status = examplePayload("status");
    status.sha = HEAD_SHA;
    status.context = "ci/lint";
    const github = new GitHubMock().config(CONFIG);
    await receive("status", status);
    expect(github.requests).toHaveLength(1);
    expect(github.writes).toEqual([]);
  });

  it("re-evaluates on a successful staging commit status", async () => {
    const status = examplePayload("status");
    status.sha = HEAD_SHA;
    status.context = "deploy/staging";
    status.state = "success";
    const pr = pullRequestPayload("opened", { body: ROLLBACK }).pull_request;
    const github = new GitHubMock()
      .config(CONFIG)
      .pullsForCommit([pr, { ...pr, number: 9, state: "closed" }])
      .files([{ filename: "src/pay.ts" }, { filename: "test/pay.test.ts" }])
      .deployments([])
      .checkRuns([])
      .commitStatuses([{ context: "deploy/staging", state: "success" }])
      .createCheckRun();
    await receive("status", status);
    expect(rowOf(github.checkRunWrite, "Staging")).toContain("commit status `deploy/staging` succeeded");
  });

  it("re-runs its own check when a person asks for it", async () => {
    const rerequested = examplePayload("check_run", "rerequested");
    rerequested.check_run.name = "Shipshape";
    rerequested.check_run.head_sha = HEAD_SHA;
    const pr = pullRequestPayload("opened", { body: ROLLBACK }).pull_request;
    const github = evaluationReads(new GitHubMock().pullsForCommit([pr])).createCheckRun();
    await receive("check_run", rerequested);
    expect(github.checkRunWrite.conclusion).toBe("failure");
  });

  it("shows the config problems again when a person re-runs the check of a repository with a broken config", async () => {
    const rerequested = examplePayload("check_run", "rerequested");
    rerequested.check_run.name = "Shipshape";
    rerequested.check_run.head_sha = HEAD_SHA;
    const pr = pullRequestPayload("opened", { body: ROLLBACK }).pull_request;
    const github = new GitHubMock().config("pull_requests: [").pullsForCommit([pr]).checkRuns([]).createCheckRun();
    await receive("check_run", rerequested);
    expect(github.checkRunWrite.output.title).toBe("Invalid configuration: 1 problem");
  });

  it("does not take another commit's deployment from a server that ignores the sha filter", async () => {
    const github = new GitHubMock()
      .config(CONFIG)
      .files([{ filename: "src/pay.ts" }, { filename: "test/pay.test.ts" }]);
    github.scope
      .get("/repos/Codertocat/Hello-World/deployments")
      .query(true)
      .reply(200, [{ id: 3, environment: "staging", sha: "0".repeat(40) }]);
    github.checkRuns([]).commitStatuses([]).createCheckRun();
    await receive("pull_request", pullRequestPayload("opened", { body: ROLLBACK }));
    expect(rowOf(github.checkRunWrite, "Staging")).toContain("❌");
  });

  it("skips a pull request that carries a skip label", async () => {
    const github = new GitHubMock().config(CONFIG).checkRuns([]).createCheckRun();
    await receive("pull_request", pullRequestPayload("labeled", { labels: ["shipshape:skip"] }));
    expect(github.checkRunWrite).toMatchObject({ conclusion: "skipped" });
  });

  it("ignores events on closed pull requests", async () => {
    const github = new GitHubMock();
    const payload = pullRequestPayload("edited");
    payload.pull_request.state = "closed";
    await receive("pull_request", payload);
    expect(github.requests).toEqual([]);
  });
});

describe("webhook signatures", () => {
  useNock();

  it("rejects a delivery with a bad signature and writes nothing", async () => {
    const probot = new Probot({ appId: APP_ID, privateKey, secret: "webhook-secret", log: pino({ level: "silent" }) });
    await probot.load(createApp({ sleep: async () => {} }));
    const github = new GitHubMock();
    const payload = JSON.stringify(pullRequestPayload("opened"));
    await expect(
      probot.webhooks.verifyAndReceive({
        id: "bad-signature",
        name: "pull_request",
        payload,
        signature: await sign("another-secret", payload),
      }),
    ).rejects.toThrow(/signature does not match/);
    expect(github.requests).toEqual([]);
  });
});
