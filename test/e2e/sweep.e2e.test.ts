import {
  closeMilestone,
  deliver,
  GitHubSimulator,
  openPull,
  PayloadFactory,
  type SimIssue,
  type SimRepository,
} from "@shipshape/simulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningApp, startApp, UNPACED } from "../../demo/start-app.js";
import { runSweep } from "../../src/sweep/cli-sweep.js";

const NOW = new Date("2026-11-25T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const CONFIG = [
  "cadence:",
  "  sprint_review:",
  "    every: 14d",
  "    grace: 2d",
  "    assignees: [mona]",
  "maintenance:",
  "  dependency_patches:",
  "    max_age: 7d",
  "    alert_sla: { critical: 3d }",
].join("\n");

describe("repository sweeps against the GitHub simulator", () => {
  let simulator: GitHubSimulator;
  let app: RunningApp;
  let repository: SimRepository;
  let payloads: PayloadFactory;
  const env = (): NodeJS.ProcessEnv => ({ ...simulator.appEnvironment(), LOG_LEVEL: "silent" });
  const sweep = async (target = "acme/payments") => {
    const lines: string[] = [];
    const code = await runSweep(
      target,
      env(),
      (line) => lines.push(line),
      () => NOW,
      UNPACED,
    );
    return { code, lines };
  };
  const send = (event: string, payload: unknown) =>
    deliver({ url: app.webhookUrl, secret: app.secret }, event, payload);
  const lapseIssues = (practice: string) =>
    repository.issues.filter((issue) => issue.body?.includes(`<!-- shipshape:lapse:${practice} -->`));
  const statusIssues = (repo: SimRepository) =>
    repo.issues.filter((issue) => issue.body?.includes("<!-- shipshape:status -->"));
  const closeByPerson = (issue: SimIssue) => {
    issue.state = "closed";
    issue.state_reason = "not_planned";
    issue.closed_at = NOW.toISOString();
    issue.closed_by = { login: "mona", id: 7, type: "User" };
  };

  beforeEach(async () => {
    simulator = new GitHubSimulator({ clock: () => NOW });
    await simulator.start();
    const installation = simulator.store.addInstallation("acme");
    repository = simulator.store.addRepository("acme/payments", installation.id);
    simulator.store.putFile(repository, ".github/shipshape.yml", CONFIG);
    closeMilestone(repository, "Sprint 41", daysAgo(20));
    payloads = new PayloadFactory(simulator);
    app = await startApp(simulator, { now: () => NOW });
  });

  afterEach(async () => {
    await app.stop();
    await simulator.stop();
    expect(simulator.unknownRoutes).toEqual([]);
  });

  it("opens one assigned lapse issue when the last review was 20 days ago, and writes nothing on an unchanged re-sweep", async () => {
    const first = await sweep();
    expect(first).toEqual({ code: 0, lines: ["acme/payments: swept, failing: sprint_review (2 writes)"] });
    const [lapse] = lapseIssues("sprint_review");
    expect(lapseIssues("sprint_review")).toHaveLength(1);
    expect(lapse).toMatchObject({
      title: "Sprint review overdue",
      state: "open",
      assignees: ["mona"],
      labels: ["shipshape"],
    });
    expect(lapse?.body).toContain("The next review was due on **2026-11-19**");
    expect(lapse?.body).toContain("`cadence.sprint_review`");

    const writesBefore = simulator.writes.length;
    const second = await sweep();
    expect(second.lines).toEqual(["acme/payments: swept, failing: sprint_review (0 writes)"]);
    expect(simulator.writes).toHaveLength(writesBefore);
  });

  it("closes the lapse issue when a milestone closes", async () => {
    await sweep();
    closeMilestone(repository, "Sprint 42", NOW.toISOString());
    const delivery = await send("milestone", payloads.milestone("closed", repository, 2));
    expect(delivery.status).toBe(200);
    expect(lapseIssues("sprint_review").map((issue) => issue.state)).toEqual(["closed"]);
    expect(lapseIssues("sprint_review")[0]?.closed_by?.login).toBe("shipshape[bot]");
  });

  it("respects a lapse issue a person closed: no reopening, no new issue", async () => {
    await sweep();
    const [lapse] = lapseIssues("sprint_review");
    if (!lapse) throw new Error("no lapse issue");
    closeByPerson(lapse);
    await send(
      "issues",
      payloads.issues("closed", repository, lapse.number, { sender: { login: "mona", id: 7, type: "User" } }),
    );
    await sweep();
    expect(lapseIssues("sprint_review")).toHaveLength(1);
    expect(lapse.state).toBe("closed");
  });

  it("lists a stale Dependabot PR and an alert past its SLA in one issue, not a fresh update PR, and closes it when they are gone", async () => {
    const stalePull = openPull(simulator.store, repository, {
      title: "Bump lodash from 4.17.20 to 4.17.21",
      author: "dependabot[bot]",
      createdAt: daysAgo(10),
    });
    openPull(simulator.store, repository, {
      title: "Bump zod from 4.1.0 to 4.1.1",
      author: "dependabot[bot]",
      createdAt: daysAgo(1),
    });
    repository.alerts.push({
      number: 3,
      state: "open",
      severity: "critical",
      package: { ecosystem: "npm", name: "minimist" },
      created_at: daysAgo(4),
      updated_at: daysAgo(4),
    });
    await sweep();
    const issues = lapseIssues("dependency_patches");
    expect(issues).toHaveLength(1);
    const body = issues[0]?.body ?? "";
    expect(body).toContain(`#${stalePull.number}`);
    expect(body).toContain("minimist");
    expect(body).toContain("critical alert | 4 days | 3 days");
    expect(body).not.toContain("Bump zod");
    expect(body.indexOf(`#${stalePull.number}`)).toBeLessThan(body.indexOf("minimist"));

    stalePull.state = "closed";
    stalePull.closed_at = NOW.toISOString();
    const alert = repository.alerts[0];
    if (alert) alert.state = "fixed";
    await send("dependabot_alert", payloads.dependabotAlert("fixed", repository, 3));
    expect(lapseIssues("dependency_patches")[0]?.state).toBe("closed");
  });

  it("says in the status issue when alerts are not readable, and still evaluates the rest", async () => {
    repository.alertsForbidden = "permission";
    await sweep();
    const [status] = statusIssues(repository);
    expect(status?.body).toContain("alerts not readable: grant Dependabot alerts read");
    expect(status?.body).toContain("Sprint review cadence");
    expect(lapseIssues("sprint_review")).toHaveLength(1);
  });

  it("keeps one status issue per configured repository, none elsewhere, edited rather than recreated", async () => {
    const installation = simulator.store.installations.values().next().value;
    const quiet = simulator.store.addRepository("acme/quiet", installation?.id ?? 0);
    const all = await runSweep(
      undefined,
      env(),
      () => {},
      () => NOW,
      UNPACED,
    );
    expect(all).toBe(0);
    expect(statusIssues(repository)).toHaveLength(1);
    expect(statusIssues(quiet)).toHaveLength(0);
    expect(quiet.issues).toEqual([]);

    openPull(simulator.store, repository, { title: "Add refunds", createdAt: NOW.toISOString() });
    await sweep();
    expect(statusIssues(repository)).toHaveLength(1);
    expect(statusIssues(repository)[0]?.body).toContain("Add refunds");
  });

  it("keeps an organisation rollup in the .github repository with a row per configured repository", async () => {
    const installation = simulator.store.installations.values().next().value;
    const orgRepo = simulator.store.addRepository("acme/.github", installation?.id ?? 0);
    simulator.store.addRepository("acme/quiet", installation?.id ?? 0);
    expect(
      await runSweep(
        undefined,
        env(),
        () => {},
        () => NOW,
        UNPACED,
      ),
    ).toBe(0);
    const rollups = orgRepo.issues.filter((issue) => issue.body?.includes("<!-- shipshape:rollup -->"));
    expect(rollups).toHaveLength(1);
    const body = rollups[0]?.body ?? "";
    expect(body).toContain("| acme/payments | sprint_review | [sprint review](");
    expect(body).toContain("[status](");
    expect(body).not.toContain("acme/quiet");
    await runSweep(
      undefined,
      env(),
      () => {},
      () => NOW,
      UNPACED,
    );
    expect(orgRepo.issues.filter((issue) => issue.body?.includes("<!-- shipshape:rollup -->"))).toHaveLength(1);
  });

  it("sweeps every installation on its schedule", async () => {
    await app.stop();
    app = await startApp(simulator, { now: () => NOW, sweepIntervalMs: 1000 });
    const deadline = Date.now() + 15_000;
    while (statusIssues(repository).length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(statusIssues(repository)).toHaveLength(1);
    expect(lapseIssues("sprint_review")).toHaveLength(1);
  });

  it("opens one lapse issue when two sweeps of a repository run at once", async () => {
    await Promise.all([
      send("milestone", payloads.milestone("edited", repository, 1)),
      send("milestone", payloads.milestone("edited", repository, 1)),
    ]);
    expect(lapseIssues("sprint_review")).toHaveLength(1);
    expect(statusIssues(repository)).toHaveLength(1);
  });

  /** An open issue carrying one of Shipshape's markers, opened three days ago by another app's bot. */
  const issueByAnotherBot = (title: string, marker: string): SimIssue => {
    const issue: SimIssue = {
      number: repository.nextNumber++,
      title,
      body: `${marker}\nwritten by another bot`,
      state: "open",
      state_reason: null,
      labels: [],
      assignees: [],
      user: { login: "other-app[bot]", id: 99, type: "Bot" },
      created_at: daysAgo(3),
      updated_at: daysAgo(3),
      closed_at: null,
      closed_by: null,
    };
    repository.issues.push(issue);
    return issue;
  };

  it("neither opens nor edits an issue while GitHub will not say who the app is, and says why", async () => {
    // Another bot's issue with the status issue's marker: without knowing its own login, the app
    // cannot tell that issue from its own.
    const foreign = issueByAnotherBot("Shipshape: delivery practices status", "<!-- shipshape:status -->");
    simulator.injectFault({ method: "GET", path: /^\/app$/, kind: "forbidden", times: 10 });
    const { code, lines } = await sweep();
    expect(code).not.toBe(0);
    expect(lines.join("\n")).toContain("the app's identity is unknown");
    expect(repository.issues).toEqual([foreign]);
    expect(foreign.body).toBe("<!-- shipshape:status -->\nwritten by another bot");
  });

  it("leaves an issue with its marker that another bot opened alone, and opens its own", async () => {
    const foreign = issueByAnotherBot("Sprint review overdue", "<!-- shipshape:lapse:sprint_review -->");
    expect((await sweep()).code).toBe(0);
    expect(foreign.body).toBe("<!-- shipshape:lapse:sprint_review -->\nwritten by another bot");
    expect(
      lapseIssues("sprint_review").filter((issue) => issue.user.login === simulator.store.app.botUser.login),
    ).toHaveLength(1);
  });

  it("finds the installation by its account when the repository-installation route is missing", async () => {
    simulator.injectFault({
      method: "GET",
      path: "/repos/acme/payments/installation",
      kind: "server-error",
      status: 404,
      times: 1,
    });
    expect((await sweep()).code).toBe(0);
    expect(statusIssues(repository)).toHaveLength(1);
  });

  it("reports a repository the app cannot reach and exits non-zero", async () => {
    const result = await sweep("acme/unknown");
    expect(result).toEqual({ code: 1, lines: ["acme/unknown: failed: the app is not installed on this repository"] });
  });
});
