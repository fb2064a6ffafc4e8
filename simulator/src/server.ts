import { createHash, generateKeyPairSync, type KeyObject, randomBytes, verify } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Fault, FaultPlan, faultResponse } from "./faults.js";
import { GraphqlEndpoint } from "./graphql.js";
import type { Urls } from "./present.js";
import { isPagedList, paginate, Router, type SimRequest, type SimResponse } from "./router.js";
import { registerRoutes } from "./routes.js";
import { SimStore, type SimUser } from "./store.js";

/** The REST prefix of GitHub Enterprise Server, which Probot uses with GHE_HOST. */
export const API_PREFIX = "/api/v3";
/**
 * GitHub's primary limit for an installation: 5,000 requests an hour, plus 50 per repository
 * beyond 20, up to 12,500.
 */
export function installationRateLimit(repositories: number): number {
  return Math.min(12_500, 5000 + 50 * Math.max(0, repositories - 20));
}

export interface RecordedCall {
  method: string;
  /** Below the API prefix, with the query string. */
  path: string;
  status: number;
  installationId?: number;
  /** Whether it counted against the installation's rate limit (a 304 does not). */
  counted: boolean;
  /** The top-level keys of a JSON request body, for checking them against GitHub's description. */
  bodyKeys?: string[];
  /** A GraphQL query's cost in points, counted against the installation's GraphQL limit. */
  points?: number;
}

/**
 * Whether a call changed something on GitHub: anything but a GET or a GraphQL query (which only
 * reads: the simulator answers no mutations), an installation token aside.
 */
export function isWrite(call: RecordedCall): boolean {
  return call.method !== "GET" && call.points === undefined && !call.path.includes("/access_tokens");
}

export interface SimulatorOptions {
  appId?: number;
  appSlug?: string;
  clock?: () => Date;
}

/**
 * An in-memory GitHub (Enterprise Server flavour) served over HTTP: the REST routes Shipshape
 * uses, app JWT and installation-token auth, pagination, raw contents, ETags, rate-limit
 * headers and injectable faults. Unknown routes answer 404 and are recorded.
 */
export class GitHubSimulator {
  readonly store: SimStore;
  readonly faults = new FaultPlan();
  readonly calls: RecordedCall[] = [];
  readonly unknownRoutes: string[] = [];
  /** The app's private key (PEM), for the app under test to sign its JWTs with. */
  readonly privateKey: string;
  readonly #publicKey: KeyObject;
  readonly #router = new Router();
  readonly #rateLimits = new Map<number, { used: number; resetAt: number }>();
  /** GraphQL points, a limit of their own ("The REST API also has a separate primary rate limit"). */
  readonly #graphqlPoints = new Map<number, { used: number; resetAt: number }>();
  readonly #graphql: GraphqlEndpoint;
  readonly #clock: () => Date;
  #server: Server | undefined;
  #port = 0;

