import { describe, expect, it } from "vitest";
import { Metrics, routeGroup } from "../src/fleet/metrics.js";

describe("GitHub request metrics", () => {
  it("groups routes without owners, names or numbers, GraphQL on either host layout as one", () => {
    expect(routeGroup("https://api.github.com/repos/acme/api/issues/7/comments?per_page=100")).toBe("repos/issues");
    expect(routeGroup("http://ghe.example/api/v3/repos/acme/api/pulls/3/files")).toBe("repos/pulls");
    expect(routeGroup("https://api.github.com/graphql")).toBe("graphql");
    expect(routeGroup("http://ghe.example/api/graphql")).toBe("graphql");
  });

  it("keeps the REST rate limit's remaining apart from GraphQL's points", async () => {
    const metrics = new Metrics();
    const gauge = async () =>
      /shipshape_github_rate_limit_remaining\{installation="7"\} (\d+)/.exec(await metrics.registry.metrics())?.[1];
    metrics.recordGitHubRequest(
      "GET",
      "http://ghe/api/v3/repos/a/b/pulls",
      200,
      { "x-ratelimit-remaining": "4990", "x-ratelimit-resource": "core" },
      7,
    );
    metrics.recordGitHubRequest(
      "POST",
      "http://ghe/api/graphql",
      200,
      { "x-ratelimit-remaining": "4999", "x-ratelimit-resource": "graphql" },
      7,
    );
    expect(await gauge()).toBe("4990");
  });
});
