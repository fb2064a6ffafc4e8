import { deliver, GitHubSimulator, PayloadFactory, type SimRepository } from "@shipshape/simulator";
import { startRedisServer } from "../test/helpers/redis-server.js";
import { type AppProcess, startAppProcess } from "../test/helpers/spawn-app.js";

/** A first sweep of this many repositories is given at most this long before the run is called failed. */
const TIMEOUT_MS = 30 * 60_000;

/**
 * The first full sweep of a fleet (installations × repositories) by one replica, then by two, in
 * the same run: replicas of `npm start` on one real Redis, each installation announced by an
 * `installation_repositories.added` webhook (all at once), the sweep done when GitHub (the
 * simulator, in this process) has served every repository's config read. Repositories keep no
 * status issue, so the sweep is bound by reads: an app's writes are paced at one a second for
 * the whole app (Probot's throttling, shared through Redis), which bounds a sweep that writes N
 * issues at N seconds however many replicas there are.
 */
export async function fleetFirstSweep(
  installations: number,
  repositoriesEach: number,
): Promise<Record<string, number>> {
  const one = await timeFirstSweep(1, installations, repositoriesEach);
  const two = await timeFirstSweep(2, installations, repositoriesEach);
  const repositories = installations * repositoriesEach;
  return {
    repositories,
    installations,
    one_replica_seconds: one.seconds,
    two_replicas_seconds: two.seconds,
    two_vs_one_time_ratio: Math.round((two.seconds / one.seconds) * 100) / 100,
    requests_per_repository: Math.round((one.requests / repositories) * 10) / 10,
    one_replica_requests_per_second: Math.round(one.requests / one.seconds),
    two_replicas_requests_per_second: Math.round(two.requests / two.seconds),
    write_paced_seconds_for_one_issue_each: repositories,
  };
}

async function timeFirstSweep(
  replicaCount: number,
  installations: number,
  repositoriesEach: number,
): Promise<{ seconds: number; requests: number }> {
  const redis = await startRedisServer();
  const simulator = new GitHubSimulator();
  await simulator.start();
  const replicas: AppProcess[] = [];
  try {
    const fleet: SimRepository[][] = [];
    for (let i = 0; i < installations; i++) {
      const installation = simulator.store.addInstallation(`org-${i}`);
      const repositories: SimRepository[] = [];
      for (let j = 0; j < repositoriesEach; j++) {
        const repository = simulator.store.addRepository(`org-${i}/service-${j}`, installation.id);
        simulator.store.putFile(repository, ".github/shipshape.yml", "status_issue:\n  enabled: false\n");
        repositories.push(repository);
      }
      fleet.push(repositories);
    }
    for (let r = 0; r < replicaCount; r++) {
      replicas.push(await startAppProcess(simulator, { REDIS_URL: redis.url, LOG_LEVEL: "warn" }));
    }
    const payloads = new PayloadFactory(simulator);
    const isConfigRead = (path: string) => path.includes("/contents/.github") && path.includes("shipshape.yml");
    const total = installations * repositoriesEach;
    const before = simulator.calls.length;
    const started = Date.now();
    // Each webhook is answered when its sweep is done or after 8 s; the sweep goes on either way.
    const sent = fleet.map((repositories, index) => {
      const replica = replicas[index % replicas.length] as AppProcess;
      return deliver(
        { url: replica.webhookUrl, secret: replica.secret },
        "installation_repositories",
        payloads.installationRepositories("added", repositories),
      );
    });
    let counted = 0;
    let scanned = before;
    while (counted < total) {
      if (Date.now() - started > TIMEOUT_MS) throw new Error(`the first sweep did not finish: ${counted} of ${total}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (; scanned < simulator.calls.length; scanned++) {
        const call = simulator.calls[scanned];
        if (call?.method === "GET" && isConfigRead(call.path)) counted++;
      }
    }
    const seconds = (Date.now() - started) / 1000;
    await Promise.all(sent);
    const requests = simulator.calls
      .slice(before)
      .filter((call) => !call.path.includes("/access_tokens") && call.path.startsWith("/repos/")).length;
    return { seconds: Math.round(seconds * 10) / 10, requests };
  } finally {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await simulator.stop();
    await redis.stop();
  }
}
