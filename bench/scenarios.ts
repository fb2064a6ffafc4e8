import {
  closeMilestone,
  deliver,
  deploy,
  GitHubSimulator,
  isWrite,
  mergePull,
  openPull,
  PayloadFactory,
  type RecordedCall,
  requestDeployment,
  type SimRepository,
  sha,
} from "@shipshape/simulator";
import type { Probot } from "probot";
// Unpaced: Probot's write queue (one write a second, process-wide) would make both apps measure
// GitHub's pacing instead of themselves. Retries stay.
import { type RunningApp, startProbotServer, UNPACED } from "../demo/start-app.js";
import { createApp } from "../src/app.js";
import { runSweep } from "../src/sweep/cli-sweep.js";
import { collectGarbage, countCalls, percentile, rssMb, timed } from "./measure.js";

const BODY = "Closes #1\n\n## Rollback\nRevert the merge commit and redeploy the previous tag.";
const CONFIG =
  "pull_requests:\n  requirements:\n    enforcement: warn\ncadence:\n  sprint_review:\n    every: 14d\n    grace: 2d\n";

export interface Fixture {
  simulator: GitHubSimulator;
  payloads: PayloadFactory;
  installationId: number;
}

export async function fixture(): Promise<Fixture> {
  const simulator = new GitHubSimulator();
  await simulator.start();
  const installationId = simulator.store.addInstallation("acme").id;
  return { simulator, payloads: new PayloadFactory(simulator), installationId };
}

function configuredRepository({ simulator, installationId }: Fixture, name: string): SimRepository {
  const repository = simulator.store.addRepository(`acme/${name}`, installationId);
  simulator.store.putFile(repository, ".github/shipshape.yml", CONFIG);
  return repository;
}

const shipshape = (
  redisUrl?: string,
  onShutdown?: (close: () => Promise<void>) => void,
): ReturnType<typeof createApp> =>
  createApp({ sweepIntervalMs: 0, ...(redisUrl ? { redisUrl } : {}), ...(onShutdown ? { onShutdown } : {}) });

/** A bare Probot app: one check-run write per pull_request event, nothing else. */
const bareApp = (app: Probot) => {
  app.on("pull_request", async (context) => {
    await context.octokit.rest.checks.create({
      ...context.repo(),
      name: "bare",
      head_sha: context.payload.pull_request.head.sha,
      status: "completed",
      conclusion: "success",
      output: { title: "ok", summary: "ok" },
    });
  });
};

/**
 * A Probot app making the minimal requests of a first evaluation — the config, the pull request's
 * files, the head commit's deployments, one check-run write — and nothing else: the baseline that
 * measures Shipshape's own cost (parsing, judging, rendering, isolation) rather than the simulator
 * answering more requests on the same cores. With `lookup`, it also asks for the commit's check
 * runs of its name before writing, as Shipshape does so that a commit never gets two: the same five
 * requests as Shipshape's first evaluation of a commit.
 */
const minimalApp = (options: { lookup: boolean }) => (app: Probot) => {
  app.on("pull_request", async (context) => {
    const { owner, repo } = context.repo();
    const pull = context.payload.pull_request;
    await context.octokit.rest.repos.getContent({ owner, repo, path: ".github/shipshape.yml" });
    await context.octokit.rest.pulls.listFiles({ owner, repo, pull_number: pull.number, per_page: 100 });
    await context.octokit.rest.repos.listDeployments({ owner, repo, sha: pull.head.sha, per_page: 100 });
    if (options.lookup) {
      await context.octokit.rest.checks.listForRef({ owner, repo, ref: pull.head.sha, check_name: "minimal" });
    }
    await context.octokit.rest.checks.create({
      owner,
      repo,
      name: "minimal",
      head_sha: pull.head.sha,
      status: "completed",
      conclusion: "success",
      output: { title: "ok", summary: "ok" },
    });
  });
};

