import type { Probot } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import { createTestProbot, useNock } from "./helpers/app.js";
import { BASE_SHA, GitHubMock, HEAD_SHA } from "./helpers/github-mock.js";
import { pullRequestPayload } from "./helpers/payloads.js";

const BODY = "Closes #42\n\n## Rollback\nRevert this PR and redeploy the previous release tag.";
const FILES = [{ filename: "src/pay.ts" }, { filename: "test/pay.test.ts" }];

/** The request budget of issue #3, counted on what reaches the GitHub API (the hourly token aside). */
describe("requests per pull-request evaluation", () => {
  useNock();
  let probot: Probot;
  let delivery = 0;
  const receive = (payload: object) =>
    probot.receive({ id: `budget-${++delivery}`, name: "pull_request", payload } as Parameters<Probot["receive"]>[0]);

  beforeEach(async () => {
    ({ probot } = await createTestProbot());
  });

  it("spends 8 requests on a first evaluation (2 of them the template folders, once per repository) and 4 reads, no write, when nothing changed", async () => {
    const first = new GitHubMock()
      .config("{}")
      .files(FILES)
      .deployments([{ id: 7, environment: "staging" }])
      .deploymentStatus(7, "success")
      .checkRuns([])
      .createCheckRun();
    await receive(pullRequestPayload("opened", { body: BODY }));
    expect(first.requests.map((request) => request.method)).toEqual([
      "GET",
      "GET",
      "GET",
      "GET",
      "GET",
      "GET",
      "GET",
      "POST",
    ]);
    expect(first.reads.filter((request) => /\/contents(\/\.github)?$/.test(request.path))).toHaveLength(2);
    expect(first.checkRunWrite.conclusion).toBe("success");

    const again = new GitHubMock()
      .config("{}")
      .files(FILES)
      .deployments([{ id: 7, environment: "staging" }])
      .checkRuns(first.checkRunState);
    await receive(pullRequestPayload("edited", { body: BODY }));
    expect(again.writes).toEqual([]);
    expect(again.reads).toHaveLength(4);
  });

  it("reads a Java, Kotlin and .NET project's manifests only where the pull request changed them: base and head once each", async () => {
    const pom = (artifacts: string[]) =>
      `<project><dependencies>${artifacts.map((artifact) => `<dependency><groupId>org.acme</groupId><artifactId>${artifact}</artifactId></dependency>`).join("")}</dependencies></project>`;
    const mock = new GitHubMock()
      .config("{}")
      .files([
        { filename: "pom.xml" },
        { filename: "app/build.gradle.kts", status: "added" },
        { filename: "src/Shop/Shop.csproj", status: "removed" },
        { filename: "src/main/java/Pay.java" },
        { filename: "src/test/java/PayTest.java" },
      ])
      .file("pom.xml", HEAD_SHA, pom(["core", "ledger"]))
      .file("pom.xml", BASE_SHA, pom(["core"]))
      .file("app/build.gradle.kts", HEAD_SHA, 'dependencies {\n  implementation("org.acme:core:1.0")\n}\n')
      .deployments([{ id: 9, environment: "staging" }])
      .deploymentStatus(9, "success")
      .checkRuns([])
      .createCheckRun();
    await receive(pullRequestPayload("opened", { body: BODY }));
    // A removed manifest is not read; nock fails the test on any request it was not told of.
    expect(mock.reads.filter((request) => /\/contents\/(?:pom\.xml|app|src)/.test(request.path))).toHaveLength(3);
    expect(JSON.stringify(mock.checkRunWrite)).toContain("2 new dependencies have no justification");
  });

  it("stays within 4 reads when nothing changed, even while the staging deployment is still running", async () => {
    const first = new GitHubMock()
      .config("{}")
      .files(FILES)
      .deployments([{ id: 8, environment: "staging" }])
      .deploymentStatus(8, "in_progress")
      .checkRuns([])
      .createCheckRun();
    await receive(pullRequestPayload("opened", { body: BODY }));
    expect(first.checkRunWrite.conclusion).toBe("failure");

    const again = new GitHubMock()
      .config("{}")
      .files(FILES)
      .deployments([{ id: 8, environment: "staging" }])
      .checkRuns(first.checkRunState);
    await receive(pullRequestPayload("edited", { body: BODY }));
    expect(again.writes).toEqual([]);
    expect(again.reads).toHaveLength(4);
  });

  it("asks once whether a repository that never deployed deploys, and remembers the answer", async () => {
    const first = new GitHubMock()
      .config("{}")
      .files(FILES)
      .deployments([], undefined, false)
      .checkRuns([])
      .createCheckRun();
    await receive(pullRequestPayload("opened", { body: "Closes #42" }));
    expect(first.reads.filter((request) => /\/deployments\?per_page=1$/.test(request.path))).toHaveLength(1);
    expect(first.checkRunWrite.conclusion).toBe("success");

    const again = new GitHubMock()
      .config("{}")
      .files(FILES)
      .deployments([], undefined, false)
      .checkRuns(first.checkRunState);
    await receive(pullRequestPayload("edited", { body: "Closes #42" }));
    expect(again.reads.some((request) => /\/deployments\?per_page=1$/.test(request.path))).toBe(false);
  });

  it("reads no files at all when only body-based practices are on and rollback is always required", async () => {
    const config = [
      "pull_requests:",
      "  tests: { enforcement: off }",
      "  staging: { enforcement: off }",
      "  rollback: { paths: [] }",
      "  dependencies: { enforcement: off }",
    ].join("\n");
    const github = new GitHubMock().config(config).checkRuns([]).createCheckRun();
    await receive(pullRequestPayload("opened", { body: BODY }));
    // The config, the two template folders, the check runs, the write.
    expect(github.requests).toHaveLength(5);
    expect(github.requests.some((request) => request.path.includes("/files"))).toBe(false);
    expect(github.checkRunWrite.conclusion).toBe("success");
  });
});
