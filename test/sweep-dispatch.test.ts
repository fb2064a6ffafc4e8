import type { Context } from "probot";
import { describe, expect, it } from "vitest";
import type { RepoRef } from "../src/github/octokit.js";
import { type SweepDispatch, sweepOnQueue } from "../src/handlers/sweep-events.js";

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
