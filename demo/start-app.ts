import { createServer } from "node:net";
import type { GitHubSimulator } from "@shipshape/simulator";
import { pino } from "pino";
import { type ApplicationFunction, ProbotOctokit, run } from "probot";
import { createApp } from "../src/app.js";

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";

export interface RunningApp {
  /** Where the app receives webhooks. */
  webhookUrl: string;
  secret: string;
  stop: () => Promise<void>;
}

/**
 * Probot's Octokit without its write pacing (one write a second for the app, GitHub's guidance for
 * real installations): the tests and the benchmark talk to a simulator that asks for none, and
 * would otherwise spend most of their time waiting. `npm start` always paces.
 */
export const UNPACED = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: { ...(options.throttle as object), enabled: false },
}));

/**
 * Starts the real Probot server with the Shipshape app, configured only through Probot's own
 * environment variables and pointed at the simulator as a GitHub Enterprise Server — what
 * `npm start` does, on a free port.
 */
export async function startApp(
  simulator: GitHubSimulator,
  options: {
    logLevel?: LogLevel;
    secret?: string;
    sweepIntervalMs?: number;
    now?: () => Date;
    /** Keep Probot's write pacing, as `npm start` does (the tests about pacing and the demo). */
    pacing?: boolean;
    /** Evaluate on the server's thread, without the worker pool's deadline. */
    inProcessEvaluation?: boolean;
  } = {},
): Promise<RunningApp> {
  const schedule = new AbortController();
  const app = createApp({
    sweepIntervalMs: options.sweepIntervalMs ?? 0,
    signal: schedule.signal,
    ...(options.now ? { now: options.now } : {}),
    ...(options.inProcessEvaluation ? { inProcessEvaluation: true } : {}),
  });
  const running = await startProbotServer(simulator, app, {
    ...options,
    ...(options.pacing ? {} : { Octokit: UNPACED }),
  });
  return {
    ...running,
    stop: async () => {
      schedule.abort();
      await running.stop();
    },
  };
}

/** Starts any Probot app the way `probot run` does, against the simulator (the benchmark's baseline uses it too). */
export async function startProbotServer(
  simulator: GitHubSimulator,
  appFn: ApplicationFunction,
  options: { logLevel?: LogLevel; secret?: string; Octokit?: typeof ProbotOctokit } = {},
): Promise<RunningApp> {
  const secret = options.secret ?? "simulated-webhook-secret";
  const port = await freePort();
  const logLevel = options.logLevel ?? "silent";
  const env: NodeJS.ProcessEnv = {
    ...simulator.appEnvironment(),
    WEBHOOK_SECRET: secret,
    HOST: "127.0.0.1",
    PORT: String(port),
    LOG_LEVEL: logLevel,
  };
  const sigintBefore = new Set(process.listeners("SIGINT"));
  const server = await run(appFn, {
    env,
    log: pino({ level: logLevel }),
    ...(options.Octokit ? { Octokit: options.Octokit } : {}),
  });
  // run() installs a SIGINT handler per server; the caller owns shutdown here.
  for (const listener of process.listeners("SIGINT"))
    if (!sigintBefore.has(listener)) process.removeListener("SIGINT", listener);
  return {
    webhookUrl: `http://127.0.0.1:${port}/api/github/webhooks`,
    secret,
    stop: () => server.stop(),
  };
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
