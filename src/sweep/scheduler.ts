import ms from "ms";
import type { Logger, Probot } from "probot";
import type { Octokit } from "../github/octokit.js";
import { DEFAULT_RECONCILE_INTERVAL } from "./freshness.js";
import { installationRepositories, sweepRepositories } from "./sweep-installation.js";
import type { SweepServices } from "./sweep-repository.js";

export const DEFAULT_SWEEP_INTERVAL = "1h";

/** `SHIPSHAPE_SWEEP_INTERVAL`: a duration such as `1h` or `30m`; `0` turns the schedule off. */
export function sweepIntervalMs(value: string | undefined, log: Logger): number {
  return intervalFromEnvironment("SHIPSHAPE_SWEEP_INTERVAL", value, DEFAULT_SWEEP_INTERVAL, log);
}

/**
 * `SHIPSHAPE_RECONCILE_INTERVAL`: how long a repository's last full read stands when no webhook
 * says it changed (`24h` by default); `0` reads every repository in full on every sweep.
 */
export function reconcileIntervalMs(value: string | undefined, log: Logger): number {
  return intervalFromEnvironment("SHIPSHAPE_RECONCILE_INTERVAL", value, DEFAULT_RECONCILE_INTERVAL, log);
}

function intervalFromEnvironment(name: string, value: string | undefined, fallback: string, log: Logger): number {
  if (value === undefined || value.trim() === "") return ms(fallback as ms.StringValue);
  if (value.trim() === "0") return 0;
  const parsed = ms(value.trim() as ms.StringValue);
  if (typeof parsed !== "number" || !Number.isFinite(parsed) || parsed <= 0) {
    log.error({ [name]: value }, `${name} is not a duration; using ${fallback}`);
    return ms(fallback as ms.StringValue);
  }
  return parsed;
}

/**
 * Sweeps every installation's repositories every `intervalMs` (±10 % jitter, so that many
 * instances do not align), one sweep at a time. The first sweep runs one interval after start;
 * installation events sweep new repositories right away.
 */
export function startSweepSchedule(app: Probot, services: SweepServices, intervalMs: number): { stop: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    const jitter = intervalMs * 0.1 * (Math.random() * 2 - 1);
    timer = setTimeout(run, Math.max(intervalMs + jitter, 1000));
    timer.unref();
  };
  const run = async () => {
    try {
      await sweepAllInstallations(app, services);
    } catch (error) {
      app.log.error({ err: error }, "scheduled sweep failed");
    }
    schedule();
  };
  schedule();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export interface ActiveInstallation {
  id: number;
  account?: { login?: string } | null;
}

/** The app's installations, suspended ones aside: those a sweep visits. */
export async function activeInstallations(app: Pick<Probot, "auth">): Promise<ActiveInstallation[]> {
  const appOctokit = await app.auth();
  const installations = (await appOctokit.paginate(appOctokit.rest.apps.listInstallations, {
    per_page: 100,
  })) as (ActiveInstallation & { suspended_at?: string | null })[];
  return installations.filter((installation) => !installation.suspended_at);
}

export async function sweepAllInstallations(app: Pick<Probot, "auth" | "log">, services: SweepServices) {
  const outcomes = [];
  for (const installation of await activeInstallations(app)) {
    const octokit = (await app.auth(installation.id)) as Octokit;
    const repos = await installationRepositories(octokit);
    outcomes.push(
      ...(await sweepRepositories(octokit, repos, services, app.log.child({ installation: installation.id }))),
    );
  }
  app.log.info(
    { repositories: outcomes.length, failed: outcomes.filter((outcome) => !outcome.ok).length },
    "scheduled sweep done",
  );
  return outcomes;
}
