import { GitHubSimulator, PayloadFactory, type SimRepository } from "@shipshape/simulator";
import { type RunningApp, startApp } from "../../demo/start-app.js";

export interface SimulatedRepository {
  simulator: GitHubSimulator;
  repository: SimRepository;
  payloads: PayloadFactory;
  app: RunningApp;
}

/**
 * The simulator with one configured repository (`acme/payments`, requirements at warn) and the
 * app's real server in this process pointed at it: the setup of the end-to-end pull-request suites.
 */
export async function startSimulatedRepository(
  options: { inProcessEvaluation?: boolean } = {},
): Promise<SimulatedRepository> {
  const simulator = new GitHubSimulator();
  await simulator.start();
  const installation = simulator.store.addInstallation("acme");
  const repository = simulator.store.addRepository("acme/payments", installation.id);
  simulator.store.putFile(
    repository,
    ".github/shipshape.yml",
    "pull_requests:\n  requirements:\n    enforcement: warn\n",
  );
  return { simulator, repository, payloads: new PayloadFactory(simulator), app: await startApp(simulator, options) };
}
