import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";
import { verify } from "@octokit/webhooks-methods";
import { Redis } from "ioredis";
import { createNodeMiddleware, createProbot, run } from "probot";
import { createApp } from "./app.js";
import { Metrics, octokitWithMetrics } from "./fleet/metrics.js";
import { closeEvaluationPool } from "./isolation/evaluation-pool.js";

/**
 * `npm start`: the app behind Probot's own webhook middleware, configured by Probot's environment
 * variables (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, WEBHOOK_PATH, PORT, HOST,
 * LOG_LEVEL, LOG_FORMAT, GHE_HOST, GHE_PROTOCOL, REDIS_URL), with what `probot run` lacks in front
 * of it: a body larger than GitHub ever sends is refused before it is buffered, the signature is
 * checked before anything reads the payload (an unverified payload is never parsed or logged), and
 * slow clients are timed out. Without credentials, Probot's setup flow runs as with `probot run`.
 */

/** GitHub caps webhook payloads at 25 MB ("Webhook events and payloads": larger ones are not delivered). */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;
/** A request must arrive whole within this time (Node's default is 5 minutes). */
const REQUEST_TIMEOUT_MS = 30_000;
const HEADERS_TIMEOUT_MS = 15_000;
/** How long SIGTERM waits for webhooks being handled (Kubernetes' default grace period is 30 s). */
const SHUTDOWN_DRAIN_MS = 25_000;

class TooLargeError extends Error {}

/** The request body, refused (TooLargeError) as soon as it passes `max` bytes. */
function readBody(request: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        request.removeAllListeners("data");
        request.resume(); // drain without keeping anything
        reject(new TooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function reply(response: ServerResponse, status: number, message: string): void {
  if (response.headersSent) return;
  response.writeHead(status, { "content-type": "application/json", connection: "close" });
  response.end(JSON.stringify({ error: message }));
}

interface Readiness {
  ok: boolean;
  github: string;
  redis?: string;
}

/** How long a "ready" answer is reused: probes come every few seconds, GitHub need not. */
const READINESS_TTL_MS = 5_000;

/**
 * Readiness: GitHub accepts the app's credentials (`GET /app` with the app's JWT), and Redis
 * answers a PING when REDIS_URL is set. A "ready" answer is reused for 5 s; "not ready" never.
 */
function readinessCheck(probot: ReturnType<typeof createProbot>, redis: Redis | undefined) {
  let cached: { at: number; value: Readiness } | undefined;
  const withTimeout = <T>(promise: Promise<T>) =>
    Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), 3_000))]);
  return async (): Promise<Readiness> => {
    if (cached && Date.now() - cached.at < READINESS_TTL_MS) return cached.value;
    const github = await withTimeout((await probot.auth()).request("GET /app"))
      .then(() => "credentials accepted")
      .catch((error: unknown) => `not ready: ${error instanceof Error ? error.message : String(error)}`);
    let redisState: string | undefined;
    if (redis) {
      // The app's own client: while it is reconnecting, a PING waits in its queue and times out here.
      redisState = await withTimeout(redis.ping())
        .then(() => "reachable")
        .catch((error: unknown) => `not reachable: ${error instanceof Error ? error.message : String(error)}`);
    }
    const value: Readiness = {
      ok: github === "credentials accepted" && (redisState === undefined || redisState === "reachable"),
      github,
      ...(redisState ? { redis: redisState } : {}),
    };
    cached = value.ok ? { at: Date.now(), value } : undefined;
    return value;
  };
}

export async function startServer(env: NodeJS.ProcessEnv = process.env): Promise<Server | undefined> {
  if (!env.APP_ID || !(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH)) {
    await run(createApp(), { env }); // Probot's setup page registers the app from app.yml
    return undefined;
  }
  const metrics = new Metrics();
  const probot = createProbot({
    env: { LOG_LEVEL: "info", ...env },
    overrides: { Octokit: octokitWithMetrics(metrics) },
  });
  // One client for the ledger, the locks and readiness; BullMQ and Probot's throttling keep their own.
  const redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: 3 }) : undefined;
  // Probot's logger exists once the middleware below has initialised it.
  redis?.on("error", (error) => probot.log?.warn({ err: error }, "Redis connection problem; retrying"));
  const closers: (() => Promise<void>)[] = [];
  const shipshape = createApp({ redis, metrics, onShutdown: (close) => closers.push(close) });
  const webhookPath = env.WEBHOOK_PATH || "/api/github/webhooks";
  const secret = env.WEBHOOK_SECRET ?? "";
  const middleware = await createNodeMiddleware(shipshape, { probot, webhooksPath: webhookPath });
  const log = probot.log.child({ name: "server" });
  const readiness = readinessCheck(probot, redis);

  const server = createServer(async (request, response) => {
    try {
      const path = (request.url ?? "/").split("?")[0];
      if (path === "/ping" || path === "/healthz") {
        // Liveness: the process answers.
        response.writeHead(200, { "content-type": "text/plain" }).end(path === "/ping" ? "PONG" : "ok");
        return;
      }
      if (path === "/metrics") {
        response.writeHead(200, { "content-type": metrics.registry.contentType }).end(await metrics.registry.metrics());
        return;
      }
      if (path === "/readyz") {
        const ready = await readiness();
        response.writeHead(ready.ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(ready));
        return;
      }
      if (path === webhookPath && request.method === "POST") {
        const declared = Number(request.headers["content-length"] ?? 0);
        if (declared > MAX_WEBHOOK_BYTES) return reply(response, 413, "payload too large");
        const body = await readBody(request, MAX_WEBHOOK_BYTES);
        const text = body.toString("utf8");
        const signature = String(request.headers["x-hub-signature-256"] ?? "");
        if (!signature || !(await verify(secret, text, signature).catch(() => false))) {
          // Who sent what is unknown: log what the headers claim, never the body.
          log.warn(
            { delivery: request.headers["x-github-delivery"], event: request.headers["x-github-event"] },
            "webhook refused: signature does not match",
          );
          return reply(response, 401, "signature does not match");
        }
        // The middleware reads a string body as it is (@octokit/webhooks' getPayload).
        (request as IncomingMessage & { body?: string }).body = text;
      }
      await middleware(request, response, () => reply(response, 404, "not found"));
    } catch (error) {
      if (error instanceof TooLargeError) return reply(response, 413, "payload too large");
      log.error({ err: error }, "request failed");
      reply(response, 500, "internal error");
    }
  });
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;

  const port = Number(env.PORT || 3000);
  const host = env.HOST || "localhost";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  log.info(`Listening on http://${host}:${port}`);

  // SIGTERM: stop taking webhooks and sweep jobs, let the running ones finish (a sweep job left
  // unfinished when the process is killed anyway is taken over by another replica), then exit.
  const stop = () => {
    log.info("stopping: finishing running work");
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const drainBound = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_DRAIN_MS).unref());
    // Each step is bounded: with Redis unreachable, BullMQ and ioredis would wait for it forever.
    const bounded = (work: Promise<unknown>) => Promise.race([work, drainBound]);
    Promise.allSettled([bounded(drained), ...closers.map((close) => bounded(close()))])
      .then(() => Promise.allSettled([closeEvaluationPool(), bounded(redis?.quit() ?? Promise.resolve())]))
      .finally(() => {
        server.closeAllConnections();
        process.exit(0);
      });
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return server;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.loadEnvFile();
  } catch {
    // no .env file: the environment is the configuration
  }
  startServer().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
