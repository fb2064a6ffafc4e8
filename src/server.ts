import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";
import { verify } from "@octokit/webhooks-methods";
import { Redis } from "ioredis";
import { createNodeMiddleware, createProbot, run } from "probot";
import { createApp } from "./app.js";
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
function readinessCheck(probot: ReturnType<typeof createProbot>, redisUrl: string | undefined) {
  let cached: { at: number; value: Readiness } | undefined;
  const redis = redisUrl
    ? new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false })
    : undefined;
  redis?.on("error", () => {}); // the readiness answer says it; the client reconnects by itself
  const withTimeout = <T>(promise: Promise<T>) =>
    Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), 3_000))]);
  return async (): Promise<Readiness> => {
    if (cached && Date.now() - cached.at < READINESS_TTL_MS) return cached.value;
    const github = await withTimeout((await probot.auth()).request("GET /app"))
      .then(() => "credentials accepted")
      .catch((error: unknown) => `not ready: ${error instanceof Error ? error.message : String(error)}`);
    let redisState: string | undefined;
    if (redis) {
      if (redis.status === "wait" || redis.status === "end") await redis.connect().catch(() => undefined);
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
  const app = createApp();
  if (!env.APP_ID || !(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH)) {
    await run(app, { env }); // Probot's setup page registers the app from app.yml
    return undefined;
  }
  const probot = createProbot({ env: { LOG_LEVEL: "info", ...env } });
  const webhookPath = env.WEBHOOK_PATH || "/api/github/webhooks";
  const secret = env.WEBHOOK_SECRET ?? "";
  const middleware = await createNodeMiddleware(app, { probot, webhooksPath: webhookPath });
  const log = probot.log.child({ name: "server" });
  const readiness = readinessCheck(probot, env.REDIS_URL);

  const server = createServer(async (request, response) => {
    try {
      const path = (request.url ?? "/").split("?")[0];
      if (path === "/ping" || path === "/healthz") {
        // Liveness: the process answers.
        response.writeHead(200, { "content-type": "text/plain" }).end(path === "/ping" ? "PONG" : "ok");
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

  const stop = () => {
    log.info("stopping");
    server.close(() => {
      closeEvaluationPool().finally(() => process.exit(0));
    });
    server.closeAllConnections();
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