  constructor(options: SimulatorOptions = {}) {
    const appId = options.appId ?? 1;
    const slug = options.appSlug ?? "shipshape";
    this.#clock = options.clock ?? (() => new Date());
    const botUser: SimUser = { login: `${slug}[bot]`, id: 9_000_000 + appId, type: "Bot" };
    this.store = new SimStore({ id: appId, slug, botUser }, this.#clock);
    const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.privateKey = keys.privateKey.export({ type: "pkcs1", format: "pem" }) as string;
    this.#publicKey = keys.publicKey;
    this.#graphql = new GraphqlEndpoint(this.store, () => this.urls);
    registerRoutes(
      this.#router,
      this.store,
      () => this.urls,
      (installationId) => this.#issueToken(installationId),
    );
  }

  get port(): number {
    return this.#port;
  }

  /** `host:port`, the value for GHE_HOST. */
  get host(): string {
    return `127.0.0.1:${this.#port}`;
  }

  get urls(): Urls {
    return { web: `http://${this.host}`, api: `http://${this.host}${API_PREFIX}` };
  }

  /** Probot's environment variables for an app that treats this simulator as its GitHub Enterprise Server. */
  appEnvironment(): { APP_ID: string; PRIVATE_KEY: string; GHE_HOST: string; GHE_PROTOCOL: "http" } {
    return {
      APP_ID: String(this.store.app.id),
      PRIVATE_KEY: this.privateKey,
      GHE_HOST: this.host,
      GHE_PROTOCOL: "http",
    };
  }

  async start(port = 0): Promise<void> {
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ message: String(error) }));
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(port, "127.0.0.1", resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.#server = undefined;
  }

  /** Starts every installation's rate-limit window afresh, as an hour passing does. */
  resetRateLimits(): void {
    this.#rateLimits.clear();
    this.#graphqlPoints.clear();
  }

  injectFault(fault: Fault): void {
    this.faults.add(fault);
  }

  /** Calls that changed something (see isWrite), for "nothing was written" assertions. */
  get writes(): RecordedCall[] {
    return this.calls.filter(isWrite);
  }

  #issueToken(installationId: number): { token: string; expires_at: string } {
    const token = `ghs_${randomBytes(18).toString("hex")}`;
    const expiresAt = this.#clock().getTime() + 3600_000;
    this.store.tokens.set(token, { installationId, expiresAt });
    return { token, expires_at: new Date(expiresAt).toISOString() };
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", this.urls.web);
    const method = request.method ?? "GET";
    const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) || "/" : url.pathname;
    const body = await readJson(request);
    const bodyKeys = body && typeof body === "object" && !Array.isArray(body) ? Object.keys(body) : undefined;
    const record = (status: number, installationId?: number, counted = false, points?: number) =>
      this.calls.push({
        method,
        path: `${path}${url.search}`,
        status,
        installationId,
        counted,
        ...(bodyKeys ? { bodyKeys } : {}),
        ...(points === undefined ? {} : { points }),
      });
    const send = (result: SimResponse, installationId?: number) => {
      const headers = {
        ...(installationId === undefined ? {} : this.#rateLimitHeaders(installationId, result.status !== 304)),
        ...result.headers,
      };
      const counted = installationId !== undefined && result.status !== 304;
      record(result.status, installationId, counted);
      writeResponse(response, result, headers);
    };

    // "Forming calls with GraphQL": `POST /graphql`; on Enterprise Server `POST /api/graphql`.
    if (method === "POST" && (path === "/graphql" || path === "/api/graphql")) {
      this.#answerGraphql(credential(request), body, response, (status, installationId, points) =>
        record(status, installationId, points > 0, points),
      );
      return;
    }

    const matched = this.#router.match(method, path);
    if (!matched) {
      this.unknownRoutes.push(`${method} ${path}`);
      send({ status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } });
      return;
    }

    // Authentication, as GitHub does it for apps: a JWT for /app routes, a token elsewhere.
    let installationId: number | undefined;
    const token = credential(request);
    if (matched.route.auth === "app") {
      if (!this.#verifyJwt(token)) {
        send({ status: 401, body: { message: "A JSON web token could not be decoded" } });
        return;
      }
    } else if (matched.route.auth === "installation") {
      installationId = this.#installationOf(token);
      if (installationId === undefined) {
        send({ status: 401, body: { message: "Bad credentials" } });
        return;
      }
      if (this.#rateLimit(installationId).used >= this.#limitOf(installationId)) {
        send(
          { status: 403, body: { message: `API rate limit exceeded for installation ID ${installationId}.` } },
          installationId,
        );
        return;
      }
    }

    const fault = this.faults.take(method, path);
    if (fault?.kind === "latency") await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 100));
    const injected = fault ? faultResponse(fault, Math.floor(this.#clock().getTime() / 1000)) : undefined;
    if (injected && !fault?.afterWrite) {
      send(injected, installationId);
      return;
    }

    const simRequest: SimRequest = {
      method,
      path,
      query: url.searchParams,
      headers: request.headers,
      body,
      params: matched.params,
    };
    if (installationId !== undefined) simRequest.installationId = installationId;
    if (matched.params.owner && matched.params.repo) {
      const repository = this.store.repository(matched.params.owner, matched.params.repo);
      if (repository && repository.installationId === installationId) simRequest.repository = repository;
    }
    const result = matched.route.handler(simRequest);
    if (injected) {
      // The write was saved, yet the client hears a 5xx (a timeout behind GitHub's front end):
      // "A POST answered 5xx may have been saved" — a blind retry would do it twice.
      send(injected, installationId);
      return;
    }
    const plain: SimResponse = isPagedList(result)
      ? { status: 200, ...paginate(result, url.searchParams, new URL(`${this.urls.api}${path}${url.search}`)) }
      : result;

    // Conditional requests ("Best practices for using the REST API": a 304 does not count against
    // the rate limit). GitHub's answers carry `Vary: Accept, Authorization, Cookie, X-GitHub-OTP`:
    // an ETag belongs to the credential it was served to, so a renewed installation token (they
    // last an hour) gets a 200 and a new ETag, not a 304.
    if (method === "GET" && plain.status === 200) {
      const etag = `W/"${createHash("sha1")
        .update(token)
        .update(String(request.headers.accept ?? ""))
        .update(JSON.stringify(plain.body ?? ""))
        .digest("hex")}"`;
      plain.headers = { ...plain.headers, etag, vary: "Accept, Authorization, Cookie, X-GitHub-OTP" };
      if (request.headers["if-none-match"] === etag) {
        send({ status: 304, headers: { etag } }, installationId);
        return;
      }
    }
    send(plain, installationId);
  }

  /**
   * A GraphQL call: an installation token is required, and the query's points count against the
   * installation's GraphQL limit (the same size as its REST one, "Rate limits and node limits for
   * the GraphQL API"), reported with `x-ratelimit-resource: graphql`.
   */
  #answerGraphql(
    token: string,
    body: unknown,
    response: ServerResponse,
    record: (status: number, installationId: number | undefined, points: number) => void,
  ): void {
    const installationId = this.#installationOf(token);
    if (installationId === undefined) {
      record(401, undefined, 0);
      writeResponse(
        response,
        { status: 401, body: { message: "Bad credentials", documentation_url: "https://docs.github.com/graphql" } },
        {},
      );
      return;
    }
    const fault = this.faults.take("POST", "/graphql");
    const injected = fault ? faultResponse(fault, Math.floor(this.#clock().getTime() / 1000)) : undefined;
    if (injected) {
      record(injected.status, installationId, 0);
      writeResponse(response, injected, injected.headers);
      return;
    }
    const window = this.#window(this.#graphqlPoints, installationId);
    const limit = this.#limitOf(installationId);
    const answer = this.#graphql.answer(body, installationId, {
      limit,
      used: window.used,
      remaining: Math.max(limit - window.used, 0),
      resetAt: window.resetAt,
    });
    window.used += answer.cost;
    record(200, installationId, answer.cost);
    writeResponse(
      response,
      { status: 200, body: answer.body },
      {
        "x-ratelimit-limit": String(limit),
        "x-ratelimit-remaining": String(Math.max(limit - window.used, 0)),
        "x-ratelimit-used": String(window.used),
        "x-ratelimit-reset": String(Math.floor(window.resetAt / 1000)),
        "x-ratelimit-resource": "graphql",
      },
    );
  }

  /** The installation an unexpired installation token belongs to. */
  #installationOf(token: string): number | undefined {
    const issued = this.store.tokens.get(token);
    return issued && issued.expiresAt >= this.#clock().getTime() ? issued.installationId : undefined;
  }

  #verifyJwt(jwt: string): boolean {
    const [header, payload, signature] = jwt.split(".");
    if (!header || !payload || !signature) return false;
    const valid = verify(
      "RSA-SHA256",
      Buffer.from(`${header}.${payload}`),
      this.#publicKey,
      Buffer.from(signature, "base64url"),
    );
    if (!valid) return false;
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { iss?: unknown; exp?: number };
    return (
      String(claims.iss) === String(this.store.app.id) && (claims.exp ?? 0) * 1000 > this.#clock().getTime() - 60_000
    );
  }

  #rateLimit(installationId: number): { used: number; resetAt: number } {
    return this.#window(this.#rateLimits, installationId);
  }

  /** The installation's current hour of a limit: what it used, and when the hour ends. */
  #window(
    windows: Map<number, { used: number; resetAt: number }>,
    installationId: number,
  ): { used: number; resetAt: number } {
    const now = this.#clock().getTime();
    let window = windows.get(installationId);
    if (!window || window.resetAt <= now) {
      window = { used: 0, resetAt: now + 3600_000 };
      windows.set(installationId, window);
    }
    return window;
  }

  #limitOf(installationId: number): number {
    return installationRateLimit(this.store.installations.get(installationId)?.repositories.length ?? 0);
  }

  #rateLimitHeaders(installationId: number, count: boolean): Record<string, string> {
    const limit = this.#rateLimit(installationId);
    if (count) limit.used++;
    return {
      "x-ratelimit-limit": String(this.#limitOf(installationId)),
      "x-ratelimit-remaining": String(Math.max(this.#limitOf(installationId) - limit.used, 0)),
      "x-ratelimit-used": String(limit.used),
      "x-ratelimit-reset": String(Math.floor(limit.resetAt / 1000)),
      "x-ratelimit-resource": "core",
    };
  }
}

/** The token or JWT of the `Authorization` header. */
function credential(request: IncomingMessage): string {
  return String(request.headers.authorization ?? "").replace(/^(bearer|token)\s+/i, "");
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function writeResponse(response: ServerResponse, result: SimResponse, headers: Record<string, string>): void {
  const isText = typeof result.body === "string";
  const contentType =
    headers["content-type"] ?? (isText ? "text/plain; charset=utf-8" : "application/json; charset=utf-8");
  const payload =
    result.status === 304 || result.body === undefined
      ? ""
      : isText
        ? (result.body as string)
        : JSON.stringify(result.body);
  response.writeHead(result.status, {
    ...headers,
    "content-type": contentType,
    "x-github-request-id": randomBytes(8).toString("hex"),
  });
  response.end(payload);
}
