import { describe, expect, it } from "vitest";
import { DEPLOYMENT_STATE_TTL_MS, FactCache, type SharedFacts } from "../src/github/fact-cache.js";
import type { ManifestDiff } from "../src/manifests/parse.js";

const repo = { owner: "acme", repo: "api" };
const change = (path: string) => ({ path, basePath: path, baseSha: "base", headSha: "abc" });

/** A shared store in memory, as Redis keeps it for replicas (expiry aside). */
function sharedStore(): SharedFacts & { keys: () => string[] } {
  const values = new Map<string, string>();
  return {
    get: async (key) => values.get(key) ?? null,
    set: async (key, value) => {
      values.set(key, value);
    },
    keys: () => [...values.keys()],
  };
}

describe("the fact cache", () => {
  it("trusts a successful deployment for good, and other states for a few minutes", async () => {
    const cache = new FactCache();
    await cache.rememberDeploymentState(repo, 1, "success", 0);
    await cache.rememberDeploymentState(repo, 2, "in_progress", 0);
    expect(await cache.deploymentState(repo, 1, DEPLOYMENT_STATE_TTL_MS * 100)).toBe("success");
    expect(await cache.deploymentState(repo, 2, DEPLOYMENT_STATE_TTL_MS - 1)).toBe("in_progress");
    expect(await cache.deploymentState(repo, 2, DEPLOYMENT_STATE_TTL_MS)).toBeUndefined();
    expect(await cache.deploymentState({ owner: "acme", repo: "web" }, 1)).toBeUndefined();
  });

  it("keeps a success when a later status arrives (a deployment whose history has a success is evidence)", async () => {
    const cache = new FactCache();
    await cache.rememberDeploymentState(repo, 1, "success", 0);
    await cache.rememberDeploymentState(repo, 1, "inactive", 10);
    expect(await cache.deploymentState(repo, 1, 20)).toBe("success");
  });

  it("lets a success replace an unfinished state", async () => {
    const cache = new FactCache();
    await cache.rememberDeploymentState(repo, 1, "in_progress", 0);
    await cache.rememberDeploymentState(repo, 1, "success", 10);
    expect(await cache.deploymentState(repo, 1, 20)).toBe("success");
  });

  it("remembers the newest judged state of a pull request, never an older one", async () => {
    const cache = new FactCache();
    await cache.rememberJudgedAt(repo, 7, "2026-11-26T10:00:00Z");
    await cache.rememberJudgedAt(repo, 7, "2026-11-26T09:00:00Z");
    expect(await cache.judgedAt(repo, 7)).toBe("2026-11-26T10:00:00Z");
    expect(await cache.judgedAt(repo, 8)).toBeUndefined();
  });

  it("lets a replica use what another replica read, through the shared store", async () => {
    const diff: ManifestDiff = {
      added: ["left-pad"],
      changes: [
        { name: "left-pad", kind: "added", dev: false, to: "^1" },
        { name: "vitest", kind: "version", dev: true, from: "^3", to: "^4" },
      ],
    };
    const shared = sharedStore();
    const first = new FactCache(shared);
    const second = new FactCache(shared);
    first.rememberManifestDiff(repo, change("package.json"), diff);
    await first.rememberDeploymentState(repo, 3, "success", 0);
    first.rememberConclusion(repo, "abc", "neutral");
    await new Promise((resolve) => setImmediate(resolve));
    expect(await second.manifestDiff(repo, change("package.json"))).toEqual(diff);
    expect(await second.deploymentState(repo, 3, DEPLOYMENT_STATE_TTL_MS * 10)).toBe("success");
    expect(await second.conclusionAt(repo, "abc")).toBe("neutral");
    expect(shared.keys()).toContain('fact:manifest-diff:acme/api@base..abc:["package.json","package.json"]');
  });

  it("reads back only what has the shape of a manifest's difference from the shared store", async () => {
    const shared = sharedStore();
    const key = (path: string) => `fact:manifest-diff:acme/api@base..abc:${JSON.stringify([path, path])}`;
    await shared.set(key("package.json"), JSON.stringify(["left-pad"]), 1000);
    await shared.set(
      key("Gemfile"),
      JSON.stringify({ added: ["rails"], changes: [{ name: "rails", kind: "added", dev: "no" }] }),
      1000,
    );
    const cache = new FactCache(shared);
    expect(await cache.manifestDiff(repo, change("package.json"))).toBeUndefined();
    expect(await cache.manifestDiff(repo, change("Gemfile"))).toBeUndefined();
  });

  it("treats a failing shared store as a miss, not an error", async () => {
    const broken: SharedFacts = {
      get: async () => {
        throw new Error("Redis is down");
      },
      set: async () => {
        throw new Error("Redis is down");
      },
    };
    const cache = new FactCache(broken);
    expect(await cache.templates(repo)).toBeUndefined();
    await cache.rememberTemplates(repo, ["## Rollback"]);
    // No copy of its own that could be older than what another replica wrote: a miss.
    expect(await cache.templates(repo)).toBeUndefined();
  });

  it("reads a judgement where the replicas share it: what another replica judged since replaces its own", async () => {
    const shared = sharedStore();
    const first = new FactCache(shared);
    const second = new FactCache(shared);
    const judged = (outcome: "pass" | "fail", id: number) => ({
      facts: `statuses-${outcome}`,
      results: [{ practice: "staging" as const, enforcement: "error" as const, outcome, summary: ["Deployed."] }],
      run: { id, digest: "d" },
    });
    await first.rememberJudgement("acme/api@abc#content", judged("pass", 1));
    expect((await first.judgement("acme/api@abc#content"))?.results[0]?.outcome).toBe("pass");
    await second.rememberJudgement("acme/api@abc#content", judged("fail", 1));
    expect((await first.judgement("acme/api@abc#content"))?.results[0]?.outcome).toBe("fail");
  });

  it("takes a malformed or forged shared value for a miss, and says so once per kind", async () => {
    const shared = sharedStore();
    const reports: string[] = [];
    const cache = new FactCache(shared, (kind) => reports.push(kind));
    // What an older Shipshape kept, or anything else able to write to Redis: a rendered check run.
    const forged = {
      judgement: { fixed: { conclusion: "success", title: "All good", summary: "", text: "", externalId: "x" } },
      run: { id: 1, externalId: "x", conclusion: "success", title: "All good", summary: "", text: "" },
    };
    await shared.set("fact:judgement:acme/api@abc#content", JSON.stringify(forged), 1000);
    await shared.set("fact:judgement:acme/api@abc#other", "{not json", 1000);
    await shared.set("fact:conclusion:acme/api@abc", JSON.stringify({ conclusion: 42 }), 1000);
    expect(await cache.judgement("acme/api@abc#content")).toBeUndefined();
    expect(await cache.judgement("acme/api@abc#other")).toBeUndefined();
    expect(await cache.conclusionAt(repo, "abc")).toBeUndefined();
    expect(reports).toEqual(["judgement", "conclusion"]);
  });
});
