import { FlowProducer, type Job, Queue, QueueEvents, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Probot } from "probot";
import { leaseFor } from "../coordination/lease.js";
import { githubHost, queuePrefix, redisKey, withInstallation } from "../coordination/redis-keys.js";
import { ORG_CONFIG_REPO } from "../github/config-loader.js";
import type { Octokit, RepoRef } from "../github/octokit.js";
import { activeInstallations } from "./scheduler.js";
import {
  installationRepositories,
  type RepositoryOutcome,
  SWEEP_CONCURRENCY,
  sweepOutcome,
  updateRollup,
} from "./sweep-installation.js";
import type { SweepServices } from "./sweep-repository.js";

/**
 * With REDIS_URL, sweeps are jobs on one BullMQ queue that every replica works on:
 *
 * - a job scheduler (one per queue, however many replicas upsert it) makes a `plan` job each
 *   interval, the first one an interval after the fleet first started; the replica that takes
 *   it lists the installations and adds, per installation, a flow: a `rollup` job whose children
 *   are one `repository` job per repository. Job ids carry the plan's id, so a plan retried
 *   after a crash adds nothing twice, and plans are kept at least half an interval apart;
 * - a replica that dies holding jobs stops renewing their locks; BullMQ's stalled-job check moves
 *   them back to waiting and another replica takes them (https://docs.bullmq.io/guide/workers/stalled-jobs);
 * - the `rollup` job runs once its children are done, with their outcomes, and updates the
 *   organisation's rollup issue;
 * - events that call for a sweep (a milestone closed, an alert opened) add a `repository` job
 *   named by the delivery, so a redelivered webhook adds nothing.
 */
export const SWEEP_QUEUE = "shipshape-sweeps";
const SCHEDULER_ID = "shipshape-sweep-schedule";
const PLAN_MARK = ["sweep", "last-plan"];
/** When the first replica of the fleet started (kept while Redis keeps it). */
const STARTED_MARK = ["sweep", "started"];
/** How long finished jobs are kept: long enough that a job id of this interval still dedups. */
const KEEP_INTERVALS = 2;
/** A crash while sweeping is retried by another replica a few times, then kept as failed. */
const ATTEMPTS = 3;
/**
 * A webhook's sweep is answered when it is done, as with one process, for up to this long (GitHub
 * gives a delivery 10 s); past it the job goes on and the webhook is answered.
 */
const EVENT_SWEEP_WAIT_MS = 8_000;
/** Webhooks' sweeps go before the scheduled ones (BullMQ: 1 is the highest priority). */
const EVENT_PRIORITY = 1;
const SCHEDULED_PRIORITY = 10;
/** A sweep job's lock, renewed every half of it while the job runs (shorter on a short schedule: see leaseFor). */
const LOCK_MS = 15_000;

interface PlanJob {
  kind: "plan";
}
export interface RepositoryJob {
  kind: "repository";
  installationId: number;
  owner: string;
  repo: string;
  /** Asked for by a webhook: read everything, whatever the last full read. */
  fullRead?: boolean;
}
interface RollupJob {
  kind: "rollup";
  installationId: number;
  owner: string;
}
type SweepJob = PlanJob | RepositoryJob | RollupJob;

export interface SweepQueueOptions {
  /** Interval of the schedule in ms; 0: no schedule (event sweeps still go through the queue). */
  intervalMs: number;
  /** Sweep jobs one replica works on at once. */
  concurrency?: number;
  /** The GitHub host, which namespaces the queue's keys (see redis-keys.ts); GHE_HOST's by default. */
  host?: string;
  /** Called when a sweep job ends, for metrics. */
  onJobDone?: (job: { name: string; ok: boolean; seconds: number }) => void;
}

export interface SweepQueue {
  /** Adds a sweep of one repository, named by what asked for it (a delivery id). */
  enqueueRepository: (request: Omit<RepositoryJob, "kind">, reason: string) => Promise<void>;
  /** Jobs by state, for metrics. */
  counts: () => Promise<Record<string, number>>;
  /** Stops taking jobs and waits for the running ones to finish (SIGTERM). */
  close: () => Promise<void>;
}

