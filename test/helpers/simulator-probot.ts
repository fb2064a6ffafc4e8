import type { GitHubSimulator } from "@shipshape/simulator";
import { pino } from "pino";
import { Probot } from "probot";

/** A Probot authenticated as the simulator's app, talking to it as to GitHub Enterprise Server. */
export function simulatorProbot(simulator: GitHubSimulator): Probot {
  const env = simulator.appEnvironment();
  return new Probot({
    appId: Number(env.APP_ID),
    privateKey: env.PRIVATE_KEY,
    baseUrl: `http://${env.GHE_HOST}/api/v3`,
    log: pino({ level: "silent" }),
  });
}
