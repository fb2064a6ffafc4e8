import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";
import { verify } from "@octokit/webhooks-methods";
import { Redis } from "ioredis";
import { type DestinationStream, type Logger, pino } from "pino";
import { createNodeMiddleware, createProbot, run } from "probot";
import { createApp } from "./app.js";
import { Metrics, octokitWithMetrics } from "./fleet/metrics.js";
import { closeEvaluationPool } from "./isolation/evaluation-pool.js";

/**
 * `npm start`: the app behind Probot's own webhook middleware, configured by Probot's environment
 * variables (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, WEBHOOK_PATH, PORT, HOST,
 * LOG_LEVEL, GHE_HOST, GHE_PROTOCOL, REDIS_URL), with what `probot run` lacks in front of it: one
 * exact door (every other path is answered 404 before Probot, which normalises paths, sees it), a
 * body larger than GitHub ever sends refused before it is buffered, a budget for the bytes of all
 * unverified bodies in flight and a connection limit, the signature checked before anything reads
 * the payload, no payload ever logged, and slow clients timed out. Health and metrics are served on
 * a separate operations port. Without credentials, Probot's setup flow runs as with `probot run`.
 */

/** GitHub caps webhook payloads at 25 MB ("Webhook events and payloads": larger ones are not delivered). */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;
/** Bytes of not yet verified bodies held at once, across all connections; past it, 503. */
export const MAX_UNVERIFIED_BYTES = 64 * 1024 * 1024;
/** Open connections to the webhook port at once; Node closes the ones past it at once. */
export const MAX_CONNECTIONS = 512;
/** The operations port (health, metrics) when SHIPSHAPE_OPS_PORT is not set: Prometheus' exporter range. */
export const DEFAULT_OPS_PORT = 9464;
/** A request must arrive whole within this time (Node's default is 5 minutes). */
const REQUEST_TIMEOUT_MS = 30_000;
const HEADERS_TIMEOUT_MS = 15_000;
/** How long SIGTERM waits for webhooks being handled (Kubernetes' default grace period is 30 s). */
const SHUTDOWN_DRAIN_MS = 25_000;
/** Probot's default webhook secret (`probot/lib/probot.js`): public, so it proves nothing. */
const PROBOT_DEFAULT_SECRET = "development";

export interface Limits {
  /** The largest body accepted (GitHub's 25 MB). */
  bodyBytes: number;
  /** Unverified bytes in flight across all connections. */
  unverifiedBytes: number;
  /** Open connections to the webhook port. */
  connections: number;
}

const DEFAULT_LIMITS: Limits = {
  bodyBytes: MAX_WEBHOOK_BYTES,
  unverifiedBytes: MAX_UNVERIFIED_BYTES,
  connections: MAX_CONNECTIONS,
};

/** A configuration the server refuses to start with; its message says what to set. */
export class RefusedToStart extends Error {}

class TooLargeError extends Error {}
class OverBudgetError extends Error {}

/** Bytes of unverified bodies held by every connection together. */
export class ByteBudget {
  #held = 0;
  constructor(readonly limit: number) {}
  get held(): number {
    return this.#held;
  }
  take(bytes: number): boolean {
    if (this.#held + bytes > this.limit) return false;
    this.#held += bytes;
    return true;
  }
  release(bytes: number): void {
    this.#held = Math.max(0, this.#held - bytes);
  }
}

/**
 * The request body, counted against `budget` as it arrives: refused (TooLargeError) as soon as it
 * passes `max` bytes, or (OverBudgetError) when the budget has no room for its next chunk; the rest
 * is then discarded unread. The bytes stay counted until `release` is called.
 */
function readBody(
  request: IncomingMessage,
  max: number,
  budget: ByteBudget,
): Promise<{ body: Buffer; release: () => void }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const release = () => {
      budget.release(size);
      size = 0;
    };
    const refuse = (error: Error) => {
      request.removeAllListeners("data");
      chunks.length = 0;
      release();
      request.resume(); // drain without keeping anything
      reject(error);
    };
    request.on("data", (chunk: Buffer) => {
      if (size + chunk.length > max) return refuse(new TooLargeError());
      if (!budget.take(chunk.length)) return refuse(new OverBudgetError());
      size += chunk.length;
      chunks.push(chunk);
    });
    request.on("end", () => resolve({ body: Buffer.concat(chunks), release }));
    request.on("error", (error) => {
      release();
      reject(error);
    });
  });
}

