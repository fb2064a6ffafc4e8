import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Every key Shipshape keeps in Redis is built here: `shipshape:{host}:{installation}:{kind}:…`.
 * The host is the GitHub the app talks to (GHE_HOST, Probot's variable; github.com without it),
 * so two deployments for two GitHub hosts can share one Redis without one reading the other's
 * facts about a same-named `owner/repo`; the installation is the one a delivery or a sweep job
 * is about (`-` for work no installation owns: the delivery ledger, the sweep schedule), so a
 * tenant's keys can be told, counted and dropped apart.
 */
export interface KeyScope {
  host: string;
  /** The installation; when not given, the running work's (withInstallation); null: none. */
  installation?: number | null;
}

/** The GitHub host of this process, as Probot reads it (GHE_HOST) or github.com. */
export function githubHost(env: NodeJS.ProcessEnv = process.env): string {
  return sanitize(env.GHE_HOST?.trim() || "github.com");
}

/** The installation the current delivery or sweep job is about (see withInstallation). */
const installationScope = new AsyncLocalStorage<number | undefined>();

/** Runs `work` with `installation` as the installation of the Redis keys it builds. */
export function withInstallation<T>(installation: number | undefined, work: () => T): T {
  return installationScope.run(installation, work);
}

/** The installation the running work is about, if any. */
export function currentInstallation(): number | undefined {
  return installationScope.getStore();
}

/**
 * A Redis key: `shipshape:{host}:{installation}:{parts…}`. The installation is the scope's, or the
 * running work's (withInstallation); parts are joined with `:` as they are (they may hold `owner/repo@sha`).
 */
export function redisKey(scope: KeyScope, ...parts: string[]): string {
  const installation = scope.installation === undefined ? currentInstallation() : scope.installation;
  return `shipshape:${sanitize(scope.host)}:${installation ?? "-"}:${parts.join(":")}`;
}

/** BullMQ's prefix for the queues of one host (BullMQ's default prefix is `bull`). */
export function queuePrefix(host: string): string {
  return `shipshape:${sanitize(host)}:bull`;
}

/** A host in a key: no separator, no braces (Redis Cluster hash tags), nothing but a host's characters. */
function sanitize(host: string): string {
  return host.toLowerCase().replace(/[^a-z0-9.\-_[\]]/g, "_");
}
