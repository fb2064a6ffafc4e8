import { request as httpRequest } from "node:http";
import { connect, type Socket } from "node:net";
import { GitHubSimulator } from "@shipshape/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../demo/start-app.js";
import { type RunningServer, startServer } from "../../src/server.js";

/** A POST to `path` that sends `first` bytes, then holds the connection open (a slow upload). */
function slowUpload(base: string, size: number, first: number) {
  const request = httpRequest(`${base}/api/github/webhooks`, {
    method: "POST",
    headers: { "content-type": "application/json", "content-length": size, "x-github-event": "push" },
  });
  const answered = new Promise<{ status: number; retryAfter?: string }>((resolve) => {
    request.on("response", (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, retryAfter: response.headers["retry-after"] });
    });
    request.on("error", () => resolve({ status: 0 }));
  });
  request.write(Buffer.alloc(first, 0x20));
  return { answered, abort: () => request.destroy() };
}

/** Resolves once `condition` holds (polling the server's state, not a clock). */
async function until(condition: () => boolean) {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * Unsigned bodies are held before they can be verified: their bytes in flight across all
 * connections are bounded by a budget (503 with Retry-After past it) and connections by a limit.
 */
describe("memory before authentication", () => {
  let simulator: GitHubSimulator;
  let server: RunningServer | undefined;
  let base: string;

  beforeAll(async () => {
    simulator = new GitHubSimulator();
    await simulator.start();
    const port = await freePort();
    server = await startServer(
      {
        ...simulator.appEnvironment(),
        WEBHOOK_SECRET: "pre-auth-secret",
        HOST: "127.0.0.1",
        PORT: String(port),
        SHIPSHAPE_OPS_PORT: String(await freePort()),
        SHIPSHAPE_SWEEP_INTERVAL: "0",
        LOG_LEVEL: "silent",
      },
      { limits: { unverifiedBytes: 1_000_000, connections: 8 } },
    );
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await server?.stop();
    await simulator?.stop();
  });

  it("answers 503 with Retry-After to the uploads past the budget of unverified bytes, and takes webhooks again once they are gone", async () => {
    const budget = () => server?.budget.held ?? -1;
    // Three slow uploads of 300 KB held: 900 KB of the 1 MB budget.
    const held = [
      slowUpload(base, 400_000, 300_000),
      slowUpload(base, 400_000, 300_000),
      slowUpload(base, 400_000, 300_000),
    ];
    await until(() => budget() >= 900_000);
    // Two more: one announces more than is left, the other sends more than is left.
    const announced = slowUpload(base, 200_000, 1);
    const sent = (() => {
      const request = httpRequest(`${base}/api/github/webhooks`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-github-event": "push", "transfer-encoding": "chunked" },
      });
      const answered = new Promise<number>((resolve) => {
        request.on("response", (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on("error", () => resolve(0));
      });
      request.write(Buffer.alloc(150_000, 0x20));
      return answered;
    })();
    expect(await announced.answered).toEqual({ status: 503, retryAfter: "5" });
    expect(await sent).toBe(503);
    expect(budget()).toBeLessThanOrEqual(900_000);

    for (const upload of held) upload.abort();
    await until(() => budget() === 0);
    const ping = await fetch(`${base}/api/github/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "ping", "x-hub-signature-256": "sha256=00" },
      body: "{}",
    });
    expect(ping.status).toBe(401); // heard again: refused for its signature, not for load
  });

  it("closes connections past the limit", async () => {
    const sockets: Socket[] = [];
    for (let index = 0; index < 8; index++) {
      const socket = connect(Number(new URL(base).port), "127.0.0.1");
      await new Promise((resolve) => socket.once("connect", resolve));
      sockets.push(socket);
    }
    const refused = await fetch(`${base}/ping`).then(
      () => "answered",
      () => "refused",
    );
    expect(refused).toBe("refused");
    for (const socket of sockets) socket.destroy();
    const open = () =>
      new Promise<number>((resolve, reject) =>
        server?.webhooks.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      );
    while ((await open()) > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await fetch(`${base}/ping`)).status).toBe(200);
  });
});
