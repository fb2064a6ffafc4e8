import {
  closeMilestone,
  deploy,
  GitHubSimulator,
  isWrite,
  mergePull,
  openPull,
  type SimRepository,
  sha,
} from "@shipshape/simulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSweepServices } from "../../src/sweep/cli-sweep.js";
import { MemoryFreshness } from "../../src/sweep/freshness.js";
import { sweepAllInstallations } from "../../src/sweep/scheduler.js";
import type { SweepServices } from "../../src/sweep/sweep-repository.js";
import { simulatorProbot } from "../helpers/simulator-probot.js";

const NOW = new Date("2026-11-25T12:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const CONFIG = [
  "cadence:",
  "  sprint_review:",
  "    every: 14d",
  "    grace: 2d",
  "    evidence: { labels: [sprint-review, 'demo day'] }",
  "maintenance:",
  "  dependency_patches:",
  "    max_age: 7d",
  "    alert_sla: { critical: 3d, medium: 10d }",
].join("\n");

/** The REST list reads a batched read answers for (the config, own issues and check runs stay REST). */
const BATCHED_ROUTES = /\/(milestones|pulls|dependabot\/alerts|deployments)\?|\/issues\?labels=/;

/**
 * A reconcile that batches its list reads through GraphQL must judge every repository exactly as
 * the REST reads do: the same issues, the same bodies. REST sweeps write the issues and read
 * everything once more; the reconcile of the same state (a second later, with a new token, so no
 * ETags) then finds nothing to write.
 */
