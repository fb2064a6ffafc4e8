import {
  deliver,
  deploy,
  type GitHubSimulator,
  openPull,
  type PayloadFactory,
  type SimPull,
  type SimRepository,
} from "@shipshape/simulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningApp } from "../../demo/start-app.js";
import { startSimulatedRepository } from "../helpers/simulated-repository.js";

describe("the running app against the GitHub simulator", () => {
  let simulator: GitHubSimulator;
  let app: RunningApp;
  let repository: SimRepository;
  let payloads: PayloadFactory;
  const send = (event: string, payload: unknown, id?: string) =>
    deliver({ url: app.webhookUrl, secret: app.secret }, event, payload, id);

  beforeEach(async () => {
    ({ simulator, repository, payloads, app } = await startSimulatedRepository());
  });

  /** A successful staging deployment of the head updates the one check run: staging passes. */
  const deployToStagingUpdatesTheRun = async (pull: SimPull) => {
    const deployment = deploy(simulator.store, repository, pull.head.sha, "staging", "success");
    await send("deployment_status", payloads.deploymentStatus(repository, deployment));
    expect(repository.checkRuns).toHaveLength(1);
    expect(repository.checkRuns[0]?.output.summary).toContain("Deployed");
  };

  afterEach(async () => {
    await app.stop();
    await simulator.stop();
    expect(simulator.unknownRoutes).toEqual([]);
  });

  it("fails a src-only change, then passes it once tests, rollback notes and staging are there", async () => {
    const pull = openPull(simulator.store, repository, { title: "Add refunds", files: ["src/refunds.ts"] });
    expect((await send("pull_request", payloads.pullRequest("opened", repository, pull))).status).toBe(200);
    expect(repository.checkRuns).toHaveLength(1);
    expect(repository.checkRuns[0]).toMatchObject({
      name: "Shipshape",
      conclusion: "failure",
      head_sha: pull.head.sha,
    });

    pull.files.push({ filename: "test/refunds.test.ts", status: "added", additions: 20, deletions: 0, changes: 20 });
    pull.body = "Closes #1\n\n## Rollback\nRevert the merge commit; refunds are behind the `refunds` flag.";
    deploy(simulator.store, repository, pull.head.sha, "staging", "success");
    const deployment = repository.deployments[0];
    if (!deployment) throw new Error("no deployment");
    await send("pull_request", payloads.pullRequest("edited", repository, pull, { changes: { body: { from: "" } } }));
    expect(repository.checkRuns).toHaveLength(1);
    expect(repository.checkRuns[0]?.conclusion).toBe("success");
  });

  it("names a Maven dependency added without a justification, and not the dependency whose version changed", async () => {
    const pull = openPull(simulator.store, repository, {
      title: "Retry failed refunds (#7)",
      body: "## Rollback\nRevert the merge commit.",
      files: ["pom.xml", "src/main/java/com/acme/Refunds.java", "src/test/java/com/acme/RefundsTest.java"],
    });
    const pom = (dependencies: string) =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.acme</groupId>\n  <artifactId>payments</artifactId>\n  <dependencies>\n${dependencies}  </dependencies>\n</project>\n`;
    const dependency = (group: string, artifact: string, version: string) =>
      `    <dependency>\n      <groupId>${group}</groupId>\n      <artifactId>${artifact}</artifactId>\n      <version>${version}</version>\n    </dependency>\n`;
    simulator.store.putFile(
      repository,
      "pom.xml",
      pom(dependency("com.google.guava", "guava", "32.1.3-jre")),
      pull.base.sha,
    );
    simulator.store.putFile(
      repository,
      "pom.xml",
      pom(
        dependency("com.google.guava", "guava", "33.0.0-jre") +
          dependency("io.github.resilience4j", "resilience4j-retry", "2.2.0"),
      ),
      pull.head.sha,
    );
    expect((await send("pull_request", payloads.pullRequest("opened", repository, pull))).status).toBe(200);
    expect(repository.checkRuns[0]?.output.summary).toContain(
      "| ⚠️ | Dependencies | A new dependency has no justification: `io.github.resilience4j:resilience4j-retry`. |",
    );
    expect(repository.checkRuns[0]?.output.summary).not.toContain("guava");
  });

  it("finds the pull request of a deployed commit on a server without the commit-pulls route", async () => {
    const pull = openPull(simulator.store, repository, {
      title: "Refunds",
      files: ["src/refunds.ts", "test/refunds.test.ts"],
    });
    await send("pull_request", payloads.pullRequest("opened", repository, pull));
    simulator.injectFault({
      method: "GET",
      path: /\/commits\/[0-9a-f]+\/pulls$/,
      kind: "server-error",
      status: 404,
      times: 1,
    });
    await deployToStagingUpdatesTheRun(pull);
  });

  it("uses the webhook's deployment on a server without the deployments list, and creates the run when listing runs 404s", async () => {
    const pull = openPull(simulator.store, repository, {
      title: "Refunds",
      files: ["src/refunds.ts", "test/refunds.test.ts"],
    });
    simulator.injectFault({ method: "GET", path: /\/check-runs$/, kind: "server-error", status: 404, times: 1 });
    await send("pull_request", payloads.pullRequest("opened", repository, pull));
    expect(repository.checkRuns).toHaveLength(1);

    simulator.injectFault({
      method: "GET",
      path: "/repos/acme/payments/deployments",
      kind: "server-error",
      status: 404,
      times: 1,
    });
    await deployToStagingUpdatesTheRun(pull);
  });

  it("rejects a bad signature without writing, and does a redelivery's work once", async () => {
    const pull = openPull(simulator.store, repository, { title: "Docs", files: ["README.md"] });
    const payload = payloads.pullRequest("opened", repository, pull);
    const forged = await deliver({ url: app.webhookUrl, secret: "not-the-secret" }, "pull_request", payload);
    expect([400, 401]).toContain(forged.status);
    expect(simulator.calls).toEqual([]);

    await send("pull_request", payload, "delivery-1");
    const writes = simulator.writes.length;
    await send("pull_request", payload, "delivery-1");
    expect(simulator.writes).toHaveLength(writes);
    expect(repository.checkRuns).toHaveLength(1);
  });
});
