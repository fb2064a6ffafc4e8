import { closeMilestone, GitHubSimulator, type SimRepository } from "@shipshape/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSweepServices } from "../../src/sweep/cli-sweep.js";
import { MemoryFreshness } from "../../src/sweep/freshness.js";
import { sweepAllInstallations } from "../../src/sweep/scheduler.js";
import { simulatorProbot } from "../helpers/simulator-probot.js";

const DAY = 86_400_000;
const T0 = new Date("2026-11-02T09:00:00Z");

/**
 * Sweeps of a repository no webhook has mentioned take their facts from the last full read: they
 * ask GitHub nothing about the repository, still open a lapse that time alone brings about, and
 * read in full again once a webhook says the repository changed or the reconcile interval passed.
 */
describe("sweeps fed by webhooks", () => {
  let simulator: GitHubSimulator;
  let repository: SimRepository;
  let now = T0;
  let sweep: () => Promise<unknown>;
  /** A second replica: its own caches, the same freshness marks (as through Redis). */
  let sweepOnOtherReplica: () => Promise<unknown>;
  const freshness = new MemoryFreshness(7 * DAY);
  /** Requests about the repository (not the app's or the installation's) since `from`. */
  const repositoryCalls = (from: number) =>
    simulator.calls.slice(from).filter((call) => call.path.startsWith("/repos/acme/api/"));
  const lapseIssues = () =>
    repository.issues.filter((issue) => issue.body?.includes("<!-- shipshape:lapse:sprint_review -->"));

  beforeAll(async () => {
    simulator = new GitHubSimulator();
    await simulator.start();
    const installation = simulator.store.addInstallation("acme");
    repository = simulator.store.addRepository("acme/api", installation.id);
    simulator.store.putFile(
      repository,
      ".github/shipshape.yml",
      "cadence:\n  sprint_review:\n    every: 14d\n    grace: 1d\n",
    );
    closeMilestone(repository, "Sprint 7", new Date(T0.getTime() - 10 * DAY).toISOString());
    const probot = simulatorProbot(simulator);
    const services = { ...createSweepServices(probot, () => now), freshness };
    sweep = () => sweepAllInstallations(probot, services);
    const other = { ...createSweepServices(probot, () => now), freshness };
    sweepOnOtherReplica = () => sweepAllInstallations(probot, other);
  });

  afterAll(async () => {
    await simulator.stop();
  });

  it("asks GitHub nothing about an unchanged repository until a webhook or the reconcile interval says so", async () => {
    await sweep(); // opens the status issue: a write, so the next sweep reads in full
    now = new Date(T0.getTime() + 60_000);
    await sweep(); // a full read with nothing to write: it stands from now on
    expect(repository.issues.filter((issue) => issue.body?.includes("<!-- shipshape:status -->"))).toHaveLength(1);

    now = new Date(T0.getTime() + 3_600_000);
    let from = simulator.calls.length;
    await sweep();
    expect(repositoryCalls(from)).toEqual([]);

    // Six days on, the review is overdue: time alone lapsed it. The lapse issue is opened (and the
    // status issue links it)
    // from the facts read before: the only read is the check for a duplicate that follows the write.
    now = new Date(T0.getTime() + 6 * DAY);
    from = simulator.calls.length;
    await sweep();
    expect(lapseIssues()).toHaveLength(1);
    expect(repositoryCalls(from).map((call) => `${call.method} ${call.path.split("?")[0]}`)).toEqual([
      "POST /repos/acme/api/issues",
      "GET /repos/acme/api/issues",
      "PATCH /repos/acme/api/issues/1",
    ]);

    // A webhook about the repository (a milestone closed): the next sweep reads it in full and
    // sees the new review.
    closeMilestone(repository, "Sprint 8", new Date(now.getTime() - 3_600_000).toISOString());
    await freshness.changed("acme/api", now);
    from = simulator.calls.length;
    await sweep();
    expect(repositoryCalls(from).some((call) => call.path.startsWith("/repos/acme/api/milestones"))).toBe(true);
    expect(lapseIssues()[0]?.state).toBe("closed");

    // Past the reconcile interval, a full read even without any webhook: the config and the
    // app's issues through REST, the lists in a batched GraphQL read.
    now = new Date(now.getTime() + 60_000);
    await sweep(); // stands again after the writes above
    now = new Date(now.getTime() + 8 * DAY);
    from = simulator.calls.length;
    await sweep();
    expect(repositoryCalls(from).some((call) => call.path.startsWith("/repos/acme/api/contents/"))).toBe(true);
    expect(simulator.calls.slice(from).filter((call) => call.path === "/api/graphql")).toHaveLength(1);
    expect(repositoryCalls(from).some((call) => call.path.startsWith("/repos/acme/api/milestones"))).toBe(false);
  });

  it("does not take a replica's answers from before another replica's full read", async () => {
    const installation = simulator.store.addInstallation("beta");
    const web = simulator.store.addRepository("beta/web", installation.id);
    simulator.store.putFile(web, ".github/shipshape.yml", "{}\n");
    const statusIssues = () => web.issues.filter((issue) => issue.body?.includes("<!-- shipshape:status -->"));
    now = new Date(now.getTime() + 60_000);
    await sweepOnOtherReplica(); // reads the (empty) issue list, then opens the status issue
    now = new Date(now.getTime() + 60_000);
    await sweep(); // a full read here, after the write (it may still edit the status issue)
    now = new Date(now.getTime() + 60_000);
    await sweep(); // a full read with nothing to write: it stands
    now = new Date(now.getTime() + 60_000);
    const from = simulator.calls.length;
    await sweepOnOtherReplica(); // its own issue list is older than that read: asked again
    expect(simulator.calls.slice(from).some((call) => call.path.startsWith("/repos/beta/web/issues?"))).toBe(true);
    expect(statusIssues()).toHaveLength(1);
  });
});
