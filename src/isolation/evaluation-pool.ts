import { createHash } from "node:crypto";
import os from "node:os";
import { LRUCache } from "lru-cache";
import { Piscina } from "piscina";
import { configText } from "../config/config-text.js";
import type { PullRequestsConfig } from "../config/schema.js";
import { compareManifests, type ManifestComparison, type ManifestTexts } from "../manifests/parse.js";
import { tooCostlyToParse } from "../markdown/pr-body.js";
import type { ParsedCommands } from "../markdown/waiver-commands.js";
import { type EvaluatedPractice, evaluatePullRequest } from "../practices/evaluate.js";
import type { PullRequestFacts } from "../practices/facts.js";
import { quote, say } from "../practices/message.js";
import { couldNotCheck, offSummary, PULL_REQUEST_PRACTICES } from "../practices/types.js";
import type { TaskStarted, WorkerTask, WorkerTaskKind, WorkerTasks } from "./evaluation-worker.js";
import { FairQueue, type Lane, QueueFullError } from "./fair-queue.js";
import { withPatchReadings } from "./patch-readings.js";

/**
 * How long one pull request's evaluation may run, counted from when a worker starts it (the
 * wait before that is fair-queued, see FairQueue, and a worker's cold start does not count
 * either). A legitimate description of GitHub's maximum size evaluates in well under a second
 * or two; a hostile one is cut off here, its worker ended, and its check run says what could not
 * be checked. A cut-off evaluation is tried once more (a CPU starved by other work can slow a
 * legitimate one) before it fails.
 */
export const EVALUATION_DEADLINE_MS = 5_000;
/** Attempts of an evaluation cut off at its deadline. */
const ATTEMPTS = 2;
/** How long a task may wait for its worker to start it at all (a worker that cannot start). */
const START_TIMEOUT_MS = 120_000;
/** Evaluations waiting for a worker, at most; past that one is refused (said in the check run). */
const MAX_WAITING = 1_000;
/** Descriptions (with their config) cut off at the deadline, remembered so they are not evaluated again. */
const CUT_OFF_MEMORY = 10_000;
/**
 * The share of the deadline that reading the files' patches may take: past it the files left are
 * judged by their names, and the verdicts still arrive in time.
 */
const PATCH_SHARE_OF_DEADLINE = 0.6;
/** Memory one evaluation's worker may use: a hostile input can exhaust it, not the process. */
const WORKER_HEAP_MB = 256;

/**
 * The evaluation was cut off at its deadline, or refused before it started (`refusedBecause`)
 * because it would have been, or because too many evaluations are waiting (`busy`).
 */
export class EvaluationDeadlineError extends Error {
  constructor(
    readonly deadlineMs: number,
    readonly refusedBecause?: string,
    readonly busy = false,
  ) {
    super(refusedBecause ?? `evaluating the pull request took longer than ${deadlineMs / 1000} s`);
  }
}

/** Runs one task in a worker; calls `onStart` when the worker starts it; rejects when `signal` aborts. */
export type TaskRunner = <K extends WorkerTaskKind>(
  kind: K,
  input: WorkerTasks[K]["input"],
  options: { signal: AbortSignal; onStart: () => void },
) => Promise<WorkerTasks[K]["result"]>;

/** Timers, injectable so that tests decide when time passes. */
export interface Timers {
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface EvaluationPoolOptions {
  runner: TaskRunner;
  /** Evaluations running at once (the workers). */
  capacity: number;
  deadlineMs?: number;
  maxWaiting?: number;
  timers?: Timers;
}

/**
 * Evaluations of pull requests in worker threads: fair-queued (FairQueue), each within its
 * deadline from when its worker starts it, a cut-off one retried once, a description cut off
 * twice remembered (by a hash of it and the config) and refused from then on without a worker.
 */
export class EvaluationPool {
  readonly #queue: FairQueue;
  readonly #cutOff = new LRUCache<string, true>({ max: CUT_OFF_MEMORY });
  readonly #deadlineMs: number;
  readonly #timers: Timers;

  constructor(private readonly options: EvaluationPoolOptions) {
    this.#queue = new FairQueue(options.capacity, options.maxWaiting ?? MAX_WAITING);
    this.#deadlineMs = options.deadlineMs ?? EVALUATION_DEADLINE_MS;
    this.#timers = options.timers ?? realTimers;
  }

  /** Starts every worker and loads its modules, so the first evaluations wait for no cold start. */
  async warm(): Promise<void> {
    const tasks = Array.from({ length: this.options.capacity }, () =>
      this.options.runner("warm", {}, { signal: new AbortController().signal, onStart: () => undefined }),
    );
    await Promise.all(tasks);
  }

