import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, appProcessSuite, startAppProcess } from "../helpers/app-process.js";
import { privateKey as anotherKey } from "../helpers/keys.js";

/**
 * Health and metrics are served on the operations port (SHIPSHAPE_OPS_PORT), which is not behind
 * the public webhook URL; readiness is single-flight, cached, and says only what is not ready.
 */
describe("the operations port", () => {
  const suite = appProcessSuite();
  const appCalls = () => suite.simulator.calls.filter((call) => call.method === "GET" && call.path === "/app").length;

  it("answers 300 concurrent readiness probes with one GET /app", async () => {
    const before = appCalls();
    const answers = await Promise.all(Array.from({ length: 300 }, () => fetch(`${suite.app.opsUrl}/readyz`)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(300).fill(200));
    expect(await answers[0]?.json()).toEqual({ ok: true, github: "credentials accepted" });
    expect(appCalls() - before).toBe(1);
    for (let probe = 0; probe < 50; probe++) await fetch(`${suite.app.opsUrl}/readyz`);
    expect(appCalls() - before).toBe(1); // the answer is reused for a few seconds
  });

  it("serves /healthz, /readyz and /metrics there, and answers 404 for them on the webhook port", async () => {
    const webhookBase = suite.app.webhookUrl.replace("/api/github/webhooks", "");
    for (const path of ["/healthz", "/readyz", "/metrics"]) {
      expect((await fetch(`${webhookBase}${path}`)).status, path).toBe(404);
      expect((await fetch(`${suite.app.opsUrl}${path}`)).status, path).toBe(200);
    }
    expect((await fetch(`${webhookBase}/ping`)).status).toBe(200);
    expect((await fetch(`${suite.app.opsUrl}/api/github/webhooks`, { method: "POST" })).status).toBe(404);
  });
});

describe("readiness with credentials GitHub refuses", () => {
  const suite = appProcessSuite();
  let refused: AppProcess | undefined;
  beforeAll(async () => {
    refused = await startAppProcess(suite.simulator, { PRIVATE_KEY: anotherKey });
  });
  afterAll(async () => {
    await refused?.stop();
  });

  it("answers 503 naming GitHub, without GitHub's error text, which goes to the log", async () => {
    const answer = await fetch(`${refused?.opsUrl}/readyz`);
    expect(answer.status).toBe(503);
    const text = await answer.text();
    expect(JSON.parse(text)).toEqual({ ok: false, github: "not ready" });
    expect(text).not.toContain("JSON web token");
    // The log line reaches this process through a pipe, maybe after the answer.
    const logged = () => refused?.output().includes("A JSON web token could not be decoded") ?? false;
    for (let wait = 0; wait < 100 && !logged(); wait++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(logged()).toBe(true);
  });
});
