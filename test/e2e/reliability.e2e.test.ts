import { closeMilestone, openPull, type SimRepository } from "@shipshape/simulator";
import { beforeAll, describe, expect, it } from "vitest";
import { appProcessSuite } from "../helpers/app-process.js";
import { webhookExamples } from "../helpers/payloads.js";

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const CONFIG = "pull_requests:\n  requirements:\n    enforcement: warn\n";

/**
 * The app as `npm start` runs it, in its own process, against the suite.simulator; judged only by the
 * GitHub state the suite.simulator ends with.
 */
describe("reliability of the running app", () => {
  const suite = appProcessSuite();
  const send = suite.send;
  let installationId: number;
  let repoCount = 0;
  const newRepository = (config: string | null = CONFIG): SimRepository => {
    const repository = suite.simulator.store.addRepository(`acme/service-${++repoCount}`, installationId);
    if (config !== null) suite.simulator.store.putFile(repository, ".github/shipshape.yml", config);
    return repository;
  };
  const openAndCheck = async (repository: SimRepository, seed: Parameters<typeof openPull>[2]) => {
    const pull = openPull(suite.simulator.store, repository, seed);
    const delivery = await send("pull_request", suite.payloads.pullRequest("opened", repository, pull));
    // A handler still working after 9 s (a loaded machine) is answered 202 by Probot's webhook
    // middleware, as GitHub expects within its 10 s; the check run lands when the work is done.
    expect([200, 202]).toContain(delivery.status);
    if (delivery.status === 202)
      await waitFor(() => repository.checkRuns.some((run) => run.status === "completed"), 60_000);
    return pull;
  };

  beforeAll(() => {
    installationId = suite.simulator.store.addInstallation("acme").id;
  });

  it("retries a check-run write that met a 500 and writes it once", async () => {
    const repository = newRepository();
    suite.simulator.injectFault({
      method: "POST",
      path: `/repos/acme/${repository.name}/check-runs`,
      kind: "server-error",
      status: 500,
      times: 1,
    });
    await openAndCheck(repository, { title: "Change", files: ["src/a.ts"] });
    expect(repository.checkRuns).toHaveLength(1);
    expect(
      suite.simulator.calls
        .filter((call) => call.method === "POST" && call.path.startsWith(`/repos/acme/${repository.name}/check-runs`))
        .map((call) => call.status),
    ).toEqual([500, 201]);
  });

  it("waits out a secondary rate limit on a write instead of dropping it", async () => {
    const repository = newRepository();
    suite.simulator.injectFault({
      method: "POST",
      path: `/repos/acme/${repository.name}/check-runs`,
      kind: "secondary-rate-limit",
      retryAfterSeconds: 1,
      times: 1,
    });
    await openAndCheck(repository, { title: "Change", files: ["src/a.ts"] });
    expect(repository.checkRuns).toHaveLength(1);
    expect(repository.checkRuns[0]?.conclusion).toBe("failure");
  });

  it("retries a config read that met a 502 twice, then evaluates", async () => {
    const repository = newRepository();
    suite.simulator.injectFault({
      method: "GET",
      path: `/repos/acme/${repository.name}/contents/`,
      kind: "server-error",
      status: 502,
      times: 2,
    });
    await openAndCheck(repository, {
      title: "Docs",
      body: "## Rollback\nRevert the docs change, nothing else.",
      files: ["README.md"],
    });
    expect(repository.checkRuns).toHaveLength(1);
  });

  it("fails the check with line:col for an invalid config, and with a clear error for a huge or alias-bomb config", async () => {
    const typo = newRepository("pull_requests:\n  rollback:\n    min_lenght: 20\n");
    await openAndCheck(typo, { title: "Change", files: ["src/a.ts"] });
    expect(typo.checkRuns[0]?.conclusion).toBe("failure");
    expect(typo.checkRuns[0]?.output.summary).toContain(
      '`.github/shipshape.yml:3:5` `pull_requests.rollback.min_lenght`: unknown key, did you mean "min\\_length"?',
    );

    const huge = newRepository(`# ${"x".repeat(1024 * 1024)}\n`);
    await openAndCheck(huge, { title: "Change", files: ["src/a.ts"] });
    expect(huge.checkRuns[0]?.output.summary).toContain(
      "the file is larger than 1 MB; a config file may be at most 64 KB",
    );

    const bomb = newRepository(
      [
        "a: &a [x, x, x, x, x, x, x, x]",
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a]",
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]",
        "d: [*c, *c, *c, *c, *c, *c, *c, *c]",
      ].join("\n"),
    );
    await openAndCheck(bomb, { title: "Change", files: ["src/a.ts"] });
    expect(bomb.checkRuns[0]?.output.summary).toContain("Excessive alias count");
  });

  it("decides on the 3,000 visible files of a 3,500-file pull request, and says so", async () => {
    const repository = newRepository();
    const files = Array.from({ length: 3500 }, (_, index) => `src/generated/file-${index}.ts`);
    await openAndCheck(repository, { title: "Regenerate", files });
    expect(repository.checkRuns[0]?.output.summary).toContain("Only 3,000 of 3,500 changed files were visible");
  });

  it("escapes hostile titles, bodies, branch and file names in the check run and the status issue", async () => {
    const repository = newRepository();
    const hostile = "@octo-org/admins <script>alert(1)</script> | `x` |";
    await openAndCheck(repository, {
      title: hostile,
      body: `${"@everyone <img src=x onerror=alert(1)> ".repeat(26_000)}\n## Rollback\n${hostile}`,
      headRef: "feature/@admin-<b>x</b>",
      files: [`src/${hostile}.ts`],
    });
    await send(
      "milestone",
      suite.payloads.milestone(
        "closed",
        repository,
        closeMilestone(repository, "Sprint 1", suite.simulator.store.now()).number,
      ),
    );
    const written = [
      ...repository.checkRuns.map((run) => JSON.stringify(run.output)),
      ...repository.issues.map((issue) => `${issue.title}\n${issue.body}`),
    ];
    expect(repository.issues.length).toBeGreaterThan(0);
    for (const text of written) {
      expect(text).not.toMatch(/@(octo-org|everyone|admin)/);
      expect(text).not.toMatch(/<(script|img|b)\b/i);
    }
    const fileRow = repository.checkRuns[0]?.output.text ?? "";
    expect(fileRow).toContain("‹script›");
  });

  it("handles every example payload GitHub documents without a 5xx or a handler error, and keeps answering", async () => {
    // Each example is delivered as if it came from a configured repository of this installation,
    // so that every handler runs for real; a handler that throws logs "handling the delivery failed".
    const repository = newRepository();
    const common = suite.payloads.pullRequest(
      "opened",
      repository,
      openPull(suite.simulator.store, repository, { title: "x" }),
    );
    const logBefore = suite.app.output().length;
    let delivered = 0;
    const failures: string[] = [];
    for (const definition of webhookExamples) {
      for (const example of definition.examples) {
        const payload: Record<string, unknown> = { ...(example as object), installation: common.installation };
        if ("repository" in payload) payload.repository = common.repository;
        const delivery = await send(definition.name, payload);
        delivered++;
        if (delivery.status >= 500) failures.push(`${definition.name}: ${delivery.status}`);
      }
    }
    expect(delivered).toBeGreaterThan(250);
    expect(failures).toEqual([]);
    const handlerErrors = suite.app
      .output()
      .slice(logBefore)
      .split("\n")
      .filter((line) => line.includes("handling the delivery failed"));
    expect(handlerErrors).toEqual([]);
    expect((await fetch(suite.app.webhookUrl.replace("/api/github/webhooks", "/ping"))).status).toBe(200);
  });

  it("opens no duplicate issues when the app is killed in the middle of a sweep and started again", async () => {
    const repository = newRepository("cadence:\n  sprint_review:\n    every: 14d\n    grace: 2d\n");
    closeMilestone(repository, "Sprint 9", new Date(Date.now() - 20 * 86_400_000).toISOString());
    suite.simulator.injectFault({
      method: "POST",
      path: `/repos/acme/${repository.name}/issues`,
      kind: "latency",
      delayMs: 1500,
      times: 1,
    });
    const issuesCreated = () =>
      suite.simulator.calls.filter(
        (call) => call.method === "POST" && call.path === `/repos/acme/${repository.name}/issues`,
      ).length;

    const interrupted = send("milestone", suite.payloads.milestone("edited", repository, 1)).catch(() => undefined);
    await waitFor(() => suite.simulator.faults.pending() === 0); // the first issue write is in flight
    await suite.app.kill();
    await interrupted;
    await waitFor(() => issuesCreated() === 1); // GitHub finished the write the app never saw answered
    await suite.restart();

    expect((await send("milestone", suite.payloads.milestone("edited", repository, 1))).status).toBe(200);
    const marked = (marker: string) => repository.issues.filter((issue) => issue.body?.includes(marker));
    expect(marked("<!-- shipshape:lapse:sprint_review -->")).toHaveLength(1);
    expect(marked("<!-- shipshape:status -->")).toHaveLength(1);
  });

  it("counts deliveries and GitHub requests at /metrics", async () => {
    const repository = newRepository();
    await openAndCheck(repository, { title: "Metrics (#5)", files: ["src/a.ts", "test/a.test.ts"] });
    const response = await fetch(`${suite.app.opsUrl}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const value = (series: string) =>
      Number(new RegExp(`^${series.replace(/[{}]/g, "\\$&")} (\\S+)$`, "m").exec(text)?.[1]);
    expect(value('shipshape_deliveries_total{event="pull_request",outcome="handled"}')).toBeGreaterThanOrEqual(1);
    expect(value('shipshape_github_requests_total{route="repos/check-runs",status="201"}')).toBeGreaterThanOrEqual(1);
    expect(value('shipshape_evaluation_duration_seconds_count{outcome="evaluated"}')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^shipshape_github_rate_limit_remaining\{token="installation"\} \d+$/m);
    // No owner, repository name or installation id becomes a label value.
    expect(text).not.toContain(repository.name);
    expect(text).not.toMatch(/installation="/);
  });

  it("finishes the check it is writing when told to stop (SIGTERM), then exits", async () => {
    const repository = newRepository();
    suite.simulator.injectFault({
      method: "POST",
      path: `/repos/acme/${repository.name}/check-runs`,
      kind: "latency",
      delayMs: 1500,
      times: 1,
    });
    const pull = openPull(suite.simulator.store, repository, { title: "Stop (#6)", files: ["src/a.ts"] });
    const delivery = send("pull_request", suite.payloads.pullRequest("opened", repository, pull));
    await waitFor(() => suite.simulator.faults.pending() === 0); // the check-run write is in flight
    await suite.app.stop();
    expect((await delivery).status).toBe(200);
    expect(repository.checkRuns).toHaveLength(1);
    expect(suite.app.output()).toContain("stopping: finishing running work");
    await suite.restart();
  });
});
