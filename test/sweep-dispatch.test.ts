import type { Context } from "probot";
import { describe, expect, it } from "vitest";
import type { RepoRef } from "../src/github/octokit.js";
import { onInstallation, onPush, type SweepDispatch, sweepOnQueue } from "../src/handlers/sweep-events.js";
import { MemoryFreshness } from "../src/sweep/freshness.js";
import type { SweepServices } from "../src/sweep/sweep-repository.js";

const context = { id: "delivery-7", payload: { installation: { id: 42 } } } as unknown as Context;
const repos: RepoRef[] = [
  { owner: "acme", repo: "api" },
  { owner: "acme", repo: "web" },
];

describe("webhook sweeps with REDIS_URL", () => {
  it("go on the queue, one job per repository named by the delivery, asking for a full read", async () => {
    const enqueued: unknown[] = [];
    const fallback: SweepDispatch = async () => {
      throw new Error("swept in process");
    };
    const queue = Promise.resolve({
      enqueueRepository: async (request: object, reason: string) => {
        enqueued.push({ ...request, reason });
      },
    });
    await sweepOnQueue(queue, fallback)(context, repos);
    expect(enqueued).toEqual([
      { installationId: 42, owner: "acme", repo: "api", fullRead: true, reason: "delivery-7" },
      { installationId: 42, owner: "acme", repo: "web", fullRead: true, reason: "delivery-7" },
    ]);
  });

  it("run in this process when the queue could not start, rather than not at all", async () => {
    const swept: RepoRef[][] = [];
    const failed = Promise.reject(new Error("ERR unknown command 'XADD'"));
    await sweepOnQueue(failed, async (_context, list) => {
      swept.push([...list]);
    })(context, repos);
    expect(swept).toEqual([repos]);
  });
});

describe("webhooks that change what a repository's last full read stands on", () => {
  const DAY = 86_400_000;
  const readAt = new Date("2026-11-02T09:00:00Z");
  const webhookAt = new Date(readAt.getTime() + 3_600_000);
  const sweepAt = new Date(readAt.getTime() + 2 * 3_600_000);
  /** Every repository read in full an hour before the webhook; the sweep the webhook asks for never runs (a lost job). */
  const setup = async () => {
    const freshness = new MemoryFreshness(DAY);
    for (const repo of ["acme/api", "acme/.github", "other/api"]) await freshness.read(repo, readAt);
    await freshness.defaultsRead("acme", readAt);
    const services = { freshness, now: () => webhookAt } as unknown as SweepServices;
    const swept: RepoRef[] = [];
    const dispatch: SweepDispatch = async (_context, list) => {
      swept.push(...list);
    };
    const standing = async (repo: string) => (await freshness.assess(repo, sweepAt)).standingSince !== undefined;
    return { freshness, services, dispatch, swept, standing };
  };
  const push = (repo: string, files: string[], ref = "refs/heads/main") => {
    const [owner, name] = repo.split("/") as [string, string];
    return {
      payload: {
        ref,
        repository: { name, default_branch: "main", owner: { login: owner } },
        commits: [{ added: [], removed: [], modified: files }],
      },
      repo: () => ({ owner, repo: name }),
    } as unknown as Context<"push">;
  };

  it("a push to the organisation's .github config: no repository of the organisation stands, others do", async () => {
    const { freshness, services, dispatch, standing } = await setup();
    await onPush(services, dispatch)(push("acme/.github", [".github/shipshape-defaults.yml"]));
    expect(await standing("acme/api")).toBe(false);
    expect((await freshness.assessDefaults("acme", sweepAt)).standingSince).toBeUndefined();
    expect(await standing("other/api")).toBe(true);
  });

  it("a push elsewhere in the .github repository, or to another branch, leaves the organisation's reads standing", async () => {
    const { services, dispatch, standing, swept } = await setup();
    await onPush(services, dispatch)(push("acme/.github", ["profile/README.md"]));
    await onPush(services, dispatch)(push("acme/.github", [".github/shipshape.yml"], "refs/heads/draft"));
    await onPush(services, dispatch)(push("acme/api", ["src/index.ts"]));
    expect(await standing("acme/api")).toBe(true);
    expect(swept).toEqual([]);
  });

  it("a repository added to the installation is read in full by the next sweep, even if the sweep asked for now never runs", async () => {
    const { services, dispatch, standing, swept } = await setup();
    const added = {
      payload: {
        installation: { account: { login: "acme" } },
        repositories_added: [{ name: "api", full_name: "acme/api" }],
      },
    } as unknown as Context<"installation_repositories.added">;
    await onInstallation(services, dispatch)(added);
    expect(swept).toEqual([{ owner: "acme", repo: "api" }]);
    expect(await standing("acme/api")).toBe(false);
    expect(await standing("acme/.github")).toBe(true);
  });
});
