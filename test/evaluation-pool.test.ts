import { afterAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../src/config/schema.js";
import {
  closeEvaluationPool,
  deadlineResults,
  EvaluationDeadlineError,
  EvaluationPool,
  evaluateIsolated,
  type TaskRunner,
  type Timers,
} from "../src/isolation/evaluation-pool.js";
import type { PullRequestFacts } from "../src/practices/facts.js";
import { plainText } from "../src/practices/message.js";
import { known } from "../src/practices/types.js";

const facts = (body: string): PullRequestFacts => ({
  title: "Change (#1)",
  body,
  headRef: "change",
  headSha: "a".repeat(40),
  files: known({ files: [{ filename: "src/a.ts", status: "modified", changes: 2 }], total: 1 }),
  deployments: known([]),
  manifests: known({ manifests: [], notRead: 0 }),
});

describe("evaluation in the worker pool", () => {
  afterAll(closeEvaluationPool);

  it("evaluates in a worker thread what evaluatePullRequest would", async () => {
    const results = await evaluateIsolated(
      defaultConfig.pull_requests,
      facts("## Rollback\nRevert the merge commit."),
      "t1",
    );
    expect(results.map((result) => [result.practice, result.outcome])).toEqual([
      ["tests", "fail"],
      ["staging", "fail"],
      ["rollback", "pass"],
      ["requirements", "pass"],
      ["dependencies", "skip"],
    ]);
  });

  it("reads the files' patches in the worker: a docstring-only edit needs no tests and deploys nothing", async () => {
    const patch =
      '@@ -1,2 +1,2 @@\n def total():\n-    """Return the total."""\n+    """Return the total, taxes included."""';
    const withPatch: PullRequestFacts = {
      ...facts(""),
      files: known({ files: [{ filename: "shop/cart.py", status: "modified", changes: 2, patch }], total: 1 }),
    };
    // A long deadline: loading the grammar must not depend on the machine's load here.
    const results = await evaluateIsolated(defaultConfig.pull_requests, withPatch, "t4", 60_000);
    expect(results.map((result) => [result.practice, result.outcome, plainText(result.summary)]).slice(0, 2)).toEqual([
      ["tests", "skip", "No source files changed. 1 file changed only in comments, docstrings or whitespace."],
      [
        "staging",
        "skip",
        "Not applicable: nothing deployable changed behaviour (1 file changed only in comments, docstrings or whitespace).",
      ],
    ]);
  });

  it("cuts off an evaluation at its deadline and ends its worker", async () => {
    // Under the refusal limits, so it reaches a worker; no evaluation of it takes less than 1 ms.
    const costly = facts(`## Notes\n${"- a\n".repeat(3_900)}`);
    const cutOff = await evaluateIsolated(defaultConfig.pull_requests, costly, "t2", 1).catch(
      (error: unknown) => error,
    );
    expect(cutOff).toBeInstanceOf(EvaluationDeadlineError);
    expect((cutOff as EvaluationDeadlineError).refusedBecause).toBeUndefined();
    // The pool goes on serving.
    const results = await evaluateIsolated(defaultConfig.pull_requests, facts(""), "t2");
    expect(results).toHaveLength(5);
  });

  it("refuses a description with tens of thousands of emphasis markers without using a worker", async () => {
    await expect(evaluateIsolated(defaultConfig.pull_requests, facts("_*".repeat(32_000)), "t3")).rejects.toThrow(
      "the description has 64,000 emphasis markers",
    );
  });
});

/** Timers that fire only when the test moves time on. */
function manualClock() {
  let now = 0;
  const pending = new Map<number, { due: number; callback: () => void }>();
  let next = 0;
  const timers: Timers = {
    setTimeout: (callback, ms) => {
      next++;
      pending.set(next, { due: now + ms, callback });
      return next;
    },
    clearTimeout: (handle) => {
      pending.delete(handle as number);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [handle, timer] of [...pending]) {
      if (timer.due > now) continue;
      pending.delete(handle);
      timer.callback();
    }
  };
  return { timers, advance };
}

/** A worker the test drives: each task waits until the test starts it, then until it finishes or is aborted. */
function controllableWorkers() {
  const tasks: { kind: string; body?: string; start: () => void; finish: () => void; aborted: boolean }[] = [];
  const runner: TaskRunner = (kind, input, { signal, onStart }) =>
    new Promise((resolve, reject) => {
      const task = {
        kind,
        ...("facts" in input ? { body: input.facts.body } : {}),
        start: onStart,
        finish: () => resolve((kind === "warm" ? true : []) as never),
        aborted: false,
      };
      signal.addEventListener("abort", () => {
        task.aborted = true;
        reject(Object.assign(new Error("aborted"), { name: "AbortError" }));
      });
      tasks.push(task);
    });
  return { runner, tasks };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const lane = (repository: string, pull = "1") => ({ installation: "installation:1", repository, pull });

describe("the evaluation pool's deadline, retry and memory", () => {
  it("counts the deadline from when the worker starts the task, not from the call (a cold start or a wait for CPU)", async () => {
    const clock = manualClock();
    const workers = controllableWorkers();
    const pool = new EvaluationPool({ runner: workers.runner, capacity: 1, deadlineMs: 5_000, timers: clock.timers });
    const evaluation = pool.evaluate(defaultConfig.pull_requests, facts("## Rollback\nRevert."), lane("acme/api"));
    await settle();
    // The worker takes 30 s to start (cold, or starved of CPU): no deadline runs meanwhile.
    clock.advance(30_000);
    expect(workers.tasks[0]?.aborted).toBe(false);
    workers.tasks[0]?.start();
    clock.advance(4_999);
    workers.tasks[0]?.finish();
    expect(await evaluation).toEqual([]);
  });

  it("tries a cut-off evaluation once more, then fails it, and refuses the same description from then on without a worker", async () => {
    const clock = manualClock();
    const workers = controllableWorkers();
    const pool = new EvaluationPool({ runner: workers.runner, capacity: 1, deadlineMs: 5_000, timers: clock.timers });
    const hostile = facts("## Notes\nA description this worker never finishes with.");
    const first = pool.evaluate(defaultConfig.pull_requests, hostile, lane("mallory/api"));
    const outcome = first.catch((error: unknown) => error);
    await settle();
    workers.tasks[0]?.start();
    clock.advance(5_000);
    expect(workers.tasks[0]?.aborted).toBe(true);
    await settle();
    await settle();
    expect(workers.tasks).toHaveLength(2);
    workers.tasks[1]?.start();
    clock.advance(5_000);
    expect(await outcome).toBeInstanceOf(EvaluationDeadlineError);

    // The same hostile body on the next push: refused at once, no worker asked.
    await expect(pool.evaluate(defaultConfig.pull_requests, hostile, lane("mallory/api", "2"))).rejects.toThrow(
      "not evaluated again",
    );
    expect(workers.tasks).toHaveLength(2);
  });

  it("a cut-off first attempt that passes on its retry is a verdict, not a failure", async () => {
    const clock = manualClock();
    const workers = controllableWorkers();
    const pool = new EvaluationPool({ runner: workers.runner, capacity: 1, deadlineMs: 5_000, timers: clock.timers });
    const evaluation = pool.evaluate(defaultConfig.pull_requests, facts("Closes #1"), lane("acme/api"));
    await settle();
    workers.tasks[0]?.start();
    clock.advance(5_000);
    await settle();
    await settle();
    workers.tasks[1]?.start();
    workers.tasks[1]?.finish();
    expect(await evaluation).toEqual([]);
  });

  it("warms every worker", async () => {
    const workers = controllableWorkers();
    const pool = new EvaluationPool({ runner: workers.runner, capacity: 3 });
    const warm = pool.warm();
    expect(workers.tasks.map((task) => task.kind)).toEqual(["warm", "warm", "warm"]);
    for (const task of workers.tasks) task.finish();
    await warm;
  });

  it("refuses past its bound with a verdict that says so, never a pass", async () => {
    const workers = controllableWorkers();
    const pool = new EvaluationPool({
      runner: workers.runner,
      capacity: 1,
      maxWaiting: 1,
      timers: manualClock().timers,
    });
    const running = pool.evaluate(defaultConfig.pull_requests, facts("a"), lane("a/one"));
    const waiting = pool.evaluate(defaultConfig.pull_requests, facts("b"), lane("a/two"));
    const refused = await pool
      .evaluate(defaultConfig.pull_requests, facts("c"), lane("a/three"))
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EvaluationDeadlineError);
    const results = deadlineResults(defaultConfig.pull_requests, refused as EvaluationDeadlineError);
    expect(results.filter((result) => result.outcome === "pass")).toEqual([]);
    expect(JSON.stringify(results[0]?.summary)).toContain("could not evaluate the pull request now");
    await settle();
    workers.tasks[0]?.start();
    workers.tasks[0]?.finish();
    await running;
    await settle();
    workers.tasks[1]?.start();
    workers.tasks[1]?.finish();
    await waiting;
  });
});
