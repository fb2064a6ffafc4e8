import type { GitHubSimulator } from "@shipshape/simulator";
import { pino } from "pino";
import { Probot } from "probot";
import { UNPACED } from "../demo/start-app.js";
import { createSweepServices } from "../src/sweep/cli-sweep.js";
import type { Freshness } from "../src/sweep/freshness.js";
import { sweepAllInstallations } from "../src/sweep/scheduler.js";

/**
 * The scheduled sweep of every installation, as the running app does it, kept across runs
 * (ETags and all). `renewTokens` starts a sweep with new installation tokens, as an hourly
 * schedule does in production: GitHub's tokens last an hour, and its ETags belong to the token.
 */
export async function unpacedSweepDriver(
  simulator: GitHubSimulator,
  options: { freshness?: Freshness; now?: () => Date } = {},
) {
  const probot = () =>
    new Probot({
      appId: simulator.store.app.id,
      privateKey: simulator.privateKey,
      baseUrl: simulator.urls.api,
      log: pino({ level: "silent" }),
      Octokit: UNPACED,
    });
  let current = probot();
  const { lists, ...base } = createSweepServices(current, options.now);
  const withFreshness = { ...base, ...(options.freshness ? { freshness: options.freshness } : {}) };
  return {
    /**
     * `batched: false` reads a reconcile's lists through REST, as before GraphQL batching, for
     * comparing the two in one run.
     */
    async sweepAll({ renewTokens = false, batched = true } = {}) {
      if (renewTokens) current = probot();
      const services = batched && lists ? { ...withFreshness, lists } : withFreshness;
      const before = simulator.calls.length;
      const started = performance.now();
      const outcomes = await sweepAllInstallations(current, services);
      const failed = outcomes.filter((outcome) => !outcome.ok);
      if (failed.length > 0) throw new Error(`${failed.length} repositories failed to sweep`);
      return {
        seconds: Math.round((performance.now() - started) / 100) / 10,
        calls: simulator.calls.slice(before).filter((call) => !call.path.includes("/access_tokens")),
        outcomes: outcomes.length,
      };
    },
  };
}
