import os from "node:os";
import { Piscina } from "piscina";
import type { PullRequestsConfig } from "../config/schema.js";
import { tooCostlyToParse } from "../markdown/pr-body.js";
import { type EvaluatedPractice, evaluatePullRequest } from "../practices/evaluate.js";
import type { PullRequestFacts } from "../practices/facts.js";
import { quote, say } from "../practices/message.js";
import { couldNotCheck, offSummary, PULL_REQUEST_PRACTICES } from "../practices/types.js";
import type { EvaluationTask } from "./evaluation-worker.js";
import { FairQueue } from "./fair-queue.js";
import { withPatchReadings } from "./patch-readings.js";

/**
 * How long one pull request's evaluation may run (from when a worker takes it; the wait before
 * that is fair-queued by installation, see FairQueue). A legitimate description of GitHub's
 * maximum size evaluates in well under a second or two; a hostile one is cut off here, its worker
 * ended, and its check run says what could not be checked.
 */
export const EVALUATION_DEADLINE_MS = 5_000;
/**
 * The share of the deadline that reading the files' patches may take: past it the files left are
 * judged by their names, and the verdicts still arrive in time.
 */
const PATCH_SHARE_OF_DEADLINE = 0.6;
/** Memory one evaluation's worker may use: a hostile input can exhaust it, not the process. */
const WORKER_HEAP_MB = 256;

/**
 * The evaluation was cut off at its deadline, or refused before it started (`refusedBecause`)
 * because it would have been.
 */
export class EvaluationDeadlineError extends Error {
  constructor(
    readonly deadlineMs: number,
    readonly refusedBecause?: string,
  ) {
    super(refusedBecause ?? `evaluating the pull request took longer than ${deadlineMs / 1000} s`);
  }
}

let pool: Piscina<EvaluationTask, EvaluatedPractice[]> | undefined;
const THREADS = Math.max(2, os.availableParallelism());
const queue = new FairQueue(THREADS);

/**
 * The worker pool, sized to the machine's cores (at least 2, so one hostile evaluation leaves a
 * worker for everyone else). From the TypeScript sources (tests, demo) the worker loads through tsx.
 */
function workers(): Piscina<EvaluationTask, EvaluatedPractice[]> {
  if (!pool) {
    const fromSource = import.meta.url.endsWith(".ts");
    pool = new Piscina<EvaluationTask, EvaluatedPractice[]>({
      filename: new URL(fromSource ? "./evaluation-worker.ts" : "./evaluation-worker.js", import.meta.url).href,
      // One spare beyond the queue's capacity: a worker ended at a deadline is replaced while the
      // spare serves, so nobody waits for a worker to start.
      minThreads: THREADS + 1,
      maxThreads: THREADS + 1,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      ...(fromSource ? { execArgv: ["--import", "tsx"] } : {}),
    });
  }
  return pool;
}

/**
 * Evaluates the practices in a worker, within the deadline; throws EvaluationDeadlineError past
 * it. `tenant` (the installation) gets one worker at a time, so it cannot hold them all.
 */
export async function evaluateIsolated(
  config: PullRequestsConfig,
  facts: PullRequestFacts,
  tenant: string,
  deadlineMs = EVALUATION_DEADLINE_MS,
): Promise<EvaluatedPractice[]> {
  // Refused at once, without holding a worker for the whole deadline.
  const costly = tooCostlyToParse(facts.body);
  if (costly) throw new EvaluationDeadlineError(deadlineMs, costly);
  try {
    return await queue.run(tenant, () =>
      workers().run(
        { config, facts, patchBudgetMs: deadlineMs * PATCH_SHARE_OF_DEADLINE },
        { signal: AbortSignal.timeout(deadlineMs) },
      ),
    );
  } catch (error) {
    if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError")) {
      throw new EvaluationDeadlineError(deadlineMs);
    }
    throw error;
  }
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
        say`Shorten or simplify the pull request description (deeply nested lists or quotes, thousands of emphasis markers), or the globs and patterns in ${quote(".github/shipshape.yml")}.`,
      ),
    };
  });
}

/** Ends the workers (tests and shutdown). */
export async function closeEvaluationPool(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.destroy();
}
