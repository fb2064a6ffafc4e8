import { ProbotOctokit } from "probot";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { restoreThrottleRecovery } from "./throttle-recovery.js";

/** How long a scrape waits for the sweep queue's counts (Redis) before leaving them out. */
export const QUEUE_READ_TIMEOUT_MS = 1_000;

/**
 * What `/metrics` shows Prometheus (prom-client). A registry per app, not prom-client's global
 * one, so that tests and the benchmark can run several apps in one process. No installation id,
 * owner, repository name or number is a label value.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly deliveries = new Counter({
    name: "shipshape_deliveries_total",
    help: "Webhook deliveries handled, by event and outcome (handled, duplicate, failed).",
    labelNames: ["event", "outcome"] as const,
    registers: [this.registry],
  });

  readonly evaluationSeconds = new Histogram({
    name: "shipshape_evaluation_duration_seconds",
    help: "Time to evaluate one pull request's practices, queue wait included.",
    labelNames: ["outcome"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly githubRequests = new Counter({
    name: "shipshape_github_requests_total",
    help: "Requests to GitHub by route group (the path's first segments) and HTTP status; 304s cost no rate limit.",
    labelNames: ["route", "status"] as const,
    registers: [this.registry],
  });

  readonly notModifiedShare = new Gauge({
    name: "shipshape_github_not_modified_ratio",
    help: "Share of GitHub reads answered 304 Not Modified since start.",
    registers: [this.registry],
    // prom-client calls `collect` on each scrape: the share is computed then.
    collect: () => {
      this.notModifiedShare.set(this.#reads === 0 ? 0 : this.#notModified / this.#reads);
    },
  });

  readonly rateLimitRemaining = new Gauge({
    name: "shipshape_github_rate_limit_remaining",
    help: "The lowest x-ratelimit-remaining GitHub last sent, by token: the app's own, or the lowest across installations whose window has not reset.",
    labelNames: ["token"] as const,
    registers: [this.registry],
    collect: () => {
      this.rateLimitRemaining.reset();
      if (this.#appRemaining !== undefined) this.rateLimitRemaining.set({ token: "app" }, this.#appRemaining);
      const lowest = this.#lowestInstallationRemaining();
      if (lowest !== undefined) this.rateLimitRemaining.set({ token: "installation" }, lowest);
    },
  });

  readonly sweepJobs = new Gauge({
    name: "shipshape_sweep_jobs",
    help: "Sweep jobs on the shared queue by state (with REDIS_URL); none while Redis does not answer.",
    labelNames: ["state"] as const,
    registers: [this.registry],
    collect: async () => {
      // A scrape must answer while Redis does not: the read is given up after a second.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), QUEUE_READ_TIMEOUT_MS);
      });
      const counts = await Promise.race([this.sweepJobCounts?.().catch(() => undefined), timeout]);
      clearTimeout(timer);
      this.sweepJobs.reset();
      for (const [state, count] of Object.entries(counts ?? {})) this.sweepJobs.set({ state }, count);
    },
  });

  /** Where the queue gauges are read from on a scrape, when sweeps run on a queue. */
  sweepJobCounts?: () => Promise<Record<string, number>>;

  readonly sweepJobSeconds = new Histogram({
    name: "shipshape_sweep_job_duration_seconds",
    help: "Duration of sweep jobs by kind (plan, repository, rollup) and outcome.",
    labelNames: ["job", "outcome"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });

  #reads = 0;
  #notModified = 0;
  #appRemaining: number | undefined;
  /** Each installation's last remaining and when its window resets (epoch seconds), for the lowest. */
  readonly #installationRemaining = new Map<number, { remaining: number; resetsAt: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  #lowestInstallationRemaining(): number | undefined {
    let lowest: number | undefined;
    const nowSeconds = this.#now() / 1000;
    for (const [installation, { remaining, resetsAt }] of this.#installationRemaining) {
      // A window that has reset says nothing any more (GitHub's limit is per hour per installation).
      if (resetsAt <= nowSeconds) this.#installationRemaining.delete(installation);
      else if (lowest === undefined || remaining < lowest) lowest = remaining;
    }
    return lowest;
  }

  /** `evaluate`, its duration observed by outcome: evaluated, or cut off (deadline) or failed. */
  timed<A extends unknown[], R>(evaluate: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args) => {
      const stop = this.evaluationSeconds.startTimer();
      try {
        const results = await evaluate(...args);
        stop({ outcome: "evaluated" });
        return results;
      } catch (error) {
        stop({ outcome: "cut off or failed" });
        throw error;
      }
    };
  }

  /** Counts one GitHub response (or error with a status). */
  recordGitHubRequest(
    method: string,
    url: string,
    status: number,
    headers: Record<string, unknown>,
    installation?: number,
  ) {
    this.githubRequests.inc({ route: routeGroup(url), status: String(status) });
    if (method === "GET") {
      this.#reads++;
      if (status === 304) this.#notModified++;
    }
    const remaining = Number(headers["x-ratelimit-remaining"]);
    // GraphQL's points are a limit of their own (`x-ratelimit-resource: graphql`): the gauge is the REST one.
    const resource = headers["x-ratelimit-resource"];
    if (!Number.isFinite(remaining) || (resource !== undefined && resource !== "core")) return;
    if (!installation) {
      this.#appRemaining = remaining;
      return;
    }
    // x-ratelimit-reset: the window's end in UTC epoch seconds ("Rate limits for the REST API",
    // https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#checking-the-status-of-your-rate-limit).
    const reset = Number(headers["x-ratelimit-reset"]);
    const resetsAt = Number.isFinite(reset) ? reset : this.#now() / 1000 + 3600;
    this.#installationRemaining.set(installation, { remaining, resetsAt });
  }
}

