/** A fault the simulator injects on matching requests, for the next `times` of them. */
export interface Fault {
  method?: string;
  /** Matched against the path below /api/v3 (without the query string); GraphQL calls are `/graphql`. */
  path: RegExp | string;
  kind: "server-error" | "secondary-rate-limit" | "primary-rate-limit" | "forbidden" | "latency";
  /** For server-error: the status (default 500). */
  status?: number;
  /** For latency: how long to hold the request before answering it normally. */
  delayMs?: number;
  /** For rate limits: the Retry-After seconds, or seconds until the reset. */
  retryAfterSeconds?: number;
  /** For server-error on a write: the write is saved first, then the error is answered. */
  afterWrite?: boolean;
  times: number;
}

export interface FaultResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export class FaultPlan {
  readonly #faults: Fault[] = [];

  add(fault: Fault): void {
    this.#faults.push({ ...fault });
  }

  /** How many injected faults are still to be applied. */
  pending(): number {
    return this.#faults.reduce((sum, fault) => sum + fault.times, 0);
  }

  clear(): void {
    this.#faults.length = 0;
  }

  /** The fault to apply to this request, consuming one of its `times`. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.#faults.find(
      (candidate) =>
        candidate.times > 0 &&
        (!candidate.method || candidate.method === method) &&
        (typeof candidate.path === "string"
          ? path === candidate.path || path.startsWith(candidate.path)
          : candidate.path.test(path)),
    );
    if (fault) fault.times--;
    return fault;
  }
}

/** The answer GitHub gives for each kind of fault (latency has none: the request goes on). */
export function faultResponse(fault: Fault, nowSeconds: number): FaultResponse | undefined {
  const retryAfter = fault.retryAfterSeconds ?? 1;
  switch (fault.kind) {
    case "server-error":
      return { status: fault.status ?? 500, body: { message: "Server Error" }, headers: {} };
    case "secondary-rate-limit":
      return {
        status: 403,
        body: {
          message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
          documentation_url:
            "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        },
        headers: { "retry-after": String(retryAfter) },
      };
    case "primary-rate-limit":
      return {
        status: 403,
        body: {
          message: "API rate limit exceeded for installation.",
          documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
        },
        headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(nowSeconds + retryAfter) },
      };
    case "forbidden":
      return { status: 403, body: { message: "Resource not accessible by integration" }, headers: {} };
    case "latency":
      return undefined;
  }
}
