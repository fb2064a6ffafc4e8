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

  it("keeps a success when a later status arrives (a deployment whose history has a success is evidence)", () => {
    const cache = new FactCache();
    cache.rememberDeploymentState(repo, 1, "success", 0);
    cache.rememberDeploymentState(repo, 1, "inactive", 10);
    expect(cache.deploymentState(repo, 1, 20)).toBe("success");
  });

  it("lets a success replace an unfinished state", () => {
    const cache = new FactCache();
    cache.rememberDeploymentState(repo, 1, "in_progress", 0);
    cache.rememberDeploymentState(repo, 1, "success", 10);
    expect(cache.deploymentState(repo, 1, 20)).toBe("success");
  });

  it("remembers the newest judged state of a pull request, never an older one", () => {
    const cache = new FactCache();
    cache.rememberJudgedAt(repo, 7, "2026-11-26T10:00:00Z");
    cache.rememberJudgedAt(repo, 7, "2026-11-26T09:00:00Z");
    expect(cache.judgedAt(repo, 7)).toBe("2026-11-26T10:00:00Z");
    expect(cache.judgedAt(repo, 8)).toBeUndefined();
  });
});