/**
 * A route's group for a label: `/repos/{owner}/{repo}/issues/7/comments` → `repos/issues`. Owners,
 * names and numbers stay out of labels (unbounded label values would grow Prometheus without end).
 */
export function routeGroup(url: string): string {
  const path =
    url
      .replace(/^https?:\/\/[^/]+/, "")
      .replace(/^\/api\/v3/, "")
      .replace(/^\/api\/graphql/, "/graphql")
      .split("?")[0] ?? "";
  const segments = path.split("/").filter(Boolean);
  if (segments[0] === "repos") return ["repos", segments[3]].filter(Boolean).join("/");
  return (
    segments
      .slice(0, 2)
      .filter((segment) => !/^\d+$/.test(segment))
      .join("/") || "root"
  );
}

/**
 * Probot's Octokit, counting every response into `metrics` (a plugin: Octokit's documented
 * `hook.after` / `hook.error` on "request", https://github.com/octokit/core.js#hooks), and with
 * the shared throttling's recovery from an emptied Redis restored (see throttle-recovery.ts).
 */
export function octokitWithMetrics(metrics: Metrics): typeof ProbotOctokit {
  return ProbotOctokit.plugin((octokit, options) => {
    restoreThrottleRecovery(
      (options as { throttle?: { connection?: Parameters<typeof restoreThrottleRecovery>[0] } }).throttle?.connection,
    );
    const installation = (options as { auth?: { installationId?: number } }).auth?.installationId;
    octokit.hook.after("request", (response, request) => {
      metrics.recordGitHubRequest(request.method, request.url, response.status, response.headers, installation);
    });
    octokit.hook.error("request", (error, request) => {
      const status = (error as { status?: number }).status ?? 0;
      const headers = (error as { response?: { headers?: Record<string, unknown> } }).response?.headers ?? {};
      metrics.recordGitHubRequest(request.method, request.url, status, headers, installation);
      throw error;
    });
  }) as typeof ProbotOctokit;
}
