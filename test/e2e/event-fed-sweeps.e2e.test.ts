import { closeMilestone, GitHubSimulator, isWrite, PayloadFactory, type SimRepository } from "@shipshape/simulator";
import type { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FactCache, type SharedFacts } from "../../src/github/fact-cache.js";
import { markRepositoryChanged, onInstallation, onPush } from "../../src/handlers/sweep-events.js";
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

/**
 * An organisation that opts in a few repositories, some through its shared defaults, and leaves
 * the others alone. Every sweep comes with a new installation token, as the hourly schedule does
 * (the simulator's ETags belong to the token): what stands must not depend on a 304. Webhooks go
 * through the app's own handlers (as src/app.ts wires them), GitHub is the simulator.
 */
// A few full sweeps each: more than the default time on a machine shared with other work.
describe("sweeps of an organisation where most repositories have no config", { timeout: 60_000 }, () => {
  const DEFAULTS = ".github/shipshape-defaults.yml";
  let simulator: GitHubSimulator;
  let payloads: PayloadFactory;
  let installationId: number;
  let org: SimRepository;
  let api: SimRepository;
  let web: SimRepository;
  let docs: SimRepository;
  let site: SimRepository;
  let now = T0;
  let services: ReturnType<typeof createSweepServices> & { freshness: MemoryFreshness };
  let otherReplica: typeof services;
  /** Receives webhooks: the handlers that mark freshness, and those that sweep on a config push. */
  let webhooks: Probot;
  let delivery = 0;
  /** A scheduled sweep an hour after the last, with a new installation token. */
  const sweepWithNewToken = async () => {
    now = new Date(now.getTime() + 3_600_000);
    return sweepAllInstallations(simulatorProbot(simulator), services);
  };
  /**
   * Sweeps until one writes nothing: the status issues and the rollup are written, then read in
   * full once more where a sweep wrote; from then on every read stands.
   */
  const settle = async () => {
    for (let sweep = 0; sweep < 5; sweep++) {
      const from = simulator.calls.length;
      await sweepWithNewToken();
      if (!simulator.calls.slice(from).some(isWrite)) return;
    }
    throw new Error("the sweeps keep writing");
  };
  const receive = (name: string, payload: unknown) =>
    webhooks.receive({ id: `delivery-${++delivery}`, name, payload } as Parameters<Probot["receive"]>[0]);
  const callsAbout = (repository: SimRepository, from: number) =>
    simulator.calls
      .slice(from)
      .filter((call) => call.path.startsWith(`/repos/${repository.owner}/${repository.name}/`))
      .map((call) => `${call.method} ${call.path}`);
  const statusIssues = (repository: SimRepository) =>
    repository.issues.filter((issue) => issue.body?.includes("<!-- shipshape:status -->"));

  beforeAll(async () => {
    simulator = new GitHubSimulator();
    await simulator.start();
    payloads = new PayloadFactory(simulator);
    installationId = simulator.store.addInstallation("corp").id;
    org = simulator.store.addRepository("corp/.github", installationId);
    simulator.store.putFile(org, DEFAULTS, "status_issue:\n  title: Delivery status\n");
    api = simulator.store.addRepository("corp/api", installationId);
    simulator.store.putFile(api, ".github/shipshape.yml", "{}\n");
    web = simulator.store.addRepository("corp/web", installationId);
    simulator.store.putFile(web, ".github/shipshape.yml", `_extends: .github:${DEFAULTS}\n`);
    docs = simulator.store.addRepository("corp/docs", installationId);
    site = simulator.store.addRepository("corp/site", installationId);
    const probot = simulatorProbot(simulator);
    // Facts and freshness marks shared by two replicas, as through Redis; each its own ETag cache.
    const stored = new Map<string, string>();
    const shared: SharedFacts = {
      get: async (key) => stored.get(key) ?? null,
      set: async (key, value) => {
        stored.set(key, value);
      },
    };
    const freshness = new MemoryFreshness(7 * DAY);
    services = { ...createSweepServices(probot, () => now), cache: new FactCache(shared), freshness };
    otherReplica = { ...createSweepServices(probot, () => now), cache: new FactCache(shared), freshness };
    webhooks = simulatorProbot(simulator);
    await webhooks.load((app: Probot) => {
      app.onAny(markRepositoryChanged(services, app.log));
      app.on("push", onPush(services));
      app.on("installation_repositories.added", onInstallation(services));
    });
    await settle();
  }, 60_000);

  afterAll(async () => {
    await simulator.stop();
  });

  it("asks nothing about repositories without a config, nor the organisation's defaults, sweep after sweep", async () => {
    expect(statusIssues(api)).toHaveLength(1);
    expect(statusIssues(web).map((issue) => issue.title)).toEqual(["Delivery status"]);
    for (let sweep = 0; sweep < 3; sweep++) {
      const from = simulator.calls.length;
      const outcomes = await sweepWithNewToken();
      expect(outcomes).toHaveLength(5);
      expect(callsAbout(docs, from)).toEqual([]);
      expect(callsAbout(site, from)).toEqual([]);
      expect(callsAbout(org, from)).toEqual([]);
      expect(callsAbout(api, from)).toEqual([]);
      expect(callsAbout(web, from)).toEqual([]);
    }
    expect(docs.issues).toEqual([]);
  });

  it("takes another replica's finding that a repository has no config", async () => {
    now = new Date(now.getTime() + 3_600_000);
    const from = simulator.calls.length;
    await sweepAllInstallations(simulatorProbot(simulator), otherReplica);
    expect(callsAbout(docs, from)).toEqual([]);
    expect(callsAbout(site, from)).toEqual([]);
  });

  it("opts a repository in when a push adds its config", async () => {
    simulator.store.putFile(docs, ".github/shipshape.yml", "{}\n");
    await receive("push", payloads.push(docs, [".github/shipshape.yml"]));
    await sweepWithNewToken();
    expect(statusIssues(docs)).toHaveLength(1);
    await settle();
    const from = simulator.calls.length;
    await sweepWithNewToken();
    expect(callsAbout(docs, from)).toEqual([]);
    expect(callsAbout(site, from)).toEqual([]);
  });

  it("reads again the repositories that inherit from the organisation's .github config when a push changes it", async () => {
    simulator.store.putFile(org, DEFAULTS, "status_issue:\n  title: Delivery practices\n");
    // The organisation's fallback config: from now on every repository without one of its own has it.
    simulator.store.putFile(org, ".github/shipshape.yml", "status_issue:\n  title: Org-wide status\n");
    await receive("push", payloads.push(org, [DEFAULTS, ".github/shipshape.yml"]));
    const from = simulator.calls.length;
    await sweepWithNewToken();
    expect(statusIssues(web).map((issue) => issue.title)).toEqual(["Delivery practices"]);
    expect(statusIssues(site).map((issue) => issue.title)).toEqual(["Org-wide status"]);
    // Each of the organisation's files once for the whole installation, not once per repository.
    const defaultsReads = callsAbout(org, from).filter((call) => call.includes("/contents/"));
    expect(defaultsReads.filter((call) => call.includes("shipshape-defaults"))).toHaveLength(1);
  });

  it("reads a repository the installation gains, and leaves it alone after that when it has no config", async () => {
    // (The organisation's fallback config is gone again: repositories without one are left alone.)
    org.files.get(org.defaultBranch)?.delete(".github/shipshape.yml");
    await receive("push", payloads.push(org, [".github/shipshape.yml"]));
    const tools = simulator.store.addRepository("corp/tools", installationId);
    simulator.store.putFile(tools, ".github/shipshape.yml", "{}\n");
    const notes = simulator.store.addRepository("corp/notes", installationId);
    let from = simulator.calls.length;
    await receive("installation_repositories", payloads.installationRepositories("added", [tools, notes]));
    expect(statusIssues(tools)).toHaveLength(1);
    expect(callsAbout(notes, from).some((call) => call.startsWith("GET /repos/corp/notes/contents/"))).toBe(true);
    await settle(); // full reads first: the last push marked every repository of corp
    from = simulator.calls.length;
    await sweepWithNewToken();
    expect(callsAbout(notes, from)).toEqual([]);
    expect(callsAbout(site, from)).toEqual([]);
    expect(notes.issues).toEqual([]);
  });
});
