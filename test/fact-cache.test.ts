import { describe, expect, it } from "vitest";
import { DEPLOYMENT_STATE_TTL_MS, FactCache } from "../src/github/fact-cache.js";

const repo = { owner: "acme", repo: "api" };

describe("the fact cache", () => {
  it("trusts a successful deployment for good, and other states for a few minutes", () => {
    const cache = new FactCache();
    cache.rememberDeploymentState(repo, 1, "success", 0);
    cache.rememberDeploymentState(repo, 2, "in_progress", 0);
    expect(cache.deploymentState(repo, 1, DEPLOYMENT_STATE_TTL_MS * 100)).toBe("success");
    expect(cache.deploymentState(repo, 2, DEPLOYMENT_STATE_TTL_MS - 1)).toBe("in_progress");
    expect(cache.deploymentState(repo, 2, DEPLOYMENT_STATE_TTL_MS)).toBeUndefined();
    expect(cache.deploymentState({ owner: "acme", repo: "web" }, 1)).toBeUndefined();
  });

  it("lets a newer state replace a success", () => {
    const cache = new FactCache();
    cache.rememberDeploymentState(repo, 1, "success", 0);
    cache.rememberDeploymentState(repo, 1, "failure", 10);
    expect(cache.deploymentState(repo, 1, 20)).toBe("failure");
  });
});
