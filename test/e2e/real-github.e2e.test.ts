import {
  closeMilestone,
  deliver,
  deploy,
  type GitHubSimulator,
  openPull,
  type PayloadFactory,
  type SimPull,
  type SimRepository,
} from "@shipshape/simulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningApp, startApp, UNPACED } from "../../demo/start-app.js";
import { runSweep } from "../../src/sweep/cli-sweep.js";
import { startSimulatedRepository } from "../helpers/simulated-repository.js";

/**
 * Behaviours of the real GitHub that the app must follow, each modelled by the simulator after
 * GitHub's documentation (see the comments in src/simulator/): merge queues, deployment
 * lifecycles, writes saved before a 5xx, late payloads, long lists, byte limits.
 */
const PASSING_BODY = "Closes #1\n\n## Rollback\nRevert the merge commit; the change is behind a flag.";
const MET_FILES = ["src/refunds.ts", "test/refunds.test.ts"];

describe("the app against GitHub's documented behaviour", () => {
  let simulator: GitHubSimulator;
  let app: RunningApp;
  let repository: SimRepository;
  let payloads: PayloadFactory;
  const send = (event: string, payload: unknown, id?: string) =>
    deliver({ url: app.webhookUrl, secret: app.secret }, event, payload, id);
  const runsOn = (sha: string) => repository.checkRuns.filter((run) => run.head_sha === sha);
  const openAndSend = async (seed: Parameters<typeof openPull>[2]) => {
    const pull = openPull(simulator.store, repository, seed);
    expect((await send("pull_request", payloads.pullRequest("opened", repository, pull))).status).toBe(200);
    return pull;
  };
  const deployAndSend = async (pull: SimPull, state: "success" | "failure" = "success") => {
    const deployment = deploy(simulator.store, repository, pull.head.sha, "staging", state);
    await send("deployment_status", payloads.deploymentStatus(repository, deployment));
    return deployment;
  };

  beforeEach(async () => {
    ({ simulator, repository, payloads, app } = await startSimulatedRepository());
  });

  afterEach(async () => {
    await app.stop();
    await simulator.stop();
    expect(simulator.unknownRoutes).toEqual([]);
  });

  describe("merge queues", () => {
    it("reports on the merge group's commit what the queued pull request's own check concluded", async () => {
      const pull = await openAndSend({ title: "Refunds", body: PASSING_BODY, files: MET_FILES });
      await deployAndSend(pull);
      expect(runsOn(pull.head.sha)[0]?.conclusion).toBe("success");

      const group = payloads.mergeGroup(repository, pull);
      expect((await send("merge_group", group)).status).toBe(200);
      const [run] = runsOn(group.merge_group.head_sha);
      expect(run).toMatchObject({ name: "Shipshape", conclusion: "success" });
      expect(run?.output.summary).toContain("merge queue");
      expect(run?.output.summary).toContain(`#${pull.number}: success`);
    });

    it("fails the merge group of a pull request whose own check fails, and judges one never judged", async () => {
      const pull = openPull(simulator.store, repository, { title: "Refunds", files: ["src/refunds.ts"] });
      const group = payloads.mergeGroup(repository, pull);
      await send("merge_group", group);
      expect(runsOn(pull.head.sha)[0]?.conclusion).toBe("failure");
      expect(runsOn(group.merge_group.head_sha)[0]?.conclusion).toBe("failure");
    });

    it("takes no other app's `Shipshape` run for its own: a workflow's success does not pass a failing pull request's group", async () => {
      const pull = openPull(simulator.store, repository, { title: "Refunds", files: ["src/refunds.ts"] });
      // A workflow (GitHub Actions' app) or another app may create a run of any name on any commit.
      repository.checkRuns.push({
        id: simulator.store.nextId(),
        name: "Shipshape",
        head_sha: pull.head.sha,
        status: "completed",
        conclusion: "success",
        external_id: "shipshape:v1:tests=pass,staging=pass,rollback=pass,requirements=pass,dependencies=pass",
        output: { title: "All practices met", summary: "", text: "" },
        app_id: 15368,
        app_slug: "github-actions",
        started_at: simulator.store.now(),
        completed_at: simulator.store.now(),
      });
      const group = payloads.mergeGroup(repository, pull);
      expect((await send("merge_group", group)).status).toBe(200);
      const own = (sha: string) => runsOn(sha).filter((run) => run.app_id === simulator.store.app.id);
      expect(own(pull.head.sha)[0]?.conclusion).toBe("failure");
      expect(own(group.merge_group.head_sha)[0]?.conclusion).toBe("failure");
      expect(own(group.merge_group.head_sha)[0]?.output.summary).toContain(`#${pull.number}: failure`);
    });

    it("ignores pushes to the queue's temporary branches", async () => {
      const push = payloads.push(repository, [".github/shipshape.yml"]);
      await send("push", { ...push, ref: "refs/heads/gh-readonly-queue/main/pr-1-abc" });
      expect(simulator.calls).toEqual([]);
    });
  });

  describe("deployment lifecycles", () => {
    it("keeps staging met when GitHub marks the deployment inactive after a newer one succeeds", async () => {
      const pull = await openAndSend({ title: "Refunds", body: PASSING_BODY, files: MET_FILES });
      const first = await deployAndSend(pull);
      expect(runsOn(pull.head.sha)[0]?.conclusion).toBe("success");

      // Another commit reaches staging: GitHub adds `inactive` to the earlier deployment.
      const other = openPull(simulator.store, repository, { title: "Other", files: ["README.md"] });
      deploy(simulator.store, repository, other.head.sha, "staging", "success");
      expect(first.statuses.map((status) => status.state)).toEqual(["success", "inactive"]);
      await send("deployment_status", payloads.deploymentStatus(repository, first));
      expect(runsOn(pull.head.sha)[0]?.conclusion).toBe("success");

      // A fresh process, with nothing cached, reads the history and agrees.
      await app.stop();
      app = await startApp(simulator);
      pull.updated_at = new Date(Date.now() + 1000).toISOString();
      await send("pull_request", payloads.pullRequest("edited", repository, pull, { changes: {} }));
      expect(runsOn(pull.head.sha)).toHaveLength(1);
      expect(runsOn(pull.head.sha)[0]?.conclusion).toBe("success");
      expect(runsOn(pull.head.sha)[0]?.output.summary).toContain("Deployed");
    });

    it("finds an open pull request whose head is already on the default branch", async () => {
      const pull = await openAndSend({ title: "Refunds", body: PASSING_BODY, files: MET_FILES });
      repository.defaultBranchCommits.add(pull.head.sha);
      await deployAndSend(pull);
      expect(runsOn(pull.head.sha)[0]?.conclusion).toBe("success");
    });
  });

  it("re-runs the check when a person asks to re-run all checks (check_suite.rerequested)", async () => {
    // A repository that deploys (an older production release), so that staging applies.
    deploy(simulator.store, repository, "0".repeat(40), "production", "success");
    const pull = await openAndSend({ title: "Refunds", body: PASSING_BODY, files: MET_FILES });
    expect(runsOn(pull.head.sha)[0]?.conclusion).toBe("failure");
    deploy(simulator.store, repository, pull.head.sha, "staging", "success"); // its webhook was lost
    await send("check_suite", payloads.checkSuite("rerequested", repository, pull));
    expect(runsOn(pull.head.sha)).toHaveLength(1);
    expect(runsOn(pull.head.sha)[0]?.conclusion).toBe("success");
  });

  describe("writes GitHub saved before answering 5xx", () => {
    it("creates one check run, not two", async () => {
      simulator.injectFault({
        method: "POST",
        path: "/repos/acme/payments/check-runs",
        kind: "server-error",
        status: 502,
        afterWrite: true,
        times: 1,
      });
      const pull = await openAndSend({ title: "Refunds", files: ["src/refunds.ts"] });
      expect(runsOn(pull.head.sha)).toHaveLength(1);
      expect(
        simulator.calls
          .filter((call) => call.method === "POST" && call.path.endsWith("/check-runs"))
          .map((call) => call.status),
      ).toEqual([502]);
    });

    it("opens one status issue, not two", async () => {
      simulator.injectFault({
        method: "POST",
        path: "/repos/acme/payments/issues",
        kind: "server-error",
        status: 500,
        afterWrite: true,
        times: 1,
      });
      const code = await runSweep(
        "acme/payments",
        { ...simulator.appEnvironment(), LOG_LEVEL: "silent" },
        () => {},
        undefined,
        UNPACED,
      );
      expect(code).toBe(0);
      const status = repository.issues.filter((issue) => issue.body?.includes("<!-- shipshape:status -->"));
      expect(status).toHaveLength(1);
    });
  });

  it("judges the pull request as it stands now when a late payload carries an older body", async () => {
    const pull = openPull(simulator.store, repository, { title: "Refunds", files: MET_FILES });
    deploy(simulator.store, repository, pull.head.sha, "staging", "success");
    pull.updated_at = "2026-11-20T10:00:00Z";
    const old = payloads.pullRequest("opened", repository, pull);
    pull.body = PASSING_BODY;
    pull.updated_at = "2026-11-20T10:05:00Z";
    await send("pull_request", payloads.pullRequest("edited", repository, pull, { changes: {} }));
    expect(runsOn(pull.head.sha)[0]?.conclusion).toBe("success");

    await send("pull_request", old); // delivered late, after the edit
    expect(runsOn(pull.head.sha)).toHaveLength(1);
    expect(runsOn(pull.head.sha)[0]?.conclusion).toBe("success");

    // After a restart nothing is remembered but the check run, which records what was judged.
    await app.stop();
    app = await startApp(simulator);
    await send("pull_request", old);
    expect(runsOn(pull.head.sha)[0]?.conclusion).toBe("success");
  });

  it("writes a check run whose names are long in bytes within GitHub's byte limits", async () => {
    const name = (index: number) => `${"設定項目".repeat(50)}${index}`;
    const pull = openPull(simulator.store, repository, {
      title: "Refunds",
      files: [...Array.from({ length: 60 }, (_, index) => `src/${name(index)}.ts`), "package.json"],
    });
    const dependencies = Object.fromEntries(Array.from({ length: 60 }, (_, index) => [name(index), "1.0.0"]));
    simulator.store.putFile(repository, "package.json", JSON.stringify({ dependencies }), pull.head.sha);
    await send("pull_request", payloads.pullRequest("opened", repository, pull));
    const [run] = runsOn(pull.head.sha);
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.text).toContain("設定項目");
    expect(Buffer.byteLength(run?.output.summary ?? "", "utf8")).toBeLessThanOrEqual(65_535);
    expect(Buffer.byteLength(run?.output.text ?? "", "utf8")).toBeLessThanOrEqual(65_535);
  });

  describe("lists longer than a page", () => {
    const NOW = new Date();
    const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
    const sweep = () =>
      runSweep("acme/payments", { ...simulator.appEnvironment(), LOG_LEVEL: "silent" }, () => {}, undefined, UNPACED);
    const statusIssues = () => repository.issues.filter((issue) => issue.body?.includes("<!-- shipshape:status -->"));
    const lapse = (practice: string) =>
      repository.issues.filter((issue) => issue.body?.includes(`<!-- shipshape:lapse:${practice} -->`));

    it("sees the oldest Dependabot alert past its SLA behind 150 newer ones, through cursor pages", async () => {
      closeMilestone(repository, "Sprint 9", daysAgo(1));
      const alert = (number: number, severity: "critical" | "medium", createdAt: string) => ({
        number,
        state: "open" as const,
        severity,
        package: { ecosystem: "npm", name: `package-${number}` },
        created_at: createdAt,
        updated_at: createdAt,
      });
      repository.alerts.push(alert(1, "critical", daysAgo(10)));
      for (let number = 2; number <= 151; number++) repository.alerts.push(alert(number, "medium", daysAgo(1)));
      expect(await sweep()).toBe(0);
      const [issue] = lapse("dependency_patches");
      expect(issue?.body).toContain("[alert 1](");
      expect(statusIssues()[0]?.body).toContain("critical 1, high 0, medium 150");
      expect(simulator.calls.filter((call) => call.path.includes("/dependabot/alerts")).map((c) => c.status)).toEqual([
        200, 200,
      ]);
    });

    it("keeps finding its status issue after 120 lapse issues came and went", async () => {
      closeMilestone(repository, "Sprint 9", daysAgo(1));
      expect(await sweep()).toBe(0);
      expect(statusIssues()).toHaveLength(1);
      const bot = simulator.store.app.botUser;
      for (let index = 0; index < 120; index++) {
        repository.issues.push({
          number: repository.nextNumber++,
          title: "Sprint review overdue",
          body: "<!-- shipshape:lapse:sprint_review -->\nold",
          state: "closed",
          state_reason: "completed",
          labels: ["shipshape"],
          assignees: [],
          user: bot,
          created_at: new Date(Date.now() + index).toISOString(),
          updated_at: new Date(Date.now() + index).toISOString(),
          closed_at: new Date(Date.now() + index).toISOString(),
          closed_by: bot,
        });
      }
      expect(await sweep()).toBe(0);
      expect(statusIssues()).toHaveLength(1);
    });

    it("counts a recent review milestone without a due date behind 150 older ones", async () => {
      for (let index = 0; index < 150; index++) closeMilestone(repository, `Sprint ${index}`, daysAgo(400 + index));
      const recent = closeMilestone(repository, "Sprint review (no due date)", daysAgo(1));
      recent.due_on = null;
      expect(await sweep()).toBe(0);
      expect(lapse("sprint_review")).toHaveLength(0);
      expect(statusIssues()[0]?.body).toContain("no due date");
    });

    it("says alerts are turned off, not that a permission is missing, when GitHub says so", async () => {
      closeMilestone(repository, "Sprint 9", daysAgo(1));
      repository.alertsForbidden = "disabled";
      expect(await sweep()).toBe(0);
      const body = statusIssues()[0]?.body ?? "";
      expect(body).toContain("turned off");
      expect(body).not.toContain("grant Dependabot alerts read");
    });
  });
});