export async function requestsPerScenario(): Promise<Record<string, number>> {
  const env = await fixture();
  const { simulator, payloads } = env;
  const app = await startProbotServer(simulator, shipshape(), { Octokit: UNPACED });
  const send = (event: string, payload: unknown) =>
    deliver({ url: app.webhookUrl, secret: app.secret }, event, payload);
  try {
    const repository = configuredRepository(env, "requests");
    const pull = openPull(simulator.store, repository, {
      title: "Refunds",
      body: BODY,
      files: ["src/refunds.ts", "test/refunds.test.ts"],
    });
    const first = await countCalls(simulator, () =>
      send("pull_request", payloads.pullRequest("opened", repository, pull)),
    );
    const unchanged = await countCalls(simulator, () =>
      send("pull_request", payloads.pullRequest("edited", repository, pull, { changes: { body: { from: BODY } } })),
    );
    const deployment = deploy(simulator.store, repository, pull.head.sha, "staging", "success");
    const onDeployment = await countCalls(simulator, () =>
      send("deployment_status", payloads.deploymentStatus(repository, deployment)),
    );

    const sweepEnv = { ...simulator.appEnvironment(), LOG_LEVEL: "silent" as const };
    // The CLI is a new process each time: its first sweep has no ETags; the app's event sweeps keep them.
    const firstSweep = await countCalls(simulator, () => runSweep("acme/requests", sweepEnv, () => {}));
    await send("milestone", {
      ...payloads.milestone(
        "closed",
        repository,
        closeMilestone(repository, "Sprint 1", new Date().toISOString()).number,
      ),
    });
    const unchangedSweep = await countCalls(simulator, () =>
      send("milestone", payloads.milestone("edited", repository, 1)),
    );
    // The safe-launch gate: production ran a release an hour ago (not seen by the app: its status is
    // read); the pull request, judged and staged above, is merged and deployed to production.
    const release = deploy(simulator.store, repository, sha("release"), "production", "success");
    release.created_at = new Date(Date.now() - 3_600_000).toISOString();
    mergePull(simulator.store, repository, pull);
    repository.protectedEnvironments.add("production");
    const { run } = requestDeployment(simulator.store, repository, pull.head.sha, "production");
    const gate = await countCalls(simulator, async () => {
      if (run) await send("deployment_protection_rule", payloads.deploymentProtectionRule(repository, run));
    });
    const counted = (calls: typeof first) => calls.filter((call) => call.status !== 304).length;
    return {
      first_evaluation_requests: first.length,
      first_evaluation_writes: first.filter(isWrite).length,
      first_evaluation_min_requests: 4,
      unchanged_reevaluation_requests: unchanged.length,
      unchanged_reevaluation_writes: unchanged.filter(isWrite).length,
      unchanged_reevaluation_min_requests: 4,
      deployment_status_reevaluation_requests: onDeployment.length,
      deployment_status_reevaluation_min_requests: 5,
      first_sweep_requests: firstSweep.filter(
        (call) => !call.path.startsWith("/app") && !call.path.endsWith("/installation"),
      ).length,
      first_sweep_min_requests: 6,
      unchanged_sweep_requests: unchangedSweep.length,
      unchanged_sweep_counted_requests: counted(unchangedSweep),
      unchanged_sweep_writes: unchangedSweep.filter(isWrite).length,
      gate_decision_requests: gate.length,
      gate_decision_writes: gate.filter(isWrite).length,
      gate_decision_approved: run?.state === "approved" ? 1 : 0,
    };
  } finally {
    await app.stop();
    await simulator.stop();
  }
}

interface Throughput {
  perSecond: number;
  p50: number;
  p99: number;
}

/** Rounds the throughput's deliveries are split into, each app taking its turn in every round. */
const THROUGHPUT_ROUNDS = 9;

async function deliverPullRequests(
  app: RunningApp,
  env: Fixture,
  repository: SimRepository,
  count: number,
): Promise<{ seconds: number; durations: number[] }> {
  // Each app's run starts a fresh rate-limit window: several apps' deliveries on one installation
  // would otherwise spend its 5,000 requests an hour, and the last would measure GitHub's limit.
  env.simulator.resetRateLimits();
  const pulls = Array.from({ length: count }, (_, index) =>
    openPull(env.simulator.store, repository, {
      title: `Change ${index}`,
      body: BODY,
      files: [`src/module-${index}.ts`, `test/module-${index}.test.ts`],
    }),
  );
  const started = performance.now();
  const durations = await timed(count, 8, async (index) => {
    const pull = pulls[index];
    if (!pull) return;
    const delivery = await deliver(
      { url: app.webhookUrl, secret: app.secret },
      "pull_request",
      env.payloads.pullRequest("opened", repository, pull),
    );
    if (delivery.status !== 200) throw new Error(`delivery answered ${delivery.status}`);
  });
  return { seconds: (performance.now() - started) / 1000, durations };
}

