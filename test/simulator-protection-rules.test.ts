import { GitHubSimulator, requestDeployment, sha } from "@shipshape/simulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { simulatorProbot } from "./helpers/simulator-probot.js";

/** The simulator's custom deployment protection rules, as the gate's tests rely on them. */
describe("the simulator's environments protected by the app's rule", () => {
  let simulator: GitHubSimulator;
  let now: Date;

  beforeEach(async () => {
    now = new Date("2026-11-25T12:00:00Z");
    simulator = new GitHubSimulator({ clock: () => now });
    await simulator.start();
  });
  afterEach(() => simulator.stop());

  const setup = () => {
    const installation = simulator.store.addInstallation("acme");
    const repository = simulator.store.addRepository("acme/payments", installation.id);
    repository.protectedEnvironments.add("production");
    return { installation, repository };
  };

  it("deploys at once where no rule is enabled, and holds a deployment where one is", () => {
    const { repository } = setup();
    expect(requestDeployment(simulator.store, repository, sha("a"), "staging").run).toBeUndefined();
    const { deployment, run } = requestDeployment(simulator.store, repository, sha("a"), "production");
    expect(run?.state).toBe("waiting");
    expect(deployment.statuses).toEqual([]);
  });

  it("takes one answer on the run's route, records its comment and refuses a second", async () => {
    const { installation, repository } = setup();
    const { deployment, run } = requestDeployment(simulator.store, repository, sha("a"), "production");
    const octokit = await simulatorProbot(simulator).auth(installation.id);
    const answer = (state: string) =>
      octokit.request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule", {
        owner: "acme",
        repo: "payments",
        run_id: run?.id ?? 0,
        environment_name: "production",
        state,
        comment: "Staged on staging an hour ago.",
        request: { retries: 0 },
      });
    expect((await answer("approved")).status).toBe(204);
    expect(run?.state).toBe("approved");
    expect(run?.reviews).toEqual([
      { state: "approved", comment: "Staged on staging an hour ago.", at: now.toISOString() },
    ]);
    expect(deployment.statuses.map((status) => status.state)).toEqual(["queued"]);
    await expect(answer("rejected")).rejects.toMatchObject({ status: 422 });
  });

  it("fails a job nobody answered within 30 days", () => {
    const { repository } = setup();
    const { deployment, run } = requestDeployment(simulator.store, repository, sha("a"), "production");
    now = new Date(now.getTime() + 29 * 86_400_000);
    simulator.store.expireProtectionRuns(repository);
    expect(run?.state).toBe("waiting");
    now = new Date(now.getTime() + 86_400_000);
    simulator.store.expireProtectionRuns(repository);
    expect(run?.state).toBe("timed_out");
    expect(deployment.statuses.map((status) => status.state)).toEqual(["failure"]);
  });
});
