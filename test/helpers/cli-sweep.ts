import type { GitHubSimulator } from "@shipshape/simulator";
import { expect } from "vitest";
import { UNPACED } from "../../demo/start-app.js";
import { runSweep } from "../../src/sweep/cli-sweep.js";

/**
 * Sweeps as `npx shipshape sweep [owner/repo]` does (every installation without a target)
 * against the simulator, at the clock given, and expects it to succeed: what it printed is the
 * failure's message otherwise.
 */
export async function sweepSucceeds(
  simulator: GitHubSimulator,
  target: string | undefined,
  now: () => Date,
): Promise<void> {
  const lines: string[] = [];
  const code = await runSweep(
    target,
    { ...simulator.appEnvironment(), LOG_LEVEL: "silent" },
    (line) => lines.push(line),
    now,
    UNPACED,
  );
  expect(code, lines.join("\n")).toBe(0);
}