/**
 * Every app's share of `count` deliveries, in rounds: in each round every app takes its turn (the
 * order reversed every other round), so that a machine that slows down or speeds up during the run
 * (on a shared 2-core machine its speed drifts by a third within minutes) weighs on all apps alike.
 * Per app: its rate over all its deliveries and its percentiles; per pair of apps, ratios are taken
 * round by round (see `medianRatio`).
 */
async function interleavedThroughput<Name extends string>(
  env: Fixture,
  apps: Record<Name, RunningApp>,
  count: number,
): Promise<{ of: Record<Name, Throughput>; medianRatio: (measured: Name, baseline: Name) => number }> {
  const names = Object.keys(apps) as Name[];
  const rounds = Math.min(THROUGHPUT_ROUNDS, count);
  const perRound = Math.ceil(count / rounds);
  const runs = new Map<Name, { seconds: number; durations: number[] }[]>(names.map((name) => [name, []]));
  // One repository per app, warmed first: what Shipshape reads once per repository (its layout,
  // whether it deploys) is read in the warm-up, as in a process that has run for a while.
  const repositories = Object.fromEntries(names.map((name) => [name, configuredRepository(env, name)])) as Record<
    Name,
    SimRepository
  >;
  for (const name of names) await deliverPullRequests(apps[name], env, repositories[name], Math.min(20, count));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      runs.get(name)?.push(await deliverPullRequests(apps[name], env, repositories[name], perRound));
    }
  }
  const rateOf = (run: { seconds: number; durations: number[] }) => run.durations.length / run.seconds;
  const of = Object.fromEntries(
    names.map((name) => {
      const all = runs.get(name) ?? [];
      const durations = all.flatMap((run) => run.durations).sort((a, b) => a - b);
      const seconds = all.reduce((sum, run) => sum + run.seconds, 0);
      return [
        name,
        { perSecond: durations.length / seconds, p50: percentile(durations, 50), p99: percentile(durations, 99) },
      ];
    }),
  ) as Record<Name, Throughput>;
  const medianRatio = (measured: Name, baseline: Name) => {
    const pairs = (runs.get(measured) ?? []).map((run, round) => {
      const other = runs.get(baseline)?.[round];
      return other ? rateOf(run) / rateOf(other) : Number.NaN;
    });
    return median(pairs);
  };
  return { of, medianRatio };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export async function throughput(count: number): Promise<Record<string, number>> {
  const env = await fixture();
  const started: RunningApp[] = [];
  const start = async (app: Parameters<typeof startProbotServer>[1]) => {
    const running = await startProbotServer(env.simulator, app, { Octokit: UNPACED });
    started.push(running);
    return running;
  };
  try {
    const apps = {
      bare: await start(bareApp),
      minimal: await start(minimalApp({ lookup: false })),
      lookup: await start(minimalApp({ lookup: true })),
      shipshape: await start(shipshape()),
      // The same app evaluating on its own thread: what the worker pool's isolation costs.
      inProcess: await start(createApp({ sweepIntervalMs: 0, inProcessEvaluation: true })),
    };
    const { of, medianRatio } = await interleavedThroughput(env, apps, count);
    const round = (value: number) => Math.round(value * 10) / 10;
    const ratio = (value: number) => Math.round(value * 100) / 100;
    return {
      deliveries: count,
      rounds: Math.min(THROUGHPUT_ROUNDS, count),
      shipshape_deliveries_per_second: round(of.shipshape.perSecond),
      shipshape_p50_ms: round(of.shipshape.p50),
      shipshape_p99_ms: round(of.shipshape.p99),
      bare_deliveries_per_second: round(of.bare.perSecond),
      bare_p50_ms: round(of.bare.p50),
      bare_p99_ms: round(of.bare.p99),
      throughput_ratio: ratio(medianRatio("shipshape", "bare")),
      minimal_deliveries_per_second: round(of.minimal.perSecond),
      minimal_p99_ms: round(of.minimal.p99),
      // Shipshape against an app making the same minimal requests: its own cost. Goal ≥ 0.8.
      throughput_ratio_same_requests: ratio(medianRatio("shipshape", "minimal")),
      minimal_with_lookup_deliveries_per_second: round(of.lookup.perSecond),
      // … and against the minimal requests and the own-run lookup: no goal of its own.
      throughput_ratio_same_five_requests: ratio(medianRatio("shipshape", "lookup")),
      in_process_deliveries_per_second: round(of.inProcess.perSecond),
      in_process_p99_ms: round(of.inProcess.p99),
      isolation_throughput_ratio: ratio(medianRatio("shipshape", "inProcess")),
    };
  } finally {
    for (const app of started) await app.stop();
    await env.simulator.stop();
  }
}

