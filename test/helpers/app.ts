import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { afterEach, beforeEach, expect } from "vitest";
import { type AppOptions, createApp } from "../../src/app.js";
import { APP_ID } from "./github-mock.js";
import { privateKey } from "./keys.js";
import { OCTOKIT_WITHOUT_RETRIES } from "./simulator-probot.js";

/**
 * The real app inside a real Probot, with Octokit's own retries and throttling off so that
 * Shipshape's retry logic is what the tests exercise, and waits recorded instead of slept.
 */
export async function createTestProbot(options: AppOptions = {}): Promise<{ probot: Probot; waits: number[] }> {
  const waits: number[] = [];
  const probot = new Probot({
    appId: APP_ID,
    privateKey,
    log: pino({ level: "silent" }),
    Octokit: OCTOKIT_WITHOUT_RETRIES,
  });
  await probot.load(
    createApp({
      sleep: async (milliseconds) => {
        waits.push(milliseconds);
      },
      sweepIntervalMs: 0,
      // These tests are about what the app writes, not the evaluation's deadline (the pool's own
      // tests are): a loaded machine (npm run test:load) gets longer than production's 5 s.
      evaluationDeadlineMs: 30_000,
      ...options,
    }),
  );
  return { probot, waits };
}

/** No real network; every mock must be used and every request must match a mock. */
export function useNock(): void {
  const unmatched: string[] = [];
  const onNoMatch = (request: { method?: string; path?: string }) =>
    unmatched.push(`${request.method} ${request.path}`);
  beforeEach(() => {
    nock.disableNetConnect();
    unmatched.length = 0;
    nock.emitter.on("no match", onNoMatch);
  });
  afterEach(() => {
    nock.emitter.removeListener("no match", onNoMatch);
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(unmatched, "requests no mock answered").toEqual([]);
    expect(pending, "mocks never requested").toEqual([]);
  });
}