/** Connections for BullMQ: its workers block on Redis, so each needs retries without limit. */
function connectionFrom(redis: Redis): Redis {
  return redis.duplicate({ maxRetriesPerRequest: null });
}

export async function startSweepQueue(
  app: Pick<Probot, "auth" | "log">,
  services: SweepServices,
  redis: Redis,
  options: SweepQueueOptions,
): Promise<SweepQueue> {
  const log = app.log.child({ name: "sweep-queue" });
  const host = options.host ?? githubHost();
  // The fleet's marks belong to no installation; BullMQ's keys are under the host's prefix.
  const startedMark = redisKey({ host, installation: null }, ...STARTED_MARK);
  const planMark = redisKey({ host, installation: null }, ...PLAN_MARK);
  const prefix = queuePrefix(host);
  const connection = connectionFrom(redis);
  const keepSeconds = Math.max(Math.ceil((options.intervalMs * KEEP_INTERVALS) / 1000), 3600);
  const defaultJobOptions = {
    attempts: ATTEMPTS,
    backoff: { type: "exponential", delay: 5_000 },
    removeOnComplete: { age: keepSeconds },
    removeOnFail: { age: 7 * 86_400 },
  };
  const queue = new Queue<SweepJob>(SWEEP_QUEUE, { connection, prefix, defaultJobOptions });
  const flows = new FlowProducer({ connection, prefix });
  queue.on("error", (error) => log.warn({ err: error }, "sweep queue: Redis problem; retrying"));
  flows.on("error", (error) => log.warn({ err: error }, "sweep flows: Redis problem; retrying"));

  if (options.intervalMs > 0) {
    await connection.set(startedMark, String(Date.now()), "NX");
    await queue.upsertJobScheduler(
      SCHEDULER_ID,
      { every: options.intervalMs },
      { name: "plan", data: { kind: "plan" } },
    );
  } else {
    await queue.removeJobScheduler(SCHEDULER_ID);
  }

  const installationOctokit = async (installationId: number) => (await app.auth(installationId)) as Octokit;

  const plan = async (job: Job<SweepJob>) => {
    // The plan's own id (the scheduler's `repeat:<id>:<due time>`) names its jobs: a plan retried
    // after a crash adds nothing twice. Plans are kept half an interval apart, whatever the
    // scheduler's alignment of its first jobs.
    const planId = String(job.id).replace(/:/g, "_");
    // As with one process, the first sweep comes an interval after the fleet started, not at
    // once: a deploy is no reason to read and write every repository.
    const startedAt = Number((await connection.get(startedMark)) ?? 0);
    if (Date.now() - startedAt < options.intervalMs * 0.9) {
      log.info("sweep plan skipped: the first sweep comes one interval after the fleet started");
      return { repositories: 0 };
    }
    const spaced = await connection.set(planMark, planId, "PX", Math.max(Math.floor(options.intervalMs / 2), 1), "NX");
    if (spaced === null && (await connection.get(planMark)) !== planId) {
      log.info("sweep plan skipped: the previous one ran less than half an interval ago");
      return { repositories: 0 };
    }
    const installations = await activeInstallations(app);
    let added = 0;
    for (const installation of installations) {
      const repos = await installationRepositories(await installationOctokit(installation.id));
      if (repos.length === 0) continue;
      const rollupId = `rollup-${installation.id}-${planId}`;
      if (await queue.getJob(rollupId)) continue;
      const owner = repos[0]?.owner ?? installation.account?.login ?? "";
      await flows.add({
        name: "rollup",
        queueName: SWEEP_QUEUE,
        data: { kind: "rollup", installationId: installation.id, owner },
        opts: { jobId: rollupId, ...defaultJobOptions },
        children: repos.map((repo) => ({
          name: "repository",
          queueName: SWEEP_QUEUE,
          data: { kind: "repository", installationId: installation.id, owner: repo.owner, repo: repo.repo },
          // The rollup is written with whatever its children found; a child that kept crashing
          // is simply missing from it.
          opts: {
            jobId: repositoryJobId(installation.id, repo, planId),
            priority: SCHEDULED_PRIORITY,
            ...defaultJobOptions,
            ignoreDependencyOnFailure: true,
          },
        })),
      });
      added += repos.length;
    }
    log.info({ installations: installations.length, repositories: added }, "sweep planned");
    return { repositories: added };
  };

  // GitHub's answer is the outcome; a crash (the process dying) is what BullMQ retries.
  const sweepOne = (job: Job<SweepJob>, data: RepositoryJob): Promise<RepositoryOutcome> =>
    sweepOutcome(
      installationOctokit(data.installationId),
      { owner: data.owner, repo: data.repo },
      services,
      log.child({ job: job.id, installation: data.installationId }),
      { fullRead: data.fullRead ?? false },
    );

  const rollup = async (job: Job<SweepJob>, data: RollupJob) => {
    const outcomes = Object.values(await job.getChildrenValues<RepositoryOutcome>());
    const orgRepo: RepoRef = { owner: data.owner, repo: ORG_CONFIG_REPO };
    if (!outcomes.some((outcome) => outcome.ok && outcome.repo === `${data.owner}/${ORG_CONFIG_REPO}`)) return;
    await updateRollup(await installationOctokit(data.installationId), orgRepo, outcomes, services, log);
  };

  const workerConnection = connectionFrom(redis);
  const jobLockMs = leaseFor(LOCK_MS, options.intervalMs);
  const worker = new Worker<SweepJob>(
    SWEEP_QUEUE,
    async (job) => {
      const started = performance.now();
      let ok = false;
      try {
        const data = job.data;
        const result =
          data.kind === "plan"
            ? await plan(job)
            : // Redis keys built by a sweep carry its installation.
              await withInstallation(data.installationId, () =>
                data.kind === "repository" ? sweepOne(job, data) : rollup(job, data),
              );
        ok = true;
        return result;
      } finally {
        options.onJobDone?.({ name: job.name, ok, seconds: (performance.now() - started) / 1000 });
      }
    },
    {
      connection: workerConnection,
      prefix,
      concurrency: options.concurrency ?? SWEEP_CONCURRENCY,
      // A replica that dies holding a job stops renewing its lock; within about this time the
      // job goes back to waiting for another replica (BullMQ's defaults are 30 s).
      lockDuration: jobLockMs,
      stalledInterval: jobLockMs,
    },
  );
  worker.on("error", (error) => log.warn({ err: error }, "sweep worker: Redis problem; retrying"));
  worker.on("failed", (job, error) => log.error({ err: error, job: job?.id }, "sweep job failed"));

  const eventsConnection = connectionFrom(redis);
  const events = new QueueEvents(SWEEP_QUEUE, { connection: eventsConnection, prefix });
  events.on("error", (error) => log.warn({ err: error }, "sweep queue events: Redis problem; retrying"));

  return {
    enqueueRepository: async (request, reason) => {
      const job = await queue.add(
        "repository",
        { kind: "repository", ...request },
        { jobId: repositoryJobId(request.installationId, request, reason), priority: EVENT_PRIORITY },
      );
      // Whichever replica takes it, the webhook is answered once its sweep is done (or a while
      // has passed): what the webhook changed is then on GitHub, as with one process.
      await job.waitUntilFinished(events, EVENT_SWEEP_WAIT_MS).catch((error: unknown) => {
        log.info({ err: error, job: job.id }, "answering the webhook before its sweep is done");
      });
    },
    counts: () => queue.getJobCounts("waiting", "active", "delayed", "failed", "completed", "waiting-children"),
    close: async () => {
      try {
        await worker.close();
        await Promise.all([queue.close(), flows.close(), events.close()]);
      } finally {
        // Ours to close even when BullMQ's closing failed (Redis gone): BullMQ has let go of their
        // error listeners, and a connection left open would retry against nothing for ever.
        connection.disconnect();
        workerConnection.disconnect();
        eventsConnection.disconnect();
      }
    },
  };
}

/** BullMQ job ids may not contain ":" (its key separator); repository names may contain "." and "-". */
function repositoryJobId(installationId: number, repo: Pick<RepoRef, "owner" | "repo">, reason: string): string {
  return `repository-${installationId}-${repo.owner}/${repo.repo}-${reason}`.replace(/:/g, "_");
}