/**
 * The same repositories swept hourly with facts fed by webhooks (none arrive: nothing changed) and
 * a daily reconcile: counted requests in an hour without a full read, in the reconcile (its lists
 * read through REST, then batched through GraphQL, a day apart in the same run), and the hourly
 * average once the reconcile is spread over its 24 hours. Every sweep starts with new
 * installation tokens. GraphQL points count against a limit of their own, reported apart.
 */
async function eventFedBudget(simulator: GitHubSimulator): Promise<Record<string, number>> {
  const { unpacedSweepDriver } = await import("./sweep-driver.js");
  const { MemoryFreshness } = await import("../src/sweep/freshness.js");
  const reconcileHours = 24;
  let now = new Date();
  const driver = await unpacedSweepDriver(simulator, {
    freshness: new MemoryFreshness(reconcileHours * 3_600_000),
    now: () => now,
  });
  const counted = (calls: { status: number }[]) => calls.filter((call) => call.status !== 304).length;
  const later = (hours: number) => {
    now = new Date(now.getTime() + hours * 3_600_000);
    simulator.resetRateLimits();
  };
  /** A day after the last full reads: the reconcile, then the sweeps that follow its writes. */
  const reconcile = async (batched: boolean) => {
    later(reconcileHours);
    const { calls } = await driver.sweepAll({ renewTokens: true, batched });
    later(1);
    await driver.sweepAll({ renewTokens: true }); // full again where the reconcile wrote
    return {
      counted: counted(calls),
      writes: calls.filter(isWrite).length,
      graphql: calls.filter((call) => call.points !== undefined).length,
      points: calls.reduce((sum, call) => sum + (call.points ?? 0), 0),
    };
  };
  later(1); // the sweeps measured before used up this hour's rate limit
  const firstRead = await driver.sweepAll({ renewTokens: true }); // the first full read
  later(1);
  await driver.sweepAll({ renewTokens: true }); // full again where the last sweep wrote
  later(1);
  const quiet = counted((await driver.sweepAll({ renewTokens: true })).calls);
  const rest = await reconcile(false);
  const batched = await reconcile(true);
  const average = (reconcileCounted: number) =>
    Math.round((reconcileCounted + (reconcileHours - 1) * quiet) / reconcileHours);
  return {
    event_fed_first_full_read_counted: counted(firstRead.calls),
    event_fed_quiet_hour_counted: quiet,
    event_fed_reconcile_rest_counted: rest.counted,
    event_fed_reconcile_rest_writes: rest.writes,
    event_fed_reconcile_batched_counted: batched.counted,
    event_fed_reconcile_batched_writes: batched.writes,
    event_fed_reconcile_graphql_requests: batched.graphql,
    event_fed_reconcile_graphql_points: batched.points,
    event_fed_reconcile_batched_vs_rest_ratio: Math.round((batched.counted / rest.counted) * 100) / 100,
    event_fed_hourly_average_counted_rest: average(rest.counted),
    event_fed_hourly_average_counted: average(batched.counted),
    event_fed_hourly_goal: 500,
  };
}

