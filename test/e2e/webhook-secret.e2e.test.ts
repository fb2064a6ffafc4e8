import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { GitHubSimulator } from "@shipshape/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../demo/start-app.js";
import { appProcessSuite } from "../helpers/app-process.js";

/**
 * `npm start` (`node lib/server.js`) with `secret` as WEBHOOK_SECRET (absent when undefined): its
 * exit code and output, or "listening" when it answered /ping instead of exiting.
 */
async function startWithSecret(
  simulator: GitHubSimulator,
  secret: string | undefined,
): Promise<{ exit: number | "listening"; output: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["lib/server.js"], {
    env: {
      PATH: process.env.PATH,
      ...simulator.appEnvironment(),
      ...(secret === undefined ? {} : { WEBHOOK_SECRET: secret }),
      HOST: "127.0.0.1",
      PORT: String(port),
      SHIPSHAPE_OPS_PORT: String(await freePort()),
      SHIPSHAPE_SWEEP_INTERVAL: "0",
      LOG_FORMAT: "json",
    },
    // no .env file is read from another directory
    cwd: process.cwd(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? -1)));
  const listening = (async (): Promise<"listening" | number> => {
    for (;;) {
      if (child.exitCode !== null) return exited;
      const answered = await fetch(`http://127.0.0.1:${port}/ping`).then(
        (response) => response.ok,
        () => false,
      );
      if (answered) return "listening" as const;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const exit = await Promise.race([exited, listening]);
  if (child.exitCode === null) {
    child.kill("SIGKILL");
    await exited;
  }
  return { exit, output };
}

describe("the webhook secret", () => {
  let simulator: GitHubSimulator;
  beforeAll(async () => {
    simulator = new GitHubSimulator();
    await simulator.start();
  });
  afterAll(async () => {
    await simulator?.stop();
  });

  it.each([
    ["unset", undefined],
    ["empty", ""],
    ["Probot's public default", "development"],
  ])("refuses to start when WEBHOOK_SECRET is %s, saying why", async (_, secret) => {
    const started = await startWithSecret(simulator, secret);
    expect(started.exit).not.toBe("listening");
    expect(started.exit).not.toBe(0);
    expect(started.output).toContain("WEBHOOK_SECRET is");
    expect(started.output).toContain("Not starting.");
  });
});

describe("a webhook signed with Probot's default secret", () => {
  const suite = appProcessSuite();

  it("is refused, at the webhook path and at any other spelling of it", async () => {
    const body = JSON.stringify({ zen: "forged" });
    for (const url of [suite.app.webhookUrl, `${suite.app.webhookUrl}/`]) {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": "ping",
          "x-github-delivery": "forged-development",
          "x-hub-signature-256": `sha256=${createHmac("sha256", "development").update(body).digest("hex")}`,
        },
        body,
      });
      expect([401, 404]).toContain(response.status);
    }
  });
});