  async evaluate(
    config: PullRequestsConfig,
    facts: PullRequestFacts,
    lane: Lane | string,
    deadlineMs = this.#deadlineMs,
  ): Promise<EvaluatedPractice[]> {
    // Refused at once, without holding a worker for the whole deadline.
    const costly = tooCostlyToParse(facts.body);
    if (costly) throw new EvaluationDeadlineError(deadlineMs, costly);
    const key = cutOffKey(config, facts);
    if (this.#cutOff.has(key)) {
      throw new EvaluationDeadlineError(
        deadlineMs,
        `evaluating this description took longer than ${deadlineMs / 1000} s (twice), so it is not evaluated again`,
      );
    }
    try {
      const patchBudgetMs = deadlineMs * PATCH_SHARE_OF_DEADLINE;
      const configJson = configText(config);
      return await this.run("evaluate-pull-request", { configJson, facts, patchBudgetMs }, lane, deadlineMs);
    } catch (error) {
      if (error instanceof EvaluationDeadlineError && !error.refusedBecause) this.#cutOff.set(key, true);
      throw error;
    }
  }

  /**
   * Runs one task of any kind in a worker, fair-queued by `lane`, within the deadline counted from
   * the worker's start of it, once more when cut off (a CPU starved by other work can slow a
   * legitimate one). Throws EvaluationDeadlineError when cut off twice, or refused as busy.
   */
  async run<K extends WorkerTaskKind>(
    kind: K,
    input: WorkerTasks[K]["input"],
    lane: Lane | string,
    deadlineMs = this.#deadlineMs,
  ): Promise<WorkerTasks[K]["result"]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#queue.run(lane, () => this.#runWithDeadline(kind, input, deadlineMs));
      } catch (error) {
        if (error instanceof QueueFullError) {
          throw new EvaluationDeadlineError(
            deadlineMs,
            "Shipshape is busy and could not evaluate the pull request now; it is evaluated again on the next push, edit or re-run",
            true,
          );
        }
        if (!(error instanceof EvaluationDeadlineError) || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  /** One attempt: the deadline runs from the worker's start of the task. */
  async #runWithDeadline<K extends WorkerTaskKind>(
    kind: K,
    input: WorkerTasks[K]["input"],
    deadlineMs: number,
  ): Promise<WorkerTasks[K]["result"]> {
    const controller = new AbortController();
    let cutOff = false;
    const abort = () => {
      cutOff = true;
      controller.abort();
    };
    let deadline: unknown;
    const startTimeout = this.#timers.setTimeout(abort, START_TIMEOUT_MS);
    const onStart = () => {
      this.#timers.clearTimeout(startTimeout);
      deadline ??= this.#timers.setTimeout(abort, deadlineMs);
    };
    try {
      return await this.options.runner(kind, input, { signal: controller.signal, onStart });
    } catch (error) {
      if (cutOff) throw new EvaluationDeadlineError(deadlineMs);
      throw error;
    } finally {
      this.#timers.clearTimeout(startTimeout);
      if (deadline !== undefined) this.#timers.clearTimeout(deadline);
    }
  }
}

/** A description with its config: what an evaluation depends on besides facts read from GitHub. */
function cutOffKey(config: PullRequestsConfig, facts: PullRequestFacts): string {
  return createHash("sha256").update(configText(config)).update("\n").update(facts.body).digest("base64url");
}

let pool: Piscina<WorkerTask, unknown> | undefined;
let evaluations: EvaluationPool | undefined;
const THREADS = Math.max(2, os.availableParallelism());

/**
 * The worker pool, sized to the machine's cores (at least 2, so one hostile evaluation leaves a
 * worker for everyone else). From the TypeScript sources (tests, demo) the worker loads through tsx.
 */
function workers(): Piscina<WorkerTask, unknown> {
  if (!pool) {
    const fromSource = import.meta.url.endsWith(".ts");
    pool = new Piscina<WorkerTask, unknown>({
      filename: new URL(fromSource ? "./evaluation-worker.ts" : "./evaluation-worker.js", import.meta.url).href,
      // One spare beyond the queue's capacity: a worker ended at a deadline is replaced while the
      // spare serves, so nobody waits for a worker to start.
      minThreads: THREADS + 1,
      maxThreads: THREADS + 1,
      // Never fewer than minThreads: warm workers are kept (a cold start costs seconds).
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      ...(fromSource ? { execArgv: ["--import", "tsx"] } : {}),
    });
    pool.on("message", onWorkerMessage);
  }
  return pool;
}

/** Tasks posted to the pool, by id, each with what to call when its worker starts it. */
const startedCallbacks = new Map<number, () => void>();
let nextTaskId = 0;

/**
 * Runs a task in the Piscina pool, told when the worker starts it: the worker posts the task's id
 * to its parent port, which the pool emits as a "message" (one listener for every task, instead of
 * a message channel made and transferred per task).
 */
const piscinaRunner: TaskRunner = async (kind, input, { signal, onStart }) => {
  const id = nextTaskId++;
  startedCallbacks.set(id, onStart);
  try {
    const task: WorkerTask = { kind, input, id } as WorkerTask;
    return (await workers().run(task, { signal })) as never;
  } finally {
    startedCallbacks.delete(id);
  }
};

/** The pool's "message" event: a worker's notice that it started a task. */
function onWorkerMessage(message: unknown): void {
  const started = (message as Partial<TaskStarted> | null)?.taskStarted;
  if (typeof started === "number") startedCallbacks.get(started)?.();
}

function evaluationPool(): EvaluationPool {
  evaluations ??= new EvaluationPool({ runner: piscinaRunner, capacity: THREADS });
  return evaluations;
}

/** Starts and warms the workers (at start-up), so the first evaluations do not pay a cold start. */
export function warmEvaluationPool(): Promise<void> {
  return evaluationPool().warm();
}

/**
 * Evaluates the practices in a worker, within the deadline; throws EvaluationDeadlineError past
 * it (after one more attempt), or when refused. `lane` says whose work it is (see FairQueue).
 */
export function evaluateIsolated(
  config: PullRequestsConfig,
  facts: PullRequestFacts,
  lane: Lane | string,
  deadlineMs = EVALUATION_DEADLINE_MS,
): Promise<EvaluatedPractice[]> {
  return evaluationPool().evaluate(config, facts, lane, deadlineMs);
}

/**
 * Parses pull-request comments' waiver commands in a worker, within the same deadline and fair
 * queue as evaluations: a hundred comments of thousands of lines each cost a worker, not the event
 * loop. Throws EvaluationDeadlineError past the deadline.
 */
export async function parseCommentsIsolated(
  bodies: string[],
  lane: Lane | string,
  deadlineMs = EVALUATION_DEADLINE_MS,
): Promise<ParsedCommands[]> {
  if (bodies.length === 0) return [];
  const cutOff = `they took longer than ${deadlineMs / 1000} s to parse`;
  return parseIsolated("parse-comments", bodies, lane, deadlineMs, cutOff);
}

/**
 * Parses a changed dependency manifest at the head and the base (an author's texts, up to 1 MB
 * each) and compares them in a worker, within the deadline; throws EvaluationDeadlineError past
 * it. Only the difference comes back to this thread. Queued like an evaluation, by `lane`.
 */
export async function compareManifestsIsolated(
  texts: ManifestTexts,
  lane: Lane | string,
  deadlineMs = EVALUATION_DEADLINE_MS,
): Promise<ManifestComparison> {
  const cutOff = `parsing ${texts.path} took longer than ${deadlineMs / 1000} s`;
  return parseIsolated("compare-manifests", texts, lane, deadlineMs, cutOff);
}

/** A parse of untrusted text in the pool; cut off (twice), it is refused with the caller's `cutOff` reason. */
async function parseIsolated<K extends "parse-comments" | "compare-manifests">(
  kind: K,
  input: WorkerTasks[K]["input"],
  lane: Lane | string,
  deadlineMs: number,
  cutOff: string,
): Promise<WorkerTasks[K]["result"]> {
  try {
    return await evaluationPool().run(kind, input, lane, deadlineMs);
  } catch (error) {
    if (error instanceof EvaluationDeadlineError && !error.refusedBecause)
      throw new EvaluationDeadlineError(deadlineMs, cutOff);
    throw error;
  }
}

/** Compares a manifest's texts on the calling thread, without isolation: the benchmark's baseline. */
export async function compareManifestsInProcess(texts: ManifestTexts): Promise<ManifestComparison> {
  return compareManifests(texts);
}

/** The same evaluation on the calling thread, without isolation: the benchmark's baseline. */
export async function evaluateInProcess(
  config: PullRequestsConfig,
  facts: PullRequestFacts,
): Promise<EvaluatedPractice[]> {
  return evaluatePullRequest(config, await withPatchReadings(config, facts));
}

/** What the check run says when the evaluation was cut off: every practice not off fails, saying why. */
export function deadlineResults(config: PullRequestsConfig, error: EvaluationDeadlineError): EvaluatedPractice[] {
  return PULL_REQUEST_PRACTICES.map((practice) => {
    const { enforcement } = config[practice];
    if (enforcement === "off")
      return { practice, enforcement, outcome: "skip", summary: offSummary(`pull_requests.${practice}.enforcement`) };
    return {
      practice,
      enforcement,
      ...couldNotCheck(
        practice,
        error.refusedBecause ??
          `${error.message} (the description, the configured globs or patterns are too costly to analyse)`,
        error.busy
          ? say`Push, edit the description or re-run the check in a few minutes.`
          : say`Shorten or simplify the pull request description (deeply nested lists or quotes, thousands of emphasis markers), or the globs and patterns in ${quote(".github/shipshape.yml")}.`,
      ),
    };
  });
}

/** Ends the workers (tests and shutdown). */
export async function closeEvaluationPool(): Promise<void> {
  const current = pool;
  pool = undefined;
  evaluations = undefined;
  await current?.destroy();
}