function reply(response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  if (response.headersSent) return;
  response.writeHead(status, { "content-type": "application/json", connection: "close", ...headers });
  response.end(JSON.stringify({ error: message }));
}

/** What may be logged of a webhook event: which one it was, never its payload. */
function eventSummary(event: unknown): unknown {
  if (!event || typeof event !== "object") return event;
  const { id, name } = event as { id?: unknown; name?: unknown };
  return { id, name };
}

/**
 * pino serializers that keep webhook payloads out of every log line: Probot logs a failed delivery's
 * error with the event attached (`err.event.payload`, also inside an AggregateError's errors) and,
 * at debug level, `{ event }` for every delivery received.
 */
export const logSerializers = {
  err: (error: unknown) => {
    const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
    const strip = (value: Record<string, unknown>) => {
      if ("event" in value) value.event = eventSummary(value.event);
      if ("payload" in value) value.payload = "[not logged]";
    };
    if (serialized && typeof serialized === "object") {
      strip(serialized);
      const inner = serialized.aggregateErrors;
      if (Array.isArray(inner)) for (const each of inner) if (each && typeof each === "object") strip(each);
    }
    return serialized;
  },
  event: eventSummary,
  payload: () => "[not logged]",
};

/**
 * The app's logger, given to Probot so that its own lines go through the serializers too: pino
 * JSON lines on stdout (or `destination`).
 */
export function createLog(env: NodeJS.ProcessEnv, destination?: DestinationStream): Logger {
  const options = {
    level: env.LOG_LEVEL || "info",
    name: "probot",
    messageKey: env.LOG_MESSAGE_KEY || "msg",
    serializers: logSerializers,
  };
  return destination ? pino(options, destination) : pino(options);
}

export interface FrontDoor {
  webhookPath: string;
  secret: string;
  middleware: (request: IncomingMessage, response: ServerResponse, next: () => void) => unknown;
  log: Pick<Logger, "warn" | "error">;
  limits: Limits;
  budget: ByteBudget;
}

/**
 * The public port's request handler: `/ping`, and a POST to exactly the webhook path (no trailing
 * slash, dot segment, double slash, encoded character or query: the request target as sent must
 * equal it), whose body is bounded, counted against the budget and verified before Probot sees it.
 * Everything else is answered 404 here.
 */
export function frontDoor({ webhookPath, secret, middleware, log, limits, budget }: FrontDoor) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    try {
      if (request.url === "/ping") {
        response.writeHead(200, { "content-type": "text/plain" }).end("PONG");
        return;
      }
      if (request.url !== webhookPath || request.method !== "POST") return reply(response, 404, "not found");
      const declared = Number(request.headers["content-length"] ?? 0);
      if (declared > limits.bodyBytes) return reply(response, 413, "payload too large");
      if (declared > budget.limit - budget.held) return reply(response, 503, "busy", { "retry-after": "5" });
      const { body, release } = await readBody(request, limits.bodyBytes, budget);
      let verified: boolean;
      let text: string;
      try {
        text = body.toString("utf8");
        const signature = String(request.headers["x-hub-signature-256"] ?? "");
        verified = signature !== "" && (await verify(secret, text, signature).catch(() => false));
      } finally {
        release();
      }
      if (!verified) {
        // Who sent what is unknown: log what the headers claim, never the body.
        log.warn(
          { delivery: request.headers["x-github-delivery"], event: request.headers["x-github-event"] },
          "webhook refused: signature does not match",
        );
        return reply(response, 401, "signature does not match");
      }
      // The middleware reads a string body as it is (@octokit/webhooks' getPayload).
      (request as IncomingMessage & { body?: string }).body = text;
      await middleware(request, response, () => reply(response, 404, "not found"));
    } catch (error) {
      if (error instanceof TooLargeError) return reply(response, 413, "payload too large");
      if (error instanceof OverBudgetError) return reply(response, 503, "busy", { "retry-after": "5" });
      log.error({ err: error }, "request failed");
      reply(response, 500, "internal error");
    }
  };
}

