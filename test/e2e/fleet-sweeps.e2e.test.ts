import { GitHubSimulator, type SimRepository } from "@shipshape/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, startAppProcess } from "../helpers/app-process.js";
import { type RedisServer, startRedisServer } from "../helpers/redis-server.js";

const INSTALLATIONS = 3;
const REPOSITORIES_EACH = 100;
const WITH_STATUS_ISSUE_EACH = 4;
/** Long enough for two replicas to sweep 300 repositories well within one interval. */
const INTERVAL_SECONDS = 25;
const STATUS_MARKER = "<!-- shipshape:status -->";

async function waitFor(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Two replicas of `npm start` on one real Redis sweep 300 repositories on a short schedule: each
 * repository is swept once per interval, and when one replica is killed mid-sweep the other
 * finishes its jobs without duplicating an issue. Judged by the requests GitHub (the simulator)
 * received and the issues it holds.
 */
describe("sweeps shared by replicas through Redis", () => {
  let redis: RedisServer;
  let simulator: GitHubSimulator;
  let replicas: AppProcess[] = [];
  const repositories: SimRepository[] = [];

  /** A sweep reads the repository's config first: one read of it is one sweep. */
  const sweepsOf = (repository: SimRepository) =>
    simulator.calls.filter(
      (call) =>
        call.method === "GET" &&
        call.path.startsWith(`/repos/${repository.owner}/${repository.name}/contents/.github`) &&
        call.path.includes("shipshape.yml"),
    ).length;
  const sweepCounts = () => repositories.map(sweepsOf);

  beforeAll(async () => {
    redis = await startRedisServer();
    simulator = new GitHubSimulator();
    await simulator.start();
    for (let i = 0; i < INSTALLATIONS; i++) {
      const installation = simulator.store.addInstallation(`fleet-${i}`);
      for (let j = 0; j < REPOSITORIES_EACH; j++) {
        const repository = simulator.store.addRepository(`fleet-${i}/service-${j}`, installation.id);
        // GitHub paces an app's writes (one a second, Probot's throttling): only a few
        // repositories keep a status issue, so the sweeps are bound by reads, not by that pace.
        const statusIssue = j < WITH_STATUS_ISSUE_EACH ? "" : "status_issue:\n  enabled: false\n";
        simulator.store.putFile(
          repository,
          ".github/shipshape.yml",
          `${statusIssue}cadence:\n  sprint_review:\n    every: 14d\n`,
        );
        repositories.push(repository);
      }
    }
  }, 30_000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await simulator?.stop();
    await redis?.stop();
  }, 60_000);

  it("sweeps each repository once per interval, and survives a replica killed mid-sweep", async () => {
    const environment = { REDIS_URL: redis.url, SHIPSHAPE_SWEEP_INTERVAL: `${INTERVAL_SECONDS}s` };
    replicas = [await startAppProcess(simulator, environment), await startAppProcess(simulator, environment)];
    const [first, second] = replicas as [AppProcess, AppProcess];
    /** Completed sweeps as the replicas log them: the plan (interval) each belonged to, and the repository. */
    const completed = () =>
      [
        ...`${first.output()}\n${second.output()}`.matchAll(
          /"job":"repository-\d+-([^"]+)-(repeat_[^"]+)".*?"msg":"swept repository"/g,
        ),
      ].map(([, repo, plan]) => ({ repo: repo as string, plan: plan as string }));
    const plans = () => [...new Set(completed().map((sweep) => sweep.plan))];
    const sweptIn = (plan: string | undefined) => completed().filter((sweep) => sweep.plan === plan);
    const everyRepositoryOnce = (plan: string | undefined) => {
      const repos = sweptIn(plan).map((sweep) => sweep.repo);
      return repos.length === repositories.length && new Set(repos).size === repositories.length;
    };

    // The first plan comes an interval after the replicas started: every repository swept
    // exactly once, shared by both.
    await new Promise((resolve) => setTimeout(resolve, (INTERVAL_SECONDS / 2) * 1000));
    expect(completed()).toEqual([]);
    await waitFor(
      () => sweptIn(plans()[0]).length >= repositories.length,
      "the first interval's sweeps",
      (2 * INTERVAL_SECONDS + 60) * 1000,
    );
    expect(everyRepositoryOnce(plans()[0])).toBe(true);
    expect(new Set(sweepCounts())).toEqual(new Set([1]));
    const sweptBy = (replica: AppProcess) => (replica.output().match(/"msg":"swept repository"/g) ?? []).length;
    expect(sweptBy(first)).toBeGreaterThan(0);
    expect(sweptBy(second)).toBeGreaterThan(0);
    const statusIssues = (repository: SimRepository) =>
      repository.issues.filter((issue) => issue.body?.includes(STATUS_MARKER)).length;
    const expectedStatusIssues = repositories.map((_, index) =>
      index % REPOSITORIES_EACH < WITH_STATUS_ISSUE_EACH ? 1 : 0,
    );
    expect(repositories.map(statusIssues)).toEqual(expectedStatusIssues);

    // The next interval: kill one replica once part of it is swept.
    await waitFor(
      () => sweptIn(plans()[1]).length >= 50,
      "the second interval's sweeps to start",
      (INTERVAL_SECONDS + 40) * 1000,
    );
    const secondPlan = plans()[1];
    await first.kill();
    // The survivor takes over the killed replica's jobs once their job locks and the
    // repositories' sweep locks lapse (10 s each on this 25 s schedule, the shortest lease).
    await waitFor(
      () => new Set(sweptIn(secondPlan).map((sweep) => sweep.repo)).size >= repositories.length,
      "the survivor to finish the interval",
      180_000,
    );
    // Every repository swept in that interval; twice only a job whose sweep the killed replica
    // finished but had not yet reported done (it held at most 8 jobs).
    const secondSweeps = sweptIn(secondPlan).map((sweep) => sweep.repo);
    expect(new Set(secondSweeps).size).toBe(repositories.length);
    expect(secondSweeps.length - repositories.length).toBeLessThanOrEqual(8);
    // Reads beyond the completed sweeps: the jobs the killed replica was running (read again by
    // the survivor) and those the survivor is running now, at most 8 each.
    const reads = sweepCounts().reduce((sum, count) => sum + count, 0);
    expect(reads - completed().length).toBeLessThanOrEqual(16);
    expect(repositories.map(statusIssues)).toEqual(expectedStatusIssues);
  }, 420_000);
});
