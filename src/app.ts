import { Redis } from "ioredis";
import type { Context, Probot } from "probot";
import { KeyedLock } from "./coordination/keyed-lock.js";
import { leaseFor } from "./coordination/lease.js";
import { githubHost, withInstallation } from "./coordination/redis-keys.js";
import { Metrics } from "./fleet/metrics.js";
import {
  LedgerUnavailableError,
  LOCK_LEASE_MS,
  RedisDeliveryLedger,
  RedisFacts,
  RedisLocks,
} from "./fleet/redis-coordination.js";
import { appIdentityResolver } from "./github/app-identity.js";
import { BatchedLists } from "./github/batched-lists.js";
import { ConditionalReader } from "./github/conditional-reader.js";
import { FactCache } from "./github/fact-cache.js";
import { PublishedCommits } from "./github/published-commits.js";
import { realSleep, type Sleep } from "./github/retry-write.js";
import {
  onCheckRunCompleted,
  onCheckRunRerequested,
  onCheckSuiteRerequested,
  onDeploymentStatus,
  onStatus,
} from "./handlers/commit-events.js";
import { DeliveryLedger } from "./handlers/delivery-ledger.js";
import { onDeploymentProtectionRule } from "./handlers/deployment-gate.js";
import { onMergeGroupChecksRequested } from "./handlers/merge-group.js";
import { onPullRequestChanged, PULL_REQUEST_CHECK_ACTIONS } from "./handlers/pull-request-events.js";
import {
  markRepositoryChanged,
  onInstallation,
  onPush,
  onRepositoryChanged,
  SWEEP_EVENTS,
  type SweepDispatch,
  sweepAfterProductionDeployment,
  sweepInProcess,
  sweepOnQueue,
} from "./handlers/sweep-events.js";
import { onWaiverComment, WAIVER_COMMENT_ACTIONS } from "./handlers/waiver-comment-events.js";
import {
  compareManifestsInProcess,
  compareManifestsIsolated,
  evaluateInProcess,
  evaluateIsolated,
  warmEvaluationPool,
} from "./isolation/evaluation-pool.js";
import { MemoryFreshness, RedisFreshness } from "./sweep/freshness.js";
import { reconcileIntervalMs, startSweepSchedule, sweepIntervalMs } from "./sweep/scheduler.js";
import { startSweepQueue } from "./sweep/sweep-queue.js";
import type { SweepServices } from "./sweep/sweep-repository.js";

export interface AppOptions {
  /** How retries wait; tests pass one that does not. */
  sleep?: Sleep;
  /** The clock of repository sweeps; tests fix it. */
  now?: () => Date;
  /** Overrides SHIPSHAPE_SWEEP_INTERVAL (milliseconds; 0 turns the schedule off). */
  sweepIntervalMs?: number;
  /** Overrides SHIPSHAPE_RECONCILE_INTERVAL (milliseconds; 0: every sweep reads in full). */
  reconcileIntervalMs?: number;
  /** Stops the sweep schedule when aborted (Probot has no unload hook for apps). */
  signal?: AbortSignal;
  /** Overrides REDIS_URL (tests). */
  redisUrl?: string;
  /** The Redis client to share (the server's, which readiness also pings); else one from REDIS_URL. */
  redis?: Redis;
  /** Where the app counts what `/metrics` shows; a private registry when not given. */
  metrics?: Metrics;
  /** Receives what must be closed on shutdown (the sweep worker), so SIGTERM can finish its jobs. */
  onShutdown?: (close: () => Promise<void>) => void;
  /** Evaluates the practices in-process instead of the worker pool (the benchmark's baseline only). */
  inProcessEvaluation?: boolean;
  /**
   * How long an evaluation in the worker pool may take (by default EVALUATION_DEADLINE_MS); tests
   * whose subject is not the deadline give a loaded machine longer.
   */
  evaluationDeadlineMs?: number;
}

/**
 * Builds the Probot app. State (the delivery ledger, locks, caches) lives in this closure, one per
 * loaded app, never in module globals.
 */