export async function largeSweep(repositories: number): Promise<Record<string, number>> {
  const env = await fixture();
  const { simulator } = env;
  try {
    const old = new Date(Date.now() - 20 * 86_400_000).toISOString();
    for (let index = 0; index < repositories; index++) {
      const repository = configuredRepository(env, `repo-${index}`);
      // Every tenth repository has a lapsed cadence, so sweeps have issues to open and keep.
      if (index % 10 === 0) closeMilestone(repository, "Sprint", old);
      openPull(simulator.store, repository, { title: "Work in progress", files: ["src/a.ts"] });
    }
    const { unpacedSweepDriver } = await import("./sweep-driver.js");
    const driver = await unpacedSweepDriver(simulator);
    const first = await driver.sweepAll();
    // The next sweep comes an hour later, in a new rate-limit window: a first sweep of 1,000
    // repositories (12 requests each) takes most of an installation's 12,500 an hour.
    simulator.resetRateLimits();
    const unchanged = await driver.sweepAll();
    // The real case: an hourly schedule meets a new installation token every time, and GitHub's
    // ETags belong to the token, so few answers are 304s.
    simulator.resetRateLimits(); // an hour later, the installation's limit window starts again
    const hourly = await driver.sweepAll({ renewTokens: true });
    const reposSwept = unchanged.outcomes;
    const counted = unchanged.calls.filter((call) => call.status !== 304).length;
    const hourlyCounted = hourly.calls.filter((call) => call.status !== 304).length;
    return {
      repositories: reposSwept,
      first_sweep_seconds: first.seconds,
      first_sweep_requests: first.calls.length,
      first_sweep_writes: first.calls.filter(isWrite).length,
      unchanged_sweep_seconds: unchanged.seconds,
      unchanged_sweep_requests: unchanged.calls.length,
      unchanged_sweep_requests_per_repository: Math.round((unchanged.calls.length / reposSwept) * 100) / 100,
      unchanged_sweep_share_304:
        Math.round((unchanged.calls.filter((call) => call.status === 304).length / unchanged.calls.length) * 1000) /
        1000,
      unchanged_sweep_writes: unchanged.calls.filter(isWrite).length,
      unchanged_sweep_counted_same_token: counted,
      hourly_sweep_requests_new_token: hourly.calls.length,
      hourly_sweep_counted_new_token: hourlyCounted,
      hourly_sweep_share_304_new_token:
        Math.round((hourly.calls.filter((call) => call.status === 304).length / hourly.calls.length) * 1000) / 1000,
      projected_hourly_requests: hourlyCounted,
      projected_hourly_budget_goal: 2500,
      ...(await eventFedBudget(simulator)),
    };
  } finally {
    await simulator.stop();
  }
}

export async function memory(deliveries: number, redisUrl?: string): Promise<Record<string, number>> {
  const env = await fixture();
  // The app's own shutdown (its sweep queue and Redis clients), awaited before Redis stops.
  const closers: (() => Promise<void>)[] = [];
  const app = await startProbotServer(
    env.simulator,
    shipshape(redisUrl, (close) => closers.push(close)),
    { Octokit: UNPACED },
  );
  try {
    const repository = configuredRepository(env, "memory");
    const pulls = Array.from({ length: 50 }, (_, index) =>
      openPull(env.simulator.store, repository, {
        title: `PR ${index}`,
        body: BODY,
        files: ["src/a.ts", "test/a.test.ts"],
      }),
    );
    const send = (index: number) => {
      const pull = pulls[index % pulls.length];
      if (!pull) return Promise.resolve();
      return deliver(
        { url: app.webhookUrl, secret: app.secret },
        "pull_request",
        env.payloads.pullRequest(
          index < pulls.length ? "opened" : "edited",
          env.simulator.store.repository("acme", "memory") as SimRepository,
          pull,
        ),
      ).then(() => undefined);
    };
    await timed(pulls.length, 8, send);
    collectGarbage();
    const before = rssMb();
    await timed(deliveries, 8, (index) => send(index + pulls.length));
    collectGarbage();
    const after = rssMb();
    return {
      deliveries,
      rss_before_mb: before,
      rss_after_mb: after,
      rss_growth_mb: Math.round((after - before) * 10) / 10,
    };
  } finally {
    await app.stop();
    await Promise.all(closers.map((close) => close()));
    await env.simulator.stop();
  }
}

