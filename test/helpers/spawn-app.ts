import { type ChildProcess, spawn } from "node:child_process";
import type { GitHubSimulator } from "@shipshape/simulator";
import { freePort } from "../../demo/start-app.js";

export interface AppProcess {
  webhookUrl: string;
  /** The operations port's base URL (`/healthz`, `/readyz`, `/metrics`). */
  opsUrl: string;
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
  const opsPort = await freePort();
  const secret = "e2e-webhook-secret";
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["lib/server.js"], {
    env: {
      PATH: process.env.PATH,
      ...simulator.appEnvironment(),
      WEBHOOK_SECRET: secret,
      HOST: "127.0.0.1",
      PORT: String(port),
      SHIPSHAPE_OPS_PORT: String(opsPort),
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
    opsUrl: `http://127.0.0.1:${opsPort}`,
    secret,
    kill: () => end("SIGKILL"),
    stop: () => end("SIGTERM"),
    output: () => output,
  };
}
