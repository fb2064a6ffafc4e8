import os from "node:os";
import { parentPort } from "node:worker_threads";
import { LRUCache } from "lru-cache";
import type { PullRequestsConfig } from "../config/schema.js";
import { warmUpTokenizer } from "../diff/tokens.js";
import { compareManifests, type ManifestComparison, type ManifestTexts } from "../manifests/parse.js";
import { type ParsedCommands, parseWaiverCommands } from "../markdown/waiver-commands.js";
import { type EvaluatedPractice, evaluatePullRequest } from "../practices/evaluate.js";
import type { PullRequestFacts } from "../practices/facts.js";
import { withPatchReadings } from "./patch-readings.js";

/**
 * What a worker can be asked to do: one kind per parse of untrusted text, each with its input
 * and its result. A new kind is a new entry here and in TASKS below.
 */
export interface WorkerTasks {
  /** Loads the worker's modules (the pool warms every worker at start-up). */
  warm: { input: Record<string, never>; result: true };
  "evaluate-pull-request": {
    input: {
      /**
       * The config as JSON text (see configText): a single string crosses to the worker at the cost
       * of a copy, while the object, with its ecosystem defaults' hundreds of patterns, would be
       * cloned field by field on the main thread for every evaluation.
       */
      configJson: string;
      facts: PullRequestFacts;
      /** How long reading the files' patches may take; the files left are judged by their names. */
      patchBudgetMs: number;
    };
    result: EvaluatedPractice[];
  };
  /** The waiver commands of pull-request comments (bodies any commenter wrote). */
  "parse-comments": { input: string[]; result: ParsedCommands[] };
  /** A changed dependency manifest parsed at the head and the base (an author's texts, up to 1 MB each), compared. */
  "compare-manifests": { input: ManifestTexts; result: ManifestComparison };
}
export type WorkerTaskKind = keyof WorkerTasks;

/** A task as it is posted to a worker: its kind, its input, and its id. */
export type WorkerTask<K extends WorkerTaskKind = WorkerTaskKind> = {
  kind: K;
  input: WorkerTasks[K]["input"];
  /** Posted back (as TaskStarted) when the worker starts the task: its deadline counts from then. */
  id?: number;
};

/** What a worker posts to its parent port when it starts a task; the pool emits it as a "message". */
export interface TaskStarted {
  taskStarted: number;
}

/** Configs parsed from their JSON text, kept by it: a repository's config changes rarely. */
const configs = new LRUCache<string, PullRequestsConfig>({ max: 100 });

function parsedConfig(json: string): PullRequestsConfig {
  let config = configs.get(json);
  if (!config) {
    config = JSON.parse(json) as PullRequestsConfig;
    configs.set(json, config);
  }
  return config;
}

type Result<K extends WorkerTaskKind> = WorkerTasks[K]["result"] | Promise<WorkerTasks[K]["result"]>;

const TASKS: { [K in WorkerTaskKind]: (input: WorkerTasks[K]["input"]) => Result<K> } = {
  // The WASM runtime that reads patches loads here too, so no pull request waits for it; a
  // failure is retried at the first patch, and leaves the files judged by their names there.
  warm: () =>
    warmUpTokenizer().then(
      () => true as const,
      () => true as const,
    ),
  "evaluate-pull-request": async ({ configJson, facts, patchBudgetMs }) => {
    const config = parsedConfig(configJson);
    return evaluatePullRequest(config, await withPatchReadings(config, facts, patchBudgetMs));
  },
  "parse-comments": (bodies) => bodies.map(parseWaiverCommands),
  "compare-manifests": (texts) => compareManifests(texts),
};

/**
 * Evaluation threads run at a lower CPU priority than the main thread, which answers webhooks
 * and talks to GitHub: a costly description then takes the CPU the main thread leaves, not the
 * CPU it needs. On Linux a nice value belongs to a thread (setpriority(2), "NOTES": under NPTL the
 * nice value is a per-thread attribute), and `os.setPriority` without a pid sets the calling
 * thread's; elsewhere it would lower the whole process, so it is left alone there.
 */
const EVALUATION_NICENESS = 10;
if (process.platform === "linux") {
  try {
    os.setPriority(EVALUATION_NICENESS);
  } catch {
    // A sandbox may forbid it; evaluations then run at the main thread's priority.
  }
}

/**
 * Runs in a worker thread (see evaluation-pool.ts): the practices parse untrusted markdown and
 * match globs, which a hostile description can make slow, and tokenize the files' patches; here
 * that blocks no event loop.
 */
export default function run<K extends WorkerTaskKind>(task: WorkerTask<K>): Result<K> {
  if (task.id !== undefined) parentPort?.postMessage({ taskStarted: task.id } satisfies TaskStarted);
  return TASKS[task.kind](task.input);
}
