import type { Logger } from "probot";
import { httpStatus } from "./octokit.js";

export type Sleep = (milliseconds: number) => Promise<void>;

export const realSleep: Sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

export interface RetryOptions {
  sleep: Sleep;
  log: Logger;
  /** Gives up (and throws, logged) after this many attempts; writes are never dropped silently. */
  maxAttempts?: number;
  /** Upper bound of one wait, so a bogus reset header cannot park a handler for hours. */
  maxWaitMs?: number;
}

/**
 * Request options for every write: Probot's retry plugin (@octokit/plugin-retry) would re-send a
 * POST that met a 5xx at once, though GitHub may have saved it, and a second check run or issue
 * would appear. Writes go through `retryWrite` instead, the one retry policy, which looks first.
 */
export const NO_BLIND_RETRY = { request: { retries: 0 } } as const;

const DEFAULT_MAX_ATTEMPTS = 10;
const DEFAULT_MAX_WAIT_MS = 5 * 60_000;

/**
 * Runs a write, waiting out 5xx answers and rate limits (primary and secondary) and retrying.
 * Probot's own throttling drops a write that meets a secondary rate limit; this does not.
 */
export async function retryWrite<T>(
  what: string,
  write: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write(attempt);
    } catch (error) {
      const wait = retryDelay(error, attempt);
      if (wait === undefined || attempt >= maxAttempts) {
        options.log.error({ err: error, write: what, attempts: attempt }, "GitHub write failed");
        throw error;
      }
      const waitMs = Math.min(wait, maxWaitMs);
      options.log.warn({ write: what, status: httpStatus(error), attempt, waitMs }, "GitHub write deferred, retrying");
      await options.sleep(waitMs);
    }
  }
}

/** How long to wait before retrying, or undefined when the error is not worth retrying. */
export function retryDelay(error: unknown, attempt: number, now = Date.now()): number | undefined {
  const status = httpStatus(error);
  const headers = responseHeaders(error);
  const backoff = Math.min(1000 * 2 ** (attempt - 1), 60_000);
  const retryAfter = Number(headers["retry-after"]);
  if (status === 429 || (status === 403 && isRateLimited(error, headers))) {
    if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter * 1000;
    const reset = Number(headers["x-ratelimit-reset"]);
    if (headers["x-ratelimit-remaining"] === "0" && Number.isFinite(reset))
      return Math.max(reset * 1000 - now, 0) + 1000;
    return Math.max(backoff, 60_000); // GitHub asks for at least a minute when it gives no hint
  }
  if (status !== undefined && status >= 500)
    return Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : backoff;
  // A network error (no HTTP status at all) is transient too.
  if (
    status === undefined &&
    error instanceof Error &&
    /ECONNRESET|ECONNREFUSED|ETIMEDOUT|fetch failed|socket/i.test(error.message)
  ) {
    return backoff;
  }
  return undefined;
}

function isRateLimited(error: unknown, headers: Record<string, string | undefined>): boolean {
  if (headers["retry-after"] !== undefined || headers["x-ratelimit-remaining"] === "0") return true;
  const message = error instanceof Error ? error.message : "";
  return /rate limit/i.test(message);
}

function responseHeaders(error: unknown): Record<string, string | undefined> {
  if (error && typeof error === "object" && "response" in error) {
    const response = (error as { response?: { headers?: Record<string, string | undefined> } }).response;
    return response?.headers ?? {};
  }
  return {};
}
