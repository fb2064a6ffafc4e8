import os from "node:os";
import { Piscina } from "piscina";
import type { PullRequestsConfig } from "../config/schema.js";
import type { PullRequestFacts } from "../practices/facts.js";
import { couldNotCheck, type PracticeResult, PULL_REQUEST_PRACTICES } from "../practices/types.js";
import type { EvaluationTask } from "./evaluation-worker.js";

/**
 * How long one pull request's evaluation may take, queue included. A legitimate description of
 * GitHub's maximum size evaluates in well under a second; a hostile one is cut off here, its
 * worker ended, and its check run says what could not be checked.
 */
export const EVALUATION_DEADLINE_MS = 5_000;
/** Memory one evaluation's worker may use: a hostile input can exhaust it, not the process. */
const WORKER_HEAP_MB = 256;

export class EvaluationDeadlineError extends Error {
  constructor(readonly deadlineMs: number) {
    super(`evaluating the pull request took longer than ${deadlineMs / 1000} s`);
  }
}

let pool: Piscina<EvaluationTask, PracticeResult[]> | undefined;

/**
 * The worker pool, sized to the machine's cores (at least 2, so one hostile evaluation leaves a
 * worker for everyone else). From the TypeScript sources (tests, demo) the worker loads through tsx.
 */
function workers(): Piscina<EvaluationTask, PracticeResult[]> {
  if (!pool) {
    const fromSource = import.meta.url.endsWith(".ts");
    pool = new Piscina<EvaluationTask, PracticeResult[]>({
      filename: new URL(fromSource ? "./evaluation-worker.ts" : "./evaluation-worker.js", import.meta.url).href,
      minThreads: 1,
      maxThreads: Math.max(2, os.availableParallelism()),
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      ...(fromSource ? { execArgv: ["--import", "tsx"] } : {}),
    });
  }
  return pool;
}

/** Evaluates the practices in a worker, within the deadline; throws EvaluationDeadlineError past it. */
export async function evaluateIsolated(
  config: PullRequestsConfig,
  facts: PullRequestFacts,
  deadlineMs = EVALUATION_DEADLINE_MS,
): Promise<PracticeResult[]> {
  try {
    return await workers().run({ config, facts }, { signal: AbortSignal.timeout(deadlineMs) });
  } catch (error) {
    if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError")) {
      throw new EvaluationDeadlineError(deadlineMs);
    }
    throw error;
  }
}

/** What the check run says when the evaluation was cut off: every practice not off fails, saying why. */
export function deadlineResults(config: PullRequestsConfig, error: EvaluationDeadlineError): PracticeResult[] {
  return PULL_REQUEST_PRACTICES.map((practice) => {
    const { enforcement } = config[practice];
    if (enforcement === "off") return { practice, enforcement, outcome: "skip", summary: "Off." };
    return {
      practice,
      enforcement,
      ...couldNotCheck(
        practice,
        `${error.message} (the description, the configured globs or patterns are too costly to analyse)`,
        "Shorten or simplify the pull request description (deeply nested lists or quotes, thousands of emphasis markers), or the globs and patterns in `.github/shipshape.yml`.",
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