export interface Readiness {
  ok: boolean;
  github: "credentials accepted" | "not ready";
  redis?: "reachable" | "not reachable";
}

/** How long a readiness answer is reused: probes come every few seconds, GitHub need not. */
export const READINESS_TTL_MS = 5_000;

/**
 * `check`, single-flight (callers during a check share it) and its answer, ready or not, reused
 * for `ttl`: any number of probes cost at most one check per `ttl`.
 */
export function cachedProbe<T>(check: () => Promise<T>, ttl = READINESS_TTL_MS, now = Date.now): () => Promise<T> {
  let cached: { at: number; value: T } | undefined;
  let pending: Promise<T> | undefined;
  return () => {
    if (cached && now() - cached.at < ttl) return Promise.resolve(cached.value);
    pending ??= check()
      .then((value) => {
        cached = { at: now(), value };
        return value;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}

/**
 * Readiness: GitHub accepts the app's credentials (`GET /app` with the app's JWT), and Redis
 * answers a PING when REDIS_URL is set. The answer names what is not ready; why goes to the log.
 */
function readinessCheck(
  probot: ReturnType<typeof createProbot>,
  redis: Redis | undefined,
  log: Pick<Logger, "warn">,
): () => Promise<Readiness> {
  const withTimeout = <T>(promise: Promise<T>) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timed out after 3 s")), 3_000);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  };
  return cachedProbe(async () => {
    const github = await withTimeout((async () => (await probot.auth()).request("GET /app"))())
      .then(() => "credentials accepted" as const)
      .catch((error: unknown) => {
        log.warn({ err: error }, "not ready: GitHub did not accept the app's credentials");
        return "not ready" as const;
      });
    let redisState: Readiness["redis"];
    if (redis) {
      // The app's own client: while it is reconnecting, a PING waits in its queue and times out here.
      redisState = await withTimeout(redis.ping())
        .then(() => "reachable" as const)
        .catch((error: unknown) => {
          log.warn({ err: error }, "not ready: Redis did not answer");
          return "not reachable" as const;
        });
    }
    return {
      ok: github === "credentials accepted" && (redisState === undefined || redisState === "reachable"),
      github,
      ...(redisState ? { redis: redisState } : {}),
    };
  });
}

export interface RunningServer {
  /** The public port: `/ping` and the webhook path. */
  webhooks: Server;
  /** The operations port: `/healthz`, `/readyz`, `/metrics`. */
  operations: Server;
  /** The unverified bytes in flight. */
  budget: ByteBudget;
  /** Stops taking requests, lets running work finish (bounded), closes Redis and the workers. */
  stop: () => Promise<void>;
}

export interface ServerOptions {
  /** Overrides the limits (tests). */
  limits?: Partial<Limits>;
}

/** Refuses a missing, empty or public webhook secret: anyone could sign webhooks with it. */
export function requireWebhookSecret(env: NodeJS.ProcessEnv): string {
  const secret = env.WEBHOOK_SECRET ?? "";
  if (secret.trim() === "" || secret === PROBOT_DEFAULT_SECRET)
    throw new RefusedToStart(
      `WEBHOOK_SECRET is ${secret === PROBOT_DEFAULT_SECRET ? `Probot's public default "${PROBOT_DEFAULT_SECRET}"` : "not set"}: ` +
        "set it to the webhook secret of the GitHub App (its settings page), or anyone could sign webhooks. Not starting.",
    );
  return secret;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
}

export async function startServer(
  env: NodeJS.ProcessEnv = process.env,
  options: ServerOptions = {},
): Promise<RunningServer | undefined> {
  if (!env.APP_ID || !(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH)) {
    await run(createApp(), { env }); // Probot's setup page registers the app from app.yml
    return undefined;
  }
  const secret = requireWebhookSecret(env);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const opsPort = Number(env.SHIPSHAPE_OPS_PORT || DEFAULT_OPS_PORT);
  if (!Number.isInteger(opsPort) || opsPort < 0 || opsPort > 65_535)
    throw new RefusedToStart(`SHIPSHAPE_OPS_PORT must be a port number, not "${env.SHIPSHAPE_OPS_PORT}"`);
  const metrics = new Metrics();
  const rootLog = createLog(env);
  const probot = createProbot({
    env: { ...env, WEBHOOK_SECRET: secret },
    overrides: { Octokit: octokitWithMetrics(metrics), log: rootLog },
  });
  const log = rootLog.child({ name: "server" });
  // One client for the ledger, the locks and readiness; BullMQ and Probot's throttling keep their own.
  const redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: 3 }) : undefined;
  redis?.on("error", (error) => log.warn({ err: error }, "Redis connection problem; retrying"));
  const closers: (() => Promise<void>)[] = [];
  const shipshape = createApp({ redis, metrics, onShutdown: (close) => closers.push(close) });
  const webhookPath = env.WEBHOOK_PATH || "/api/github/webhooks";
  const middleware = await createNodeMiddleware(shipshape, { probot, webhooksPath: webhookPath });
  const readiness = readinessCheck(probot, redis, log);

  const budget = new ByteBudget(limits.unverifiedBytes);
  const webhooks = createServer(frontDoor({ webhookPath, secret, middleware, log, limits, budget }));
  webhooks.requestTimeout = REQUEST_TIMEOUT_MS;
  webhooks.headersTimeout = HEADERS_TIMEOUT_MS;
  webhooks.maxConnections = limits.connections;

  const operations = createServer(async (request, response) => {
    try {
      const path = request.url;
      if (path === "/healthz") {
        // Liveness: the process answers.
        response.writeHead(200, { "content-type": "text/plain" }).end("ok");
      } else if (path === "/metrics") {
        response.writeHead(200, { "content-type": metrics.registry.contentType }).end(await metrics.registry.metrics());
      } else if (path === "/readyz") {
        const ready = await readiness();
        response.writeHead(ready.ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(ready));
      } else reply(response, 404, "not found");
    } catch (error) {
      log.error({ err: error }, "operations request failed");
      reply(response, 500, "internal error");
    }
  });
  operations.requestTimeout = REQUEST_TIMEOUT_MS;
  operations.headersTimeout = HEADERS_TIMEOUT_MS;

  const port = Number(env.PORT || 3000);
  const host = env.HOST || "localhost";
  await listen(webhooks, port, host);
  await listen(operations, opsPort, host);
  log.info(`Listening on http://${host}:${port}; health and metrics on http://${host}:${opsPort}`);

  // Stop taking webhooks and sweep jobs, let the running ones finish (a sweep job left unfinished
  // when the process is killed anyway is taken over by another replica).
  const stop = async () => {
    log.info("stopping: finishing running work");
    const drained = new Promise<void>((resolve) => webhooks.close(() => resolve()));
    webhooks.closeIdleConnections();
    operations.close();
    operations.closeAllConnections();
    const drainBound = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_DRAIN_MS).unref());
    // Each step is bounded: with Redis unreachable, BullMQ and ioredis would wait for it forever.
    const bounded = (work: Promise<unknown>) => Promise.race([work, drainBound]);
    await Promise.allSettled([bounded(drained), ...closers.map((close) => bounded(close()))]);
    await Promise.allSettled([closeEvaluationPool(), bounded(redis?.quit() ?? Promise.resolve())]);
    webhooks.closeAllConnections();
  };
  return { webhooks, operations, budget, stop };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.loadEnvFile();
  } catch {
    // no .env file: the environment is the configuration
  }
  startServer().then(
    (running) => {
      if (!running) return;
      // SIGTERM (or Ctrl-C): finish running work, then exit.
      const stop = () => void running.stop().finally(() => process.exit(0));
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
    },
    (error: unknown) => {
      console.error(error instanceof RefusedToStart ? error.message : error);
      process.exit(1);
    },
  );
}
