import { afterEach, describe, expect, it, vi } from "vitest";
import { Metrics, QUEUE_READ_TIMEOUT_MS, routeGroup } from "../src/fleet/metrics.js";

const core = (remaining: number, reset: number) => ({
  "x-ratelimit-remaining": String(remaining),
  "x-ratelimit-resource": "core",
  "x-ratelimit-reset": String(reset),
});

describe("GitHub request metrics", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("groups routes without owners, names or numbers, GraphQL on either host layout as one", () => {
    expect(routeGroup("https://api.github.com/repos/acme/api/issues/7/comments?per_page=100")).toBe("repos/issues");
    expect(routeGroup("http://ghe.example/api/v3/repos/acme/api/pulls/3/files")).toBe("repos/pulls");
    expect(routeGroup("https://api.github.com/graphql")).toBe("graphql");
    expect(routeGroup("http://ghe.example/api/graphql")).toBe("graphql");
  });

  it("keeps the REST rate limit's remaining apart from GraphQL's points", async () => {
    const metrics = new Metrics(() => 1_000_000);
    const gauge = async () =>
      /shipshape_github_rate_limit_remaining\{token="installation"\} (\d+)/.exec(await metrics.registry.metrics())?.[1];
    metrics.recordGitHubRequest("GET", "http://ghe/api/v3/repos/a/b/pulls", 200, core(4990, 2000), 7);
    metrics.recordGitHubRequest(
      "POST",
      "http://ghe/api/graphql",
      200,
      { "x-ratelimit-remaining": "4999", "x-ratelimit-resource": "graphql" },
      7,
    );
    expect(await gauge()).toBe("4990");
  });

  it("shows the lowest remaining across installations, never an installation id, and forgets a window that has reset", async () => {
    let now = 1_000_000;
    const metrics = new Metrics(() => now);
    metrics.recordGitHubRequest("GET", "http://ghe/api/v3/app", 200, core(4800, 5000));
    metrics.recordGitHubRequest("GET", "http://ghe/api/v3/repos/a/b/pulls", 200, core(4990, 3000), 31_337);
    metrics.recordGitHubRequest("GET", "http://ghe/api/v3/repos/c/d/pulls", 200, core(120, 2000), 42_424);
    const text = await metrics.registry.metrics();
    expect(text).toContain('shipshape_github_rate_limit_remaining{token="app"} 4800');
    expect(text).toContain('shipshape_github_rate_limit_remaining{token="installation"} 120');
    expect(text).not.toMatch(/31337|42424/);

    now = 2_500_000; // 42424's window reset at 2,000 s
    expect(await metrics.registry.metrics()).toContain(
      'shipshape_github_rate_limit_remaining{token="installation"} 4990',
    );
  });

  it("answers a scrape while Redis does not answer the sweep queue's counts", async () => {
    vi.useFakeTimers();
    const metrics = new Metrics();
    metrics.sweepJobCounts = () => new Promise(() => {}); // Redis down: the client waits forever
    const scrape = metrics.registry.metrics();
    await vi.advanceTimersByTimeAsync(QUEUE_READ_TIMEOUT_MS);
    const text = await scrape;
    expect(text).toContain("shipshape_deliveries_total");
    expect(text).not.toMatch(/^shipshape_sweep_jobs\{/m);
  });
});
