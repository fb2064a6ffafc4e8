import {
  deliver,
  GitHubSimulator,
  PayloadFactory,
  type SimDeployment,
  type SimPull,
  type SimRepository,
  sha,
} from "@shipshape/simulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startApp } from "../../demo/start-app.js";
import { sweepSucceeds } from "../helpers/cli-sweep.js";

const NOW = new Date("2026-11-25T12:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (daysAgo: number, hours = 0) => new Date(NOW.getTime() - daysAgo * DAY + hours * HOUR).toISOString();

/**
 * A seeded production history, the figures computed by hand:
 *
 *   D1 -28d        s1  success
 *   #1 merged -27d (first commit -29d)            → shipped by D2
 *   D2 -26d        s2  success                     lead #1: -26d − -29d = 72 h
 *   #2 merged -21d (first commit -22d, tests failed)
 *   D3 -20d        s3  failure                     change failure (failed)
 *   D4 -20d +2h    s4  success                     restores D3 after 2 h; lead #2: 50 h
 *   #3 merged -15d (first commit -16d)
 *   D5 -14d        s5  success                     lead #3: 48 h
 *   D6 -14d +3h    s4  success                     s4 ran before: D5 rolled back, restored after 3 h
 *   #4 merged -8d (first commit -9d)
 *   D7 -7d         s7  success                     lead #4: 48 h
 *   #5 "Revert …" merged -7d +5h (first commit -7d +4h): D7 reverted
 *   D8 -7d +6h     s8  success                     restores D7 after 6 h; lead #5: 2 h
 *   D9 -2d         s9  success
 *   a staging deployment, -1d: not production
 *
 * Deployment frequency: 8 successful in 30 days = 1.9 a week (8/30 a day ≥ 1/7): high.
 * Lead time: median of 72, 50, 48, 48, 2 h = 48 h = 2 days (a day to a week): high.
 * Change failure rate: 3 of 9 (D3 failed, D5 rolled back, D7 reverted) = 33 % (over 15 %): low.
 * Time to restore: median of 2, 3, 6 h = 3 hours (under a day): high.
 * Join for tests: deployments shipping PRs that all met it: D2 (#1), D5 (#3, failed), D7 (#4,
 * failed), D8 (#5) = 2 of 4 failed; shipping one that missed it: D3 (#2, failed) = 1 of 1.
 */
describe("delivery outcomes in the status issue", () => {
  let simulator: GitHubSimulator;
  let repository: SimRepository;
  const sweep = () => sweepSucceeds(simulator, "acme/payments", () => NOW);
  const statusBody = () =>
    repository.issues.find((issue) => issue.body?.includes("<!-- shipshape:status -->"))?.body ?? "";
  const production = (label: string, createdAt: string, state: "success" | "failure", environment = "production") =>
    repository.deployments.push({
      id: simulator.store.nextId(),
      sha: sha(label),
      ref: "main",
      environment,
      created_at: createdAt,
      statuses: [{ id: simulator.store.nextId(), state, environment, created_at: createdAt }],
    });
  const merged = (number: number, title: string, mergedAt: string, firstCommitAt: string, tests: "pass" | "fail") => {
    const head = sha(`pr-${number}`);
    const pull: SimPull = {
      number,
      title,
      body: "",
      state: "closed",
      draft: false,
      user: { login: "mona", id: 7, type: "User" },
      labels: [],
      head: { ref: `topic-${number}`, sha: head },
      base: { ref: "main", sha: sha("base") },
      files: [],
      created_at: firstCommitAt,
      updated_at: mergedAt,
      closed_at: mergedAt,
      merged_at: mergedAt,
      commits: [
        { sha: head, authoredAt: firstCommitAt },
        { sha: sha(`pr-${number}-2`), authoredAt: mergedAt },
      ],
    };
    repository.pulls.push(pull);
    repository.checkRuns.push({
      id: simulator.store.nextId(),
      name: "Shipshape",
      head_sha: head,
      status: "completed",
      conclusion: tests === "pass" ? "success" : "failure",
      external_id: `shipshape:v1:tests=${tests},staging=pass,rollback=pass,requirements=pass,dependencies=skip`,
      output: { title: "", summary: "", text: "" },
      app_id: simulator.store.app.id,
      started_at: mergedAt,
      completed_at: mergedAt,
    });
  };

  beforeEach(async () => {
    simulator = new GitHubSimulator({ clock: () => NOW });
    await simulator.start();
    const installation = simulator.store.addInstallation("acme");
    repository = simulator.store.addRepository("acme/payments", installation.id);
    simulator.store.putFile(repository, ".github/shipshape.yml", "outcomes:\n  window: 30d\n");
  });

  afterEach(async () => {
    await simulator.stop();
    expect(simulator.unknownRoutes).toEqual([]);
  });

  const seedHistory = () => {
    production("s1", at(28), "success");
    merged(1, "Add refunds", at(27), at(29), "pass");
    production("s2", at(26), "success");
    merged(2, "Bulk export", at(21), at(22), "fail");
    production("s3", at(20), "failure");
    production("s4", at(20, 2), "success");
    merged(3, "Faster search", at(15), at(16), "pass");
    production("s5", at(14), "success");
    production("s4", at(14, 3), "success");
    merged(4, "Invoice PDFs", at(8), at(9), "pass");
    production("s7", at(7), "success");
    merged(5, 'Revert "Invoice PDFs"', at(7, 5), at(7, 4), "pass");
    production("s8", at(7, 6), "success");
    production("s9", at(2), "success");
    production("s9", at(1), "success", "staging");
  };

  it("gives exactly the four figures and bands computed by hand, their weeks and the join with the practices", async () => {
    seedHistory();
    await sweep();
    const body = statusBody();
    expect(body).toContain("### Delivery outcomes");
    expect(body).toContain("| Deployment frequency | 8 successful deployments (1.9 a week) | 🟢 high |");
    expect(body).toContain(
      "| Lead time for changes | 2 days (median of 5 merged pull requests, first commit to production) | 🟢 high |",
    );
    expect(body).toContain(
      "| Change failure rate | 33 % (3 of 9 deployments: 1 failed, 1 rolled back, 1 reverted) | 🔴 low |",
    );
    expect(body).toContain("| Time to restore service | 3 hours (median of 3 failures) | 🟢 high |");
    // Weeks (Monday starts): D7 and D8 in the week of 2026-11-16, #4 and #5 merged in it (48 h, 2 h).
    expect(body).toContain("| 2026-11-16 | 2 | 50 % (1 of 2) | 25 hours |");
    expect(body).toContain(
      "| Tests with code | too few to compare (2 of 4 failed) | too few to compare (1 of 1 failed) |",
    );
  });

  /**
   * Staged first: s2, s4 and s7 succeeded on staging an hour before production ran them (D2, D4
   * and D6, D7); s9 reached staging only after D9. Of the 8 successful deployments 4 were staged
   * first (50 %). Judged deployments: staged D2, D4, D6, D7 (D7 reverted: 1 of 4 failed), not
   * staged D1, D3, D5, D8, D9 (D3 failed, D5 rolled back: 2 of 5 failed, 40 %).
   */
  const stageFirst = () => {
    production("s2", at(26, -1), "success", "staging");
    production("s4", at(20, 1), "success", "staging");
    production("s7", at(7, -1), "success", "staging-eu");
  };

  it("shows the share of production deployments staged first, by week, and its join with change failures", async () => {
    seedHistory();
    stageFirst();
    await sweep();
    const body = statusBody();
    expect(body).toContain("| Staged before production | 4 of 8 production deployments (50 %) | — |");
    expect(body).toContain("| 2026-11-16 | 2 | 50 % (1 of 2) | 25 hours | 1 of 2 |");
    expect(body).toContain("| Staged before production | too few to compare (1 of 4 failed) | 40 % (2 of 5 failed) |");
    const installation = simulator.store.installations.values().next().value;
    const organisation = simulator.store.addRepository("acme/.github", installation?.id ?? 0);
    await sweepSucceeds(simulator, undefined, () => NOW);
    const rollup = organisation.issues.find((issue) => issue.body?.includes("<!-- shipshape:rollup -->"))?.body ?? "";
    expect(rollup).toMatch(/\| acme\/payments \| .* \| 3 hours \(high\) \| 50 % \(of 8\) \|/);
    // What the staging states cost is paid once: the next sweep reads none of them again.
    const before = simulator.calls.length;
    await sweep();
    expect(simulator.calls.slice(before).filter((call) => /\/statuses/.test(call.path))).toEqual([]);
  });

  it("gives the organisation rollup the four figures with their bands", async () => {
    seedHistory();
    const installation = simulator.store.installations.values().next().value;
    const organisation = simulator.store.addRepository("acme/.github", installation?.id ?? 0);
    await sweepSucceeds(simulator, undefined, () => NOW);
    const rollup = organisation.issues.find((issue) => issue.body?.includes("<!-- shipshape:rollup -->"))?.body ?? "";
    expect(rollup).toMatch(
      /\| acme\/payments \| .* \| 1\.9 \(high\) \| 2 days \(high\) \| 33 % \(low\) \| 3 hours \(high\) \|/,
    );
  });

  it("adds at most one counted request to a sweep of an unchanged repository, with a new token", async () => {
    seedHistory();
    await sweep();
    const before = simulator.calls.length;
    await sweep();
    const outcomeReads = simulator.calls
      .slice(before)
      .filter((call) => call.counted && /\/deployments|\/pulls\/\d+\/commits/.test(call.path));
    expect(outcomeReads.map((call) => call.path.split("?")[0])).toEqual(["/repos/acme/payments/deployments"]);
  });

  it("says deployments could not be read instead of showing figures, and keeps what it learnt", async () => {
    seedHistory();
    await sweep();
    simulator.injectFault({ method: "GET", path: "/repos/acme/payments/deployments", kind: "forbidden", times: 1 });
    await sweep();
    const body = statusBody();
    expect(body).toContain(
      "Deployments could not be read, so there are no figures this time: reading deployments failed (GitHub answered 403",
    );
    expect(body).not.toContain("| Deployment frequency |");
    const before = simulator.calls.length;
    await sweep();
    expect(statusBody()).toContain(
      "| Change failure rate | 33 % (3 of 9 deployments: 1 failed, 1 rolled back, 1 reverted) | 🔴 low |",
    );
    // Final states and first commits were kept through the failed read: none is read again.
    expect(simulator.calls.slice(before).filter((call) => /\/statuses|\/commits\?/.test(call.path))).toEqual([]);
  });

  it("updates the outcomes when a production deployment finishes (deployment_status), not on a staging one", async () => {
    seedHistory();
    const app = await startApp(simulator, { now: () => NOW });
    try {
      const payloads = new PayloadFactory(simulator);
      const send = (deployment: SimDeployment) =>
        deliver(
          { url: app.webhookUrl, secret: app.secret },
          "deployment_status",
          payloads.deploymentStatus(repository, deployment),
        );
      const staging = repository.deployments.find(
        (deployment) => deployment.environment === "staging",
      ) as SimDeployment;
      expect((await send(staging)).status).toBe(200);
      expect(statusBody()).toBe("");
      const latest = repository.deployments.find(
        (deployment) => deployment.sha === sha("s9") && deployment.environment === "production",
      );
      expect((await send(latest as SimDeployment)).status).toBe(200);
      expect(statusBody()).toContain("| Deployment frequency | 8 successful deployments (1.9 a week) | 🟢 high |");
    } finally {
      await app.stop();
    }
  });

  it("says which environments it matched when there is no production deployment, not zeros", async () => {
    production("s1", at(3), "success", "staging");
    production("s2", at(2), "success", "preview-12");
    await sweep();
    const body = statusBody();
    expect(body).toContain("No production deployment in the last 30d, so there are no figures yet.");
    expect(body).toContain("matching `production`, `prod`, `prod-*` (`outcomes.production`)");
    expect(body).toContain("the deployments it saw went to `preview-12`, `staging`.");
    expect(body).not.toContain("Deployment frequency");
  });
});