/** Descriptions under GitHub's 65,536-character cap that cost a markdown parser more than linear time (issue 19). */
const HOSTILE_DESCRIPTIONS: [string, string][] = [
  ["emphasis_markers", `## Rollback\n${"_*".repeat(32_000)}`],
  ["unclosed_summaries", `## Rollback\n<details>\n${"<summary>x\n".repeat(5_900)}`],
  ["unclosed_details", `## Rollback\n${"<details a\n".repeat(5_900)}`],
  ["nested_strikethrough", `## Rollback\n${"~~a ".repeat(4_000)}${" a~~".repeat(4_000)}`],
  ["nested_lists_16x1900", `## Rollback\n${`${"- ".repeat(16)}x\n`.repeat(1_900)}`],
  ["list_items_16380", `## Notes\n${"- a\n".repeat(16_380)}`],
  ["table_65kb", `## Rollback\n| a | b |\n|---|---|\n${"| x | y |\n".repeat(6_500)}`],
  ["headings_16000", "# h\n".repeat(16_000)],
];

/**
 * p99 webhook latency of a normal repository, with and without one hostile pull request a second
 * (64 KB of emphasis markers, minutes of parsing) arriving from another installation.
 */
export async function hostileLatency(seconds: number): Promise<Record<string, number>> {
  const env = await fixture();
  const app = await startProbotServer(env.simulator, shipshape(), { Octokit: UNPACED });
  const hostileInstallation = env.simulator.store.addInstallation("mallory").id;
  const hostileRepository = env.simulator.store.addRepository("mallory/trap", hostileInstallation);
  env.simulator.store.putFile(hostileRepository, ".github/shipshape.yml", CONFIG);
  // The same hostile author inside the organisation whose pull requests are measured: one repository
  // of the normal deliveries' own installation (the fair queue's lanes are per repository and PR).
  const insideRepository = configuredRepository(env, "trap");
  const target = { url: app.webhookUrl, secret: app.secret };
  // Ten normal deliveries a second, so that a 16 s phase has 160 samples and its p99 is not just
  // its slowest delivery; one hostile delivery a second.
  const normalEveryMs = 100;
  const hostileEvery = 1000 / normalEveryMs;
  const normalLatencies = async (
    name: string,
    hostileBody: string | null,
    phaseSeconds = seconds,
    trap = hostileRepository,
  ): Promise<number[]> => {
    const repository = configuredRepository(env, name);
    const latencies: number[] = [];
    const pending: Promise<unknown>[] = [];
    const started = performance.now();
    for (let tick = 0; performance.now() - started < phaseSeconds * 1000; tick++) {
      if (hostileBody !== null && tick % hostileEvery === 0) {
        const hostile = openPull(env.simulator.store, trap, {
          title: "Innocent",
          body: hostileBody,
          files: ["src/a.ts"],
        });
        pending.push(deliver(target, "pull_request", env.payloads.pullRequest("opened", trap, hostile)));
      }
      const pull = openPull(env.simulator.store, repository, {
        title: `Change ${tick}`,
        body: BODY,
        files: [`src/m${tick}.ts`, `test/m${tick}.test.ts`],
      });
      const sent = performance.now();
      pending.push(
        deliver(target, "pull_request", env.payloads.pullRequest("opened", repository, pull)).then(() => {
          latencies.push(performance.now() - sent);
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, normalEveryMs));
    }
    await Promise.all(pending);
    return latencies.sort((a, b) => a - b);
  };
  try {
    // A few seconds warm the app, the workers and the simulator (JIT, connections) before measuring.
    await normalLatencies("warm-hostile", null, Math.min(seconds, 5));
    // The three conditions take turns, a third of the time each turn, so that drift (JIT, heap
    // growth, the machine's other load) falls on all three alike rather than on the last.
    // 64 KB of emphasis markers: refused before parsing. 16,380 list items: parsed, for seconds.
    const emphasisBody = `## Rollback\n${"_*".repeat(32_000)}`;
    // The slowest description still parsed (a nested `~~` run under the refusal limit): it takes a
    // worker for its whole evaluation, sent from the measured organisation's own installation.
    const costlyBody = `## Notes\n${"~~a ".repeat(450)}${" a~~".repeat(450)}`;
    const conditions: [string, string | null, SimRepository?][] = [
      ["quiet", null],
      ["noisy-emphasis", emphasisBody],
      ["noisy-list", `## Notes\n${"- a\n".repeat(16_380)}`],
      ["noisy-same-installation", costlyBody, insideRepository],
      // The same costly description from another installation: what the lanes change, apart from its CPU.
      ["noisy-costly-other-installation", costlyBody],
    ];
    const samples = new Map<string, number[]>(conditions.map(([name]) => [name, []]));
    const turns = 3;
    for (let turn = 0; turn < turns; turn++) {
      for (const [name, body, trap] of conditions) {
        const measured = await normalLatencies(`${name}-${turn}`, body, seconds / turns, trap);
        samples.get(name)?.push(...measured);
      }
    }
    const sorted = (name: string) => (samples.get(name) ?? []).sort((a, b) => a - b);
    const [quiet, emphasis, list, inside, outside] = [
      sorted("quiet"),
      sorted("noisy-emphasis"),
      sorted("noisy-list"),
      sorted("noisy-same-installation"),
      sorted("noisy-costly-other-installation"),
    ];
    const round = (value: number) => Math.round(value * 10) / 10;
    // The main thread's worst stall while each hostile description is judged: the slowest `/ping`
    // answer, asked every 10 ms from the delivery to its answer (figures, not assertions; goal < 100 ms).
    const ping = app.webhookUrl.replace("/api/github/webhooks", "/ping");
    const stalls: Record<string, number> = {};
    for (const [name, body] of HOSTILE_DESCRIPTIONS) {
      const hostile = openPull(env.simulator.store, hostileRepository, {
        title: "Innocent",
        body,
        files: ["src/a.ts"],
      });
      let worst = 0;
      let judged = false;
      const delivery = deliver(target, "pull_request", env.payloads.pullRequest("opened", hostileRepository, hostile));
      void delivery.finally(() => {
        judged = true;
      });
      while (!judged) {
        const sent = performance.now();
        await fetch(ping);
        worst = Math.max(worst, performance.now() - sent);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await delivery;
      stalls[`worst_ping_ms_${name}`] = round(worst);
    }
    const quietP99 = percentile(quiet, 99);
    return {
      seconds,
      normal_deliveries: quiet.length,
      hostile_per_second: 1,
      p99_ms_without_hostile: round(quietP99),
      p99_ms_with_hostile_emphasis: round(percentile(emphasis, 99)),
      p99_ratio_emphasis: Math.round((percentile(emphasis, 99) / quietP99) * 100) / 100,
      p99_ms_with_hostile_list: round(percentile(list, 99)),
      p50_ms_with_hostile_list: round(percentile(list, 50)),
      p99_ratio_list: Math.round((percentile(list, 99) / quietP99) * 100) / 100,
      p99_ms_with_hostile_same_installation: round(percentile(inside, 99)),
      p99_ratio_same_installation: Math.round((percentile(inside, 99) / quietP99) * 100) / 100,
      p99_ratio_same_description_other_installation: Math.round((percentile(outside, 99) / quietP99) * 100) / 100,
      p99_ratio_goal: 1.5,
      ...stalls,
      worst_ping_goal_ms: 100,
    };
  } finally {
    await app.stop();
    await env.simulator.stop();
  }
}

/**
 * The same memory measurement for a replica with REDIS_URL (ledger, locks, freshness marks and the
 * sweep queue in a real redis-server, started here as the tests start it).
 */
export async function memoryWithRedis(deliveries: number): Promise<Record<string, number>> {
  const { startRedisServer } = await import("../test/helpers/redis-server.js");
  const redis = await startRedisServer();
  try {
    return await memory(deliveries, redis.url);
  } finally {
    await redis.stop();
  }
}

/** An organisation's shared defaults, which configured repositories extend (`_extends`). */
const DEFAULTS_PATH = ".github/shipshape-defaults.yml";

/**
 * The steady state of a realistic organisation: `repositories` repositories in one installation
 * (its `.github` repository among them), a third opted in — one in four of those through the
 * organisation's shared defaults (`_extends`) — the rest without a config and no organisation
 * fallback, so the app stays silent there. Hourly sweeps, each with new installation tokens,
 * nothing changing between them; counted requests an hour with the event-fed facts (the reconcile
 * spread over its 24 hours) and without them (every sweep reads everything).
 */
export async function organisationBudget(repositories: number): Promise<Record<string, number>> {
  const env = await fixture();
  const { simulator } = env;
  try {
    const orgRepository = simulator.store.addRepository("acme/.github", env.installationId);
    simulator.store.putFile(orgRepository, DEFAULTS_PATH, CONFIG);
    const unconfigured = new Set<string>();
    const old = new Date(Date.now() - 20 * 86_400_000).toISOString();
    for (let index = 1; index < repositories; index++) {
      const name = `repo-${index}`;
      const repository = simulator.store.addRepository(`acme/${name}`, env.installationId);
      if (index % 3 !== 0) {
        unconfigured.add(`/repos/acme/${name}/`);
        continue;
      }
      const own = index % 4 === 0 ? `_extends: .github:${DEFAULTS_PATH}\n` : CONFIG;
      simulator.store.putFile(repository, ".github/shipshape.yml", own);
      if (index % 10 === 0) closeMilestone(repository, "Sprint", old);
      openPull(simulator.store, repository, { title: "Work in progress", files: ["src/a.ts"] });
    }
    const { unpacedSweepDriver } = await import("./sweep-driver.js");
    const { MemoryFreshness } = await import("../src/sweep/freshness.js");
    const reconcileHours = 24;
    let now = new Date();
    const later = (hours: number) => {
      now = new Date(now.getTime() + hours * 3_600_000);
      simulator.resetRateLimits();
    };
    const counted = (calls: RecordedCall[]) => calls.filter((call) => call.status !== 304);
    // What a repository without a config costs: requests about it, and the reads of the
    // organisation's fallback config made for it (a configured repository has its own).
    const aboutUnconfigured = (calls: RecordedCall[]) =>
      counted(calls).filter(
        (call) =>
          unconfigured.has(`${call.path.split("/").slice(0, 4).join("/")}/`) ||
          /^\/repos\/acme\/\.github\/contents\/\.github(\/|%2F)shipshape\.yml/.test(call.path),
      ).length;
    const aboutDefaults = (calls: RecordedCall[]) =>
      calls.filter((call) => call.path.startsWith("/repos/acme/.github/contents/")).length;

    const driver = await unpacedSweepDriver(simulator, {
      freshness: new MemoryFreshness(reconcileHours * 3_600_000),
      now: () => now,
    });
    const first = await driver.sweepAll({ renewTokens: true }); // the first full read
    later(1);
    await driver.sweepAll({ renewTokens: true }); // full again where the last sweep wrote
    later(1);
    const quiet = (await driver.sweepAll({ renewTokens: true })).calls;
    later(reconcileHours);
    const reconcile = (await driver.sweepAll({ renewTokens: true })).calls;

    // The same organisation swept without the facts webhooks feed: every sweep reads everything.
    later(1);
    const unfed = await unpacedSweepDriver(simulator, { now: () => now });
    const everything = (await unfed.sweepAll({ renewTokens: true })).calls;

    const hourly = (reconcileFigure: number, quietFigure: number) =>
      (reconcileFigure + (reconcileHours - 1) * quietFigure) / reconcileHours;
    const round = (value: number, places = 0) => Math.round(value * 10 ** places) / 10 ** places;
    return {
      repositories: first.outcomes,
      configured: repositories - 1 - unconfigured.size,
      configured_through_defaults: Math.floor((repositories - 1) / 12),
      unconfigured: unconfigured.size,
      first_sweep_seconds: first.seconds,
      first_sweep_counted: counted(first.calls).length,
      quiet_sweep_counted: counted(quiet).length,
      quiet_sweep_counted_unconfigured: aboutUnconfigured(quiet),
      quiet_sweep_reads_of_org_defaults: aboutDefaults(quiet),
      reconcile_counted: counted(reconcile).length,
      reconcile_counted_unconfigured: aboutUnconfigured(reconcile),
      reconcile_reads_of_org_defaults: aboutDefaults(reconcile),
      reconcile_writes: reconcile.filter(isWrite).length,
      hourly_counted_with_event_fed_facts: round(hourly(counted(reconcile).length, counted(quiet).length)),
      hourly_counted_without_event_fed_facts: counted(everything).length,
      hourly_goal: 500,
      per_unconfigured_repository_per_sweep: round(
        hourly(aboutUnconfigured(reconcile), aboutUnconfigured(quiet)) / unconfigured.size,
        3,
      ),
      per_unconfigured_repository_goal: 0.2,
      per_unconfigured_repository_without_facts: round(aboutUnconfigured(everything) / unconfigured.size, 3),
    };
  } finally {
    await simulator.stop();
  }
}
