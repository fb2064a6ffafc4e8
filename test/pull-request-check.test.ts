import type { Probot } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import { createTestProbot, useNock } from "./helpers/app.js";
import { existingRun, GitHubMock, HEAD_SHA, rowOf } from "./helpers/github-mock.js";
import { examplePayload, pullRequestPayload } from "./helpers/payloads.js";

const CONFIG = "pull_requests:\n  requirements:\n    enforcement: warn\n";
const ROLLBACK = "## Rollback\nRevert this PR and redeploy the previous release tag.";

describe("the Shipshape check run on pull requests", () => {
  useNock();
  let probot: Probot;
  let delivery = 0;
  const receive = (name: string, payload: object, id = `delivery-${++delivery}`) =>
    probot.receive({ id, name, payload } as Parameters<Probot["receive"]>[0]);

  beforeEach(async () => {
    ({ probot } = await createTestProbot());
  });

  it("fails a source-only change with an empty body: tests, staging and rollback failing", async () => {
    const github = new GitHubMock()
      .config(CONFIG)
      .files([{ filename: "src/index.js" }])
      .deployments([])
      .checkRuns([])
      .createCheckRun();

    await receive("pull_request", pullRequestPayload("opened", { body: null }));

    const run = github.checkRunWrite;
    expect(run).toMatchObject({ name: "Shipshape", head_sha: HEAD_SHA, status: "completed", conclusion: "failure" });
    expect(run.output.title).toBe("3 practices failing: tests, staging, rollback");
    expect(rowOf(run, "Tests")).toContain("❌");
    expect(rowOf(run, "Staging")).toContain("❌");
    expect(rowOf(run, "Rollback")).toContain("❌");
    expect(rowOf(run, "Requirements")).toContain("⚠️");
    expect(rowOf(run, "Dependencies")).toContain("➖");
    expect(rowOf(run, "Tests")).toContain("pull_requests.tests.tests");
  });

  it("updates the same check run when staging deploys the head commit, and writes nothing else", async () => {
    const firstBody = { body: `Fixes #1\n\n${ROLLBACK}` };
    const first = new GitHubMock()
      .config(CONFIG)
      .files([{ filename: "src/index.js" }, { filename: "test/index.test.js" }])
      .deployments([])
      .checkRuns([])
      .createCheckRun();
    await receive("pull_request", pullRequestPayload("opened", firstBody));
    const created = first.checkRunWrite;
    expect(rowOf(created, "Staging")).toContain("❌");

    const deploymentStatus = examplePayload("deployment_status", "created");
    deploymentStatus.deployment.sha = HEAD_SHA;
    deploymentStatus.deployment.environment = "staging";
    deploymentStatus.deployment_status.environment = "staging";
    deploymentStatus.deployment_status.state = "success";
    const pr = pullRequestPayload("opened", firstBody).pull_request;
    const second = new GitHubMock()
      .config(CONFIG)
      .pullsForCommit([pr])
      .files([{ filename: "src/index.js" }, { filename: "test/index.test.js" }])
      .deployments([{ id: deploymentStatus.deployment.id, environment: "staging" }])
      .checkRuns([existingRun(100, created)])
      .updateCheckRun(100);
    await receive("deployment_status", deploymentStatus);

    expect(second.writes.map((write) => `${write.method} ${write.path}`)).toEqual([
      "PATCH /repos/Codertocat/Hello-World/check-runs/100",
    ]);
    const updated = second.checkRunWrite;
    expect(updated.conclusion).toBe("success");
    expect(rowOf(updated, "Staging")).toContain("✅");
    expect(second.requests.length).toBeLessThanOrEqual(6);
  });

  it("does no work for a redelivered webhook, and writes nothing when an edit changes nothing", async () => {
    const payload = pullRequestPayload("opened", { body: ROLLBACK });
    const github = new GitHubMock()
      .config(CONFIG)
      .files([{ filename: "src/pay.ts" }, { filename: "test/pay.test.ts" }])
      .deployments([])
      .checkRuns([])
      .createCheckRun();
    await receive("pull_request", payload, "same-delivery");
    await receive("pull_request", payload, "same-delivery");
    expect(github.writes).toHaveLength(1);
    const created = github.checkRunWrite;

    const edited = new GitHubMock()
      .config(CONFIG)
      .files([{ filename: "src/pay.ts" }, { filename: "test/pay.test.ts" }])
      .deployments([])
      .checkRuns([existingRun(100, created)]);
    await receive("pull_request", pullRequestPayload("edited", { body: ROLLBACK }));
    expect(edited.writes).toEqual([]);
    expect(edited.reads.length).toBeLessThanOrEqual(4);
  });

  it.each([
    ["a real Rollback section", ROLLBACK, "✅"],
    ["a Rollback section holding only the template comment", "## Rollback\n<!-- How would we undo this? -->\n", "❌"],
    ["a Rollback section with an unchecked template box", "## Rollback\n- [ ] Revert the deployment\n", "❌"],
  ])("judges %s", async (_name, body, expected) => {
    const github = new GitHubMock()
      .config(CONFIG)
      .files([{ filename: "src/pay.ts" }, { filename: "test/pay.test.ts" }])
      .deployments([])
      .checkRuns([])
      .createCheckRun();
    await receive("pull_request", pullRequestPayload("opened", { body }));
    expect(rowOf(github.checkRunWrite, "Rollback")).toContain(expected);
  });

  it("concludes success with tests, rollback notes, an issue link and a staging deployment", async () => {
    const github = new GitHubMock()
      .config(CONFIG)
      .files([{ filename: "src/pay.ts" }, { filename: "src/pay.test.ts", status: "added" }])
      .deployments([{ id: 7, environment: "staging" }])
      .deploymentStatus(7, "success")
      .checkRuns([])
      .createCheckRun();
    await receive("pull_request", pullRequestPayload("opened", { body: `Closes #42\n\n${ROLLBACK}` }));
    const run = github.checkRunWrite;
    expect(run.conclusion).toBe("success");
    expect(run.output.title).toBe("All delivery practices met");
    expect(github.requests.length).toBeLessThanOrEqual(8); // 2 of them the template folders, once per repository
  });

  it("warns (neutral) about a new dependency without justification, but not about a version bump", async () => {
    const body = `Closes #42\n\n${ROLLBACK}`;
    const base = JSON.stringify({ dependencies: { express: "^4.0.0" } });
    const added = JSON.stringify({ dependencies: { express: "^4.0.0", "left-pad": "^1.3.0" } });
    const bumped = JSON.stringify({ dependencies: { express: "^5.0.0" } });
    const withNewDependency = new GitHubMock()
      .config(CONFIG)
      .files([{ filename: "package.json" }])
      .file("package.json", HEAD_SHA, added)
      .file("package.json", "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", base)
      .deployments([{ id: 7, environment: "staging" }])
      .deploymentStatus(7, "success")
      .checkRuns([])
      .createCheckRun();
    await receive("pull_request", pullRequestPayload("opened", { body }));
    const warned = withNewDependency.checkRunWrite;
    expect(warned.conclusion).toBe("neutral");
    expect(rowOf(warned, "Dependencies")).toContain("⚠️");
    expect(rowOf(warned, "Dependencies")).toContain("left-pad");

    const bumpSha = "b".repeat(40);
    const bump = new GitHubMock()
      .config(CONFIG)
      .files([{ filename: "package.json" }], 3)
      .file("package.json", bumpSha, bumped)
      // A manifest's change is kept by both commits: another head compares with the base again.
      .file("package.json", "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", base)
      .deployments([{ id: 8, environment: "staging" }], bumpSha)
      .deploymentStatus(8, "success")
      .checkRuns([], bumpSha)
      .createCheckRun();
    await receive("pull_request", pullRequestPayload("opened", { body, number: 3, headSha: bumpSha }));
    expect(bump.checkRunWrite.conclusion).toBe("success");
    expect(rowOf(bump.checkRunWrite, "Dependencies")).toContain("➖");
  });

  it("writes nothing at all in a repository without config or organisation default", async () => {
    const github = new GitHubMock().noConfig();
    await receive("pull_request", pullRequestPayload("opened"));
    expect(github.writes).toEqual([]);
    expect(github.requests).toHaveLength(2);
  });

  it("applies the organisation default from its .github repository", async () => {
    const github = new GitHubMock()
      .config(null)
      .config("pull_requests:\n  staging:\n    enforcement: off\n  rollback:\n    enforcement: off\n", ".github")
      .files([{ filename: "src/index.js" }])
      .checkRuns([])
      .createCheckRun();
    await receive("pull_request", pullRequestPayload("opened"));
    const run = github.checkRunWrite;
    expect(run.conclusion).toBe("failure");
    expect(rowOf(run, "Staging")).toContain("➖");
    expect(run.output.summary).toContain("Codertocat/.github:.github/shipshape.yml");
  });

  it("fails the check with the line, column and suggestion of a config typo", async () => {
    const github = new GitHubMock()
      .config("pull_requests:\n  tests:\n    enforcment: warn\n")
      .checkRuns([])
      .createCheckRun();
    await receive("pull_request", pullRequestPayload("opened"));
    const run = github.checkRunWrite;
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("Invalid configuration: 1 problem");
    expect(run.output.summary).toContain("`.github/shipshape.yml:3:5` `pull_requests.tests.enforcment`");
    expect(run.output.summary).toContain('did you mean "enforcement"?');
  });

  it("skips pull requests by skipped authors with a check that does not block", async () => {
    const github = new GitHubMock().config(CONFIG).checkRuns([]).createCheckRun();
    await receive("pull_request", pullRequestPayload("opened", { author: "dependabot[bot]" }));
    const run = github.checkRunWrite;
    expect(run.conclusion).toBe("skipped");
    expect(run.output.summary).toContain("`dependabot[bot]`");
  });

  it("decides on the visible 3,000 files of a 3,500-file pull request, and says so", async () => {
    const files = Array.from({ length: 3000 }, (_, index) => ({ filename: `src/feature/file-${index}.ts` }));
    const github = new GitHubMock().config(CONFIG).files(files).deployments([]).checkRuns([]).createCheckRun();
    await receive("pull_request", pullRequestPayload("opened", { body: ROLLBACK, changedFiles: 3500 }));
    expect(rowOf(github.checkRunWrite, "Tests")).toContain("Only 3,000 of 3,500 changed files were visible");
  });

  it("says what could not be checked when a read fails, instead of passing", async () => {
    const github = new GitHubMock().config(CONFIG).filesFail(500).deployments([]).checkRuns([]).createCheckRun();
    await receive("pull_request", pullRequestPayload("opened", { body: ROLLBACK }));
    const run = github.checkRunWrite;
    expect(run.conclusion).toBe("failure");
    expect(rowOf(run, "Tests")).toContain("Could not check the changed files");
  });
});