describe("batched list reads", () => {
  let simulator: GitHubSimulator;
  let rich: SimRepository;
  let locked: SimRepository;
  let now = NOW;
  // Every sweep after a full read with nothing to write is a reconcile: the interval is 0.
  let freshness = new MemoryFreshness(0);

  const sweep = async (options: { batched: boolean }) => {
    now = new Date(now.getTime() + 1000);
    const probot = simulatorProbot(simulator);
    const { lists, ...rest } = createSweepServices(probot, () => now);
    const services: SweepServices = { ...rest, freshness, ...(options.batched && lists ? { lists } : {}) };
    const from = simulator.calls.length;
    const outcomes = await sweepAllInstallations(probot, services);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    const calls = simulator.calls.slice(from);
    return {
      calls,
      writes: calls.filter(isWrite),
      graphql: calls.filter((call) => call.path.endsWith("/graphql")),
      restLists: calls.filter((call) => call.method === "GET" && BATCHED_ROUTES.test(call.path)),
    };
  };

  beforeEach(async () => {
    now = NOW;
    freshness = new MemoryFreshness(0);
    simulator = new GitHubSimulator({ clock: () => now });
    await simulator.start();
    const { store } = simulator;
    const installation = store.addInstallation("acme");
    rich = store.addRepository("acme/payments", installation.id);
    store.putFile(rich, ".github/shipshape.yml", CONFIG);
    closeMilestone(rich, "Sprint 40", ago(30));
    closeMilestone(rich, "Sprint 41", ago(16));
    rich.milestones.push({
      number: 3,
      title: "Backlog",
      state: "closed",
      created_at: ago(90),
      updated_at: ago(20),
      closed_at: ago(20),
      due_on: null,
    });
    const bot = { login: "shipshape-tester", id: 77, type: "User" as const };
    rich.issues.push({
      number: 900,
      title: "Demo day: payments",
      body: "Notes",
      state: "closed",
      state_reason: "completed",
      labels: ["demo day"],
      assignees: [],
      user: bot,
      created_at: ago(12),
      updated_at: ago(11),
      closed_at: ago(11),
      closed_by: bot,
    });
    // An update pull request by Dependabot (a bot: GraphQL names it without "[bot]"), stale.
    const update = openPull(store, rich, { title: "Bump lodash from 4.17.20 to 4.17.21", files: ["package.json"] });
    update.user = { login: "dependabot[bot]", id: 49699333, type: "Bot" };
    update.created_at = ago(12);
    openPull(store, rich, { title: "Refunds", files: ["src/refunds.ts"] });
    // 130 closed pull requests: more than GraphQL's page of 100, so REST reads the second page.
    for (let index = 0; index < 130; index++) {
      const pull = openPull(store, rich, { title: `Change ${index}`, files: [`src/f${index}.ts`] });
      if (index % 3 === 0)
        Object.assign(pull, { state: "closed", closed_at: ago(index / 10), updated_at: ago(index / 10) });
      else {
        mergePull(store, rich, pull);
        Object.assign(pull, { merged_at: ago(index / 10), closed_at: ago(index / 10), updated_at: ago(index / 10) });
      }
    }
    rich.alerts.push(
      {
        number: 1,
        state: "open",
        severity: "critical",
        package: { ecosystem: "npm", name: "lodash" },
        created_at: ago(5),
        updated_at: ago(5),
      },
      {
        number: 2,
        state: "open",
        severity: "medium",
        package: { ecosystem: "pip", name: "urllib3" },
        created_at: ago(20),
        updated_at: ago(20),
      },
      {
        number: 3,
        state: "fixed",
        severity: "high",
        package: { ecosystem: "npm", name: "qs" },
        created_at: ago(40),
        updated_at: ago(30),
      },
    );
    for (const [environment, state] of [
      ["staging", "success"],
      ["production", "success"],
      ["production", "failure"],
      ["production", "success"],
    ] as const)
      deploy(store, rich, sha(`${environment}-${state}-${rich.deployments.length}`), environment, state);

    const quiet = store.addRepository("acme/docs", installation.id);
    store.putFile(quiet, ".github/shipshape.yml", "{}\n");
    locked = store.addRepository("acme/vault", installation.id);
    store.putFile(locked, ".github/shipshape.yml", CONFIG);
    locked.alertsForbidden = "disabled";
  });

  afterEach(async () => {
    await simulator.stop();
  });

  it("judges every repository as the REST reads do, from one GraphQL request for the installation's lists", async () => {
    const rest = await sweep({ batched: false });
    expect(rest.graphql).toEqual([]);
    expect(rest.writes.length).toBeGreaterThan(3);
    // A full read with nothing to write: the next scheduled sweep is the reconcile.
    expect((await sweep({ batched: false })).writes).toEqual([]);
    const bodies = new Map(
      [...simulator.store.repositories.values()].flatMap((repo) =>
        repo.issues.map((issue) => [`${repo.name}#${issue.number}`, issue.body]),
      ),
    );
    // The lapses the seeded state brings about, so that the comparison below compares something.
    const written = (repo: SimRepository) => repo.issues.map((issue) => issue.body ?? "").join("\n");
    expect(written(rich)).toContain("urllib3");
    expect(written(rich)).toContain("Bump lodash");
    expect(written(rich)).toContain("Demo day: payments");
    expect(written(locked)).toContain("Dependabot alerts are turned off in this repository");

    const batched = await sweep({ batched: true });
    expect(batched.writes).toEqual([]);
    expect(
      new Map(
        [...simulator.store.repositories.values()].flatMap((repo) =>
          repo.issues.map((issue) => [`${repo.name}#${issue.number}`, issue.body]),
        ),
      ),
    ).toEqual(bodies);
    expect(batched.graphql.length).toBeGreaterThan(0);
    expect(batched.graphql.every((call) => call.status === 200 && (call.points ?? 0) >= 1)).toBe(true);
    // Left to REST: the second page of closed pull requests, and the alerts GitHub would not give.
    expect(batched.restLists.map((call) => call.path.split("&page")[0]?.replace(/\?.*state=(\w+).*/, "?$1"))).toEqual(
      expect.arrayContaining(["/repos/acme/vault/dependabot/alerts?open"]),
    );
    expect(batched.restLists.filter((call) => !call.path.includes("/vault/") && !/page=2/.test(call.path))).toEqual([]);
    expect(
      batched.restLists.some((call) => call.path.startsWith("/repos/acme/payments/pulls?") && /page=2/.test(call.path)),
    ).toBe(true);
    expect(batched.calls.length).toBeLessThan(rest.calls.length - 10);
  });

  it("reads through REST as before when GitHub does not answer GraphQL", async () => {
    await sweep({ batched: false });
    await sweep({ batched: false });
    simulator.injectFault({ path: "/graphql", kind: "server-error", status: 404, times: 50 });
    const batched = await sweep({ batched: true });
    expect(batched.writes).toEqual([]);
    expect(batched.graphql.length).toBeGreaterThan(0);
    expect(batched.graphql.every((call) => call.status === 404)).toBe(true);
    expect(batched.restLists.some((call) => call.path.startsWith("/repos/acme/payments/milestones"))).toBe(true);
  });
});
