import type { GitHubSimulator } from "@shipshape/simulator";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";

/**
 * Octokit without its own retries and throttling, so that Shipshape's retry logic is what a test
 * exercises (a 502 is seen by the app, not retried out of sight). A function, so it wins over the
 * throttle options Probot itself merges in later.
 */
export const OCTOKIT_WITHOUT_RETRIES = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...(options.throttle as object), enabled: false },
}));

/** A Probot authenticated as the simulator's app, talking to it as to GitHub Enterprise Server. */
export function simulatorProbot(
  simulator: GitHubSimulator,
  options: { Octokit?: typeof OCTOKIT_WITHOUT_RETRIES } = {},
): Probot {
  const env = simulator.appEnvironment();
  return new Probot({
    appId: Number(env.APP_ID),
    privateKey: env.PRIVATE_KEY,
    baseUrl: `http://${env.GHE_HOST}/api/v3`,
    log: pino({ level: "silent" }),
    ...options,
  });
}
