import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll } from "vitest";
import { freePort } from "../../src/demo/start-app.js";
import { deliver, GitHubSimulator, PayloadFactory } from "../../src/simulator/index.js";

export interface AppProcess {
  webhookUrl: string;
  secret: string;
  /** Ends the process at once (SIGKILL), as a crash or a redeploy would. */
  kill: () => Promise<void>;
  stop: () => Promise<void>;
  output: () => string;
}

/**
 * Starts the app exactly as `npm start` does (`node lib/server.js`) in a child process,
 * configured by Probot's environment variables against the simulator, and waits until it answers.
 */
export async function startAppProcess(
  simulator: GitHubSimulator,
  extraEnv: Record<string, string> = {},
): Promise<AppProcess> {
  const port = await freePort();
  const secret = "e2e-webhook-secret";
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["lib/server.js"], {
    env: {
      PATH: process.env.PATH,
      ...simulator.appEnvironment(),
      WEBHOOK_SECRET: secret,
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
      SHIPSHAPE_SWEEP_INTERVAL: "0",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/ping`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the app did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null) child.kill(signal);
    await exited;
  };
  return {
    webhookUrl: `http://127.0.0.1:${port}/api/github/webhooks`,
    secret,
    kill: () => end("SIGKILL"),
    stop: () => end("SIGTERM"),
    output: () => output,
  };
}

export interface AppProcessSuite {
  readonly simulator: GitHubSimulator;
  readonly app: AppProcess;
  readonly payloads: PayloadFactory;
  /** Sends a signed webhook to the app, as GitHub would. */
  send: (event: string, payload: unknown, id?: string) => ReturnType<typeof deliver>;
  /** Starts the app process anew (after a test killed it), with the same environment. */
  restart: () => Promise<void>;
}

/**
 * A simulator and the app process against it, started before the suite's tests and stopped
 * after them: the setup every end-to-end suite of the running app shares.
 */
export function appProcessSuite(extraEnv: Record<string, string> = {}): AppProcessSuite {
  let simulator: GitHubSimulator | undefined;
  let app: AppProcess | undefined;
  let payloads: PayloadFactory | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the suite has not started yet (use it inside tests)");
    return value;
  };
  beforeAll(async () => {
    simulator = new GitHubSimulator();
    await simulator.start();
    payloads = new PayloadFactory(simulator);
    app = await startAppProcess(simulator, extraEnv);
  });
  afterAll(async () => {
    await app?.stop();
    await simulator?.stop();
  });
  return {
    get simulator() {
      return started(simulator);
    },
    get app() {
      return started(app);
    },
    get payloads() {
      return started(payloads);
    },
    send: (event, payload, id) => {
      const running = started(app);
      return deliver({ url: running.webhookUrl, secret: running.secret }, event, payload, id);
    },
    restart: async () => {
      await app?.stop();
      app = await startAppProcess(started(simulator), extraEnv);
    },
  };
}
