import { getPrivateKey } from "@probot/get-private-key";
import { pino } from "pino";
import { Probot, type ProbotOctokit } from "probot";
import { KeyedLock } from "../coordination/keyed-lock.js";
import { appIdentityResolver } from "../github/app-identity.js";
import { BatchedLists } from "../github/batched-lists.js";
import { ConditionalReader } from "../github/conditional-reader.js";
import { FactCache } from "../github/fact-cache.js";
import { httpStatus, type Octokit } from "../github/octokit.js";
import { realSleep } from "../github/retry-write.js";
import { sweepAllInstallations } from "./scheduler.js";
import {
  describeOutcome,
  installationRepositories,
  type RepositoryOutcome,
  sweepRepositories,
} from "./sweep-installation.js";
import type { SweepServices } from "./sweep-repository.js";

/** What a sweep outside the webhook server (the CLI, the benchmark) needs, fresh for one process. */
export function createSweepServices(probot: Probot, now: () => Date = () => new Date()): SweepServices {
  return {
    reader: new ConditionalReader(() => now().getTime()),
    cache: new FactCache(),
    locks: new KeyedLock(),
    sleep: realSleep,
    identity: appIdentityResolver(probot),
    now,
    lists: new BatchedLists(probot.log),
  };
}

/**
 * `shipshape sweep [owner/repo]`: authenticates as the app with the same environment variables as
 * `npm start` (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, GHE_HOST, GHE_PROTOCOL, LOG_LEVEL) and
 * sweeps one repository, or every installation's repositories.
 */
export async function runSweep(
  target: string | undefined,
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
  now: () => Date = () => new Date(),
  /** Probot's Octokit by default (paced writes); the tests pass one without pacing. */
  Octokit?: typeof ProbotOctokit,
): Promise<number> {
  const appId = Number(env.APP_ID);
  const privateKey = getPrivateKey({ env });
  if (!appId || !privateKey) {
    out("shipshape sweep: set APP_ID and PRIVATE_KEY or PRIVATE_KEY_PATH (as for npm start)");
    return 2;
  }
  const baseUrl = env.GHE_HOST ? `${env.GHE_PROTOCOL || "https"}://${env.GHE_HOST}/api/v3` : undefined;
  const log = pino({ level: env.LOG_LEVEL || "warn" }, pino.destination(2));
  const probot = new Probot({
    appId,
    privateKey,
    log,
    ...(baseUrl ? { baseUrl } : {}),
    ...(Octokit ? { Octokit } : {}),
  });
  const services = createSweepServices(probot, now);

  let outcomes: RepositoryOutcome[];
  if (target) {
    const [owner, repo] = target.split("/");
    if (!owner || !repo) {
      out(`shipshape sweep: "${target}" is not of the form owner/repo`);
      return 2;
    }
    const installationId = await installationFor(probot, owner, repo);
    if (installationId === undefined) {
      out(`${owner}/${repo}: failed: the app is not installed on this repository`);
      return 1;
    }
    const octokit = (await probot.auth(installationId)) as Octokit;
    outcomes = await sweepRepositories(octokit, [{ owner, repo }], services, log);
  } else {
    outcomes = await sweepAllInstallations(probot, services);
  }
  for (const outcome of outcomes) out(describeOutcome(outcome));
  return outcomes.some((outcome) => !outcome.ok) ? 1 : 0;
}

/** The installation that covers a repository: asked directly, else found by the owner's account. */
async function installationFor(probot: Probot, owner: string, repo: string): Promise<number | undefined> {
  const appOctokit = await probot.auth();
  try {
    return (await appOctokit.rest.apps.getRepoInstallation({ owner, repo })).data.id;
  } catch (error) {
    if (httpStatus(error) !== 404) throw error;
  }
  const installations = (await appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 })) as {
    id: number;
    account: { login?: string } | null;
  }[];
  const match = installations.find(
    (installation) => installation.account?.login?.toLowerCase() === owner.toLowerCase(),
  );
  if (!match) return undefined;
  // The account's installation may still not include this repository (selected repositories).
  const octokit = (await probot.auth(match.id)) as Octokit;
  const repos = await installationRepositories(octokit);
  return repos.some(
    (candidate) =>
      candidate.owner.toLowerCase() === owner.toLowerCase() && candidate.repo.toLowerCase() === repo.toLowerCase(),
  )
    ? match.id
    : undefined;
}