export function createApp(options: AppOptions = {}) {
  return (app: Probot): void => {
    const sleep = options.sleep ?? realSleep;
    // With REDIS_URL (Probot's own variable) replicas share the ledger and locks through Redis.
    const redisUrl = options.redisUrl ?? process.env.REDIS_URL;
    const redis = options.redis ?? (redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 3 }) : undefined);
    if (!options.redis)
      redis?.on("error", (error) => app.log.warn({ err: error }, "Redis connection problem; retrying"));
    const metrics = options.metrics ?? new Metrics();
    const reconcile =
      options.reconcileIntervalMs ?? reconcileIntervalMs(process.env.SHIPSHAPE_RECONCILE_INTERVAL, app.log);
    // Every Redis key is namespaced by GitHub host (and installation: see the delivery wrapper below).
    const keys = { host: githubHost() };
    const interval = options.sweepIntervalMs ?? sweepIntervalMs(process.env.SHIPSHAPE_SWEEP_INTERVAL, app.log);
    const locks = redis ? new RedisLocks(redis, keys, undefined, leaseFor(LOCK_LEASE_MS, interval)) : new KeyedLock();
    // With Redis, a fact one replica read is known to the others (signed with the webhook secret).
    const cache = new FactCache(
      redis ? new RedisFacts(redis, keys, process.env.WEBHOOK_SECRET ?? "") : undefined,
      (kind, problem) => app.log.warn({ kind, problem }, "ignored an invalid value in Redis"),
    );
    const now = options.now ?? (() => new Date());
    const reader = new ConditionalReader(() => now().getTime());
    // The evaluation workers start now, not with the first pull request (a cold start costs seconds).
    if (!options.inProcessEvaluation)
      warmEvaluationPool().catch((error: unknown) =>
        app.log.warn({ err: error }, "could not warm the evaluation workers"),
      );
    const isolated: typeof evaluateIsolated = (config, facts, lane, deadlineMs = options.evaluationDeadlineMs) =>
      evaluateIsolated(config, facts, lane, deadlineMs);
    const checks = {
      sleep,
      locks,
      cache,
      reader,
      appId: {},
      evaluate: metrics.timed(options.inProcessEvaluation ? evaluateInProcess : isolated),
      compareManifests: options.inProcessEvaluation ? compareManifestsInProcess : compareManifestsIsolated,
      soleReplica: !redis,
      ...(redis ? {} : { publishedCommits: new PublishedCommits() }),
    };
    const sweeps: SweepServices = {
      sleep,
      locks,
      cache,
      reader,
      identity: appIdentityResolver(app),
      now,
      lists: new BatchedLists(app.log),
      ...(reconcile > 0
        ? { freshness: redis ? new RedisFreshness(redis, reconcile) : new MemoryFreshness(reconcile) }
        : {}),
    };
    // Every webhook about a repository says it may have changed: its next sweep reads it in full.
    app.onAny(markRepositoryChanged(sweeps, app.log));
    const ledger = redis ? new RedisDeliveryLedger(redis, keys) : new DeliveryLedger();

    // Each delivery is handled once per handler: a redelivery (same X-GitHub-Delivery id) does
    // nothing. A handler that fails is logged with its context and forgotten by the ledger, so a
    // redelivery retries it; the webhook is still acknowledged, since GitHub would not retry it.
    // When the ledger cannot be asked (Redis unreachable) nothing is done and the webhook is
    // answered 5xx, so that a redelivery can do it. Redis keys built meanwhile carry the installation
    // (a scope kept only with Redis: on Node 22 it costs a promise hook on every promise made).
    const scoped = <T>(installation: number | undefined, work: () => T): T =>
      redis ? withInstallation(installation, work) : work();
    const once =
      <C extends Context>(name: string, handler: (context: C) => Promise<void>) =>
      async (context: C): Promise<void> => {
        const installation = (context.payload as { installation?: { id?: number } }).installation?.id;
        try {
          const outcome = await scoped(installation, () =>
            ledger.once(`${name}:${context.id}`, () => handler(context)),
          );
          metrics.deliveries.inc({ event: context.name, outcome });
          if (outcome === "duplicate") context.log.info({ delivery: context.id }, "delivery already handled");
        } catch (error) {
          metrics.deliveries.inc({ event: context.name, outcome: "failed" });
          if (error instanceof LedgerUnavailableError) {
            context.log.error({ err: error, delivery: context.id }, "delivery not handled: Redis is unreachable");
            throw error;
          }
          context.log.error(
            { err: error, delivery: context.id, event: context.name, handler: name },
            "handling the delivery failed",
          );
        }
      };

    app.on([...PULL_REQUEST_CHECK_ACTIONS], once("pull-request", onPullRequestChanged(checks)));
    app.on([...WAIVER_COMMENT_ACTIONS], once("waiver-comment", onWaiverComment(checks)));
    app.on("check_run.completed", once("check-run-completed", onCheckRunCompleted(checks)));
    app.on("check_run.rerequested", once("check-run-rerequested", onCheckRunRerequested(checks)));
    app.on("check_suite.rerequested", once("check-suite-rerequested", onCheckSuiteRerequested(checks)));
    app.on("status", once("status", onStatus(checks)));
    app.on("merge_group.checks_requested", once("merge-group", onMergeGroupChecksRequested(checks)));

    let sweep: SweepDispatch = sweepInProcess(sweeps);
    if (redis) {
      // Several replicas: sweeps are jobs on a shared queue (scheduled and event-triggered alike).
      const queue = startSweepQueue(app, sweeps, redis, {
        intervalMs: interval,
        onJobDone: ({ name, ok, seconds }) =>
          metrics.sweepJobSeconds.observe({ job: name, outcome: ok ? "done" : "failed" }, seconds),
      });
      queue.catch((error: unknown) => app.log.error({ err: error }, "the sweep queue could not start"));
      metrics.sweepJobCounts = async () => (await queue).counts();
      const close = async () => {
        await (await queue.catch(() => undefined))?.close();
        // A client this app opened is this app's to close.
        if (!options.redis) await redis.quit().catch(() => undefined);
      };
      options.onShutdown?.(close);
      options.signal?.addEventListener("abort", () => void close(), { once: true });
      sweep = sweepOnQueue(queue, sweep);
    } else if (interval > 0) {
      const schedule = startSweepSchedule(app, sweeps, interval);
      options.signal?.addEventListener("abort", schedule.stop, { once: true });
      options.onShutdown?.(async () => schedule.stop());
    }
    app.on([...SWEEP_EVENTS], once("sweep", onRepositoryChanged(sweeps, sweep)));
    app.on("push", once("push", onPush(sweeps, sweep)));
    // A deployment's status re-checks the pull requests of its commit; a production one also sweeps.
    app.on(
      "deployment_status",
      once("deployment-status", onDeploymentStatus(checks, sweepAfterProductionDeployment(sweep))),
    );
    // Shipshape as a custom deployment protection rule: one answer per delivery.
    app.on(
      "deployment_protection_rule.requested",
      once(
        "deployment-gate",
        onDeploymentProtectionRule({ sleep, cache, reader, now, appId: async () => appIdOf(app, checks.appId) }),
      ),
    );
    app.on(
      ["installation.created", "installation_repositories.added"],
      once("installation", onInstallation(sweeps, sweep)),
    );
  };
}

/**
 * The app's id, read once from its JWT credentials (no request), shared with the pull-request
 * checks (see ownAppId there).
 */
async function appIdOf(app: Probot, known: { value?: number }): Promise<number | undefined> {
  if (known.value !== undefined) return known.value;
  try {
    const octokit = await app.auth();
    const auth = (await octokit.auth({ type: "app" })) as { appId?: number };
    if (typeof auth.appId === "number") known.value = auth.appId;
  } catch {
    // Unknown: any run named Shipshape counts, as in the pull-request checks.
  }
  return known.value;
}
