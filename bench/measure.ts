import type { GitHubSimulator, RecordedCall } from "@shipshape/simulator";

/** The calls a step made, the hourly installation token aside. */
export async function countCalls(simulator: GitHubSimulator, step: () => Promise<unknown>): Promise<RecordedCall[]> {
  const before = simulator.calls.length;
  await step();
  return simulator.calls.slice(before).filter((call) => !call.path.includes("/access_tokens"));
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/** Runs `count` tasks with at most `concurrency` at a time, returning each one's duration (ms). */
export async function timed(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<number[]> {
  const durations: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const started = performance.now();
      await task(index);
      durations.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return durations.sort((a, b) => a - b);
}

export function rssMb(): number {
  return Math.round((process.memoryUsage().rss / 1024 / 1024) * 10) / 10;
}

export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** The best of `repeat` runs of `task`, in milliseconds (a sync task is awaited all the same). */
export async function bestMs(task: () => unknown, repeat = 3): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < repeat; run++) {
    const started = performance.now();
    await task();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}
