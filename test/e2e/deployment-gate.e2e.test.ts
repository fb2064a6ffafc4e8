import {
  addComment,
  deploy,
  GitHubSimulator,
  isWrite,
  mergePull,
  openPull,
  PayloadFactory,
  requestDeployment,
  type SimProtectionRun,
  type SimPull,
  type SimRepository,
  sha,
} from "@shipshape/simulator";
import type { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { OCTOKIT_WITHOUT_RETRIES, simulatorProbot } from "../helpers/simulator-probot.js";

const WEDNESDAY = new Date("2026-11-25T12:00:00Z");
const HOUR = 3_600_000;
const GOOD_BODY = "Closes #1\n\n## Rollback\nRevert the merge commit; refunds are behind the `refunds` flag.";

/**
 * The safe-launch gate end to end: the app in a real Probot against the simulator, a production
 * environment that enabled Shipshape as its custom deployment protection rule, and the clock
 * injected into both.
 */
describe("the safe-launch gate (deployment protection rule)", () => {
  let simulator: GitHubSimulator;
  let repository: SimRepository;
  let payloads: PayloadFactory;
  let probot: Probot;
  let clock: Date;
  let deliveries = 0;
  /**
   * The time both sides see. Simulated days pass in an instant, while the app keeps an installation
   * token for its real hour: tokens issued before a jump stay valid across it.
   */
  const at = (time: Date) => {
    clock = time;
    for (const token of simulator.store.tokens.values()) token.expiresAt = Number.POSITIVE_INFINITY;
  };

  const receive = async (name: string, payload: unknown, id = `delivery-${++deliveries}`) =>
    probot.receive({ name, id, payload } as Parameters<Probot["receive"]>[0]);

  /** A pull request opened, staged, judged by the app and merged an hour later. */
  const shipPull = async (
    title: string,
    body = GOOD_BODY,
    beforeMerge?: (pull: SimPull) => Promise<void>,
  ): Promise<SimPull> => {
    const pull = openPull(simulator.store, repository, {
      title,
      body,
      files: ["src/refunds.ts", "test/refunds.test.ts"],
    });
    const staged = deploy(simulator.store, repository, pull.head.sha, "staging", "success");
    await receive("deployment_status", payloads.deploymentStatus(repository, staged));
    await receive("pull_request", payloads.pullRequest("opened", repository, pull));
    await beforeMerge?.(pull);
    at(new Date(clock.getTime() + HOUR));
    mergePull(simulator.store, repository, pull);
    return pull;
  };

  /** Stages a commit on `staging` (its success seen by the app through the webhook). */
  const stage = async (commit: string) => {
    const staged = deploy(simulator.store, repository, commit, "staging", "success");
    await receive("deployment_status", payloads.deploymentStatus(repository, staged));
  };

  /** A production deployment that waits for the gate; the app's answer as the run shows it. */
  const deployToProduction = async (commit: string, id?: string): Promise<SimProtectionRun> => {
    const { run } = requestDeployment(simulator.store, repository, commit, "production");
    if (!run) throw new Error("production should be protected");
    await receive("deployment_protection_rule", payloads.deploymentProtectionRule(repository, run), id);
    return run;
  };
  const answersTo = (run: SimProtectionRun) =>
    simulator.calls.filter(
      (call) => call.method === "POST" && call.path.includes(`/actions/runs/${run.id}/deployment_protection_rule`),
    );

  /** The app in a real Probot, with a cache of its own: a second one is the app after a restart. */
  const startApp = async (): Promise<Probot> => {
    // Octokit's own retries off: a 502 is seen by the gate, not retried out of sight.
    const app = simulatorProbot(simulator, { Octokit: OCTOKIT_WITHOUT_RETRIES });
    // The pull requests' verdicts are evaluated in-process: what is under test is the gate, and a
    // worker pool starting cold on a loaded machine could cut an evaluation off at its deadline.
    await app.load(
      createApp({ now: () => clock, sleep: async () => undefined, sweepIntervalMs: 0, inProcessEvaluation: true }),
    );
    return app;
  };

  beforeEach(async () => {
    clock = WEDNESDAY;
    simulator = new GitHubSimulator({ clock: () => clock });
    await simulator.start();
    const installation = simulator.store.addInstallation("acme");
    repository = simulator.store.addRepository("acme/payments", installation.id);
    repository.protectedEnvironments.add("production");
    repository.collaborators.set("alice", "write");
    simulator.store.putFile(
      repository,
      ".github/shipshape.yml",
      "pull_requests:\n  requirements:\n    enforcement: warn\n",
    );
    payloads = new PayloadFactory(simulator);
    probot = await startApp();
    // The last release: production ran it two days ago.
    at(new Date(WEDNESDAY.getTime() - 48 * HOUR));
    const release = deploy(simulator.store, repository, sha("release-1"), "production", "success");
    await receive("deployment_status", payloads.deploymentStatus(repository, release));
    at(new Date(WEDNESDAY.getTime() - 24 * HOUR));
  });

  afterEach(async () => {
    await simulator.stop();
    expect(simulator.unknownRoutes).toEqual([]);
  });

  it("approves a commit that reached success on staging, saying what it checked", async () => {
    const pull = await shipPull("Stop double refunds");
    await stage(pull.head.sha);
    at(WEDNESDAY);
    const run = await deployToProduction(pull.head.sha);
    expect(run.state).toBe("approved");
    expect(run.reviews).toHaveLength(1);
    const comment = run.reviews[0]?.comment ?? "";
    expect(comment).toContain(`Shipshape approved this deployment of ${pull.head.sha.slice(0, 7)} to \`production\`.`);
    expect(comment).toContain("[OK] Staged first:");
    expect(comment).toContain("reached success on `staging`");
    expect(comment).toContain(
      "[OK] Shipped pull requests: 1 pull request shipped, all meeting their error-level practices.",
    );
  });

  it("rejects a commit never staged, naming the staging environments looked for", async () => {
    const pull = await shipPull("Stop double refunds");
    // The pull request's head was staged before merge, but the merge commit never was.
    pull.merge_commit_sha = sha("merge-of-1");
    at(WEDNESDAY);
    const run = await deployToProduction(sha("merge-of-1"));
    expect(run.state).toBe("rejected");
    const comment = run.reviews[0]?.comment ?? "";
    expect(comment).toContain("rejected this deployment");
    expect(comment).toContain("[FAILED] Staged first:");
    expect(comment).toContain(
      "never reached success on a staging environment (`staging`, `staging-*`, `preview*`) within `7d`",
    );
    expect(comment).toContain("gate.staging_environments");
    // A redeploy after staging is approved.
    await stage(sha("merge-of-1"));
    expect((await deployToProduction(sha("merge-of-1"))).state).toBe("approved");
  });

  it("rejects a deployment shipping a pull request that failed rollback without a waiver, naming it", async () => {
    await shipPull("Stop double refunds");
    const risky = await shipPull("Drop the legacy ledger", "Closes #2");
    await stage(risky.head.sha);
    at(WEDNESDAY);
    const run = await deployToProduction(risky.head.sha);
    expect(run.state).toBe("rejected");
    const comment = run.reviews[0]?.comment ?? "";
    expect(comment).toContain(
      "[FAILED] Shipped pull requests: 1 of 2 pull requests shipped did not meet their error-level practices.",
    );
    expect(comment).toContain(`  - #${risky.number} Drop the legacy ledger: failed \`rollback\` without a waiver`);
    expect(comment).toContain("`gate.practices`");
  });

  it("approves the same deployment when the pull request's rollback was waived", async () => {
    await shipPull("Stop double refunds");
    const risky = await shipPull("Drop the legacy ledger", "Closes #2", async (pull) => {
      const waiver = addComment(
        simulator.store,
        repository,
        pull.number,
        "alice",
        "/shipshape waive rollback The ledger table is kept for a month; nothing to roll back",
      );
      await receive("issue_comment", payloads.issueComment("created", repository, waiver));
    });
    await stage(risky.head.sha);
    at(WEDNESDAY);
    const run = await deployToProduction(risky.head.sha);
    expect(run.state).toBe("approved");
    expect(run.reviews[0]?.comment).toContain(
      "2 pull requests shipped, all meeting their error-level practices (1 with a waiver).",
    );
    expect(run.reviews[0]?.comment).toContain(`#${risky.number} Drop the legacy ledger: \`rollback\` waived`);
  });

  it("rejects inside a freeze window and approves after it closes", async () => {
    simulator.store.putFile(
      repository,
      ".github/shipshape.yml",
      'gate:\n  freeze: ["Fri 16:00 - Mon 08:00"]\n  timezone: Europe/Berlin\n',
    );
    const pull = await shipPull("Stop double refunds");
    await stage(pull.head.sha);
    at(new Date("2026-11-27T16:30:00Z")); // Friday 17:30 in Berlin
    const frozen = await deployToProduction(pull.head.sha);
    expect(frozen.state).toBe("rejected");
    expect(frozen.reviews[0]?.comment).toContain(
      "[FAILED] Freeze: The freeze window `Fri 16:00 - Mon 08:00` (`Europe/Berlin`) is open until 2026-11-30 07:00 UTC.",
    );
    at(new Date("2026-11-30T07:30:00Z")); // Monday 08:30 in Berlin
    const after = await deployToProduction(pull.head.sha);
    expect(after.state).toBe("approved");
    expect(after.reviews[0]?.comment).toContain("[OK] Freeze: No freeze window is open (`Europe/Berlin`).");
  });

  it("rejects with the reason when GitHub answers the deployments read with a 502 (fail closed)", async () => {
    const pull = await shipPull("Stop double refunds");
    await stage(pull.head.sha);
    at(WEDNESDAY);
    // GraphQL fails, so the deployments are read through REST, which fails too.
    simulator.injectFault({ method: "POST", path: "/graphql", kind: "server-error", status: 502, times: 1 });
    simulator.injectFault({
      method: "GET",
      path: "/repos/acme/payments/deployments",
      kind: "server-error",
      status: 502,
      times: 1,
    });
    const run = await deployToProduction(pull.head.sha);
    expect(run.state).toBe("rejected");
    expect(run.reviews[0]?.comment).toContain("[FAILED] Staged first: Could not check whether");
    expect(run.reviews[0]?.comment).toContain("could not read the deployments of the commit (GitHub answered 502)");
    expect(run.reviews[0]?.comment).toContain("How to fix: Re-run the deployment when GitHub answers again.");
  });

  it("answers a redelivered webhook once", async () => {
    const pull = await shipPull("Stop double refunds");
    await stage(pull.head.sha);
    at(WEDNESDAY);
    const run = await deployToProduction(pull.head.sha, "the-delivery");
    await receive("deployment_protection_rule", payloads.deploymentProtectionRule(repository, run), "the-delivery");
    expect(answersTo(run)).toHaveLength(1);
    expect(run.reviews).toHaveLength(1);
  });

  it("retries the answer when GitHub answers it with a 502", async () => {
    const pull = await shipPull("Stop double refunds");
    await stage(pull.head.sha);
    at(WEDNESDAY);
    simulator.injectFault({
      method: "POST",
      path: /deployment_protection_rule$/,
      kind: "server-error",
      status: 502,
      times: 1,
    });
    const run = await deployToProduction(pull.head.sha);
    expect(answersTo(run).map((call) => call.status)).toEqual([502, 204]);
    expect(run.state).toBe("approved");
  });

  it("approves a deployment to an environment the gate does not judge, saying so", async () => {
    repository.protectedEnvironments.add("qa");
    const { run } = requestDeployment(simulator.store, repository, sha("anything"), "qa");
    if (!run) throw new Error("qa should be protected");
    await receive("deployment_protection_rule", payloads.deploymentProtectionRule(repository, run));
    expect(run.state).toBe("approved");
    expect(run.reviews[0]?.comment).toContain("the gate does not apply to `qa`");
  });

  /** Twenty pull requests shipped and the last one's head staged; the reads and writes of deciding its deployment. */
  const decideTwenty = async (restart: boolean) => {
    let last: SimPull | undefined;
    for (let index = 1; index <= 20; index++) last = await shipPull(`Change ${index}`);
    if (!last) throw new Error("no pull request");
    await stage(last.head.sha);
    // After a restart the app has seen none of it: every fact is read from GitHub.
    if (restart) probot = await startApp();
    at(WEDNESDAY);
    const before = simulator.calls.length;
    const run = await deployToProduction(last.head.sha);
    const calls = simulator.calls.slice(before).filter((call) => !call.path.includes("/access_tokens"));
    return {
      run,
      reads: calls.filter((call) => !isWrite(call)).map((call) => call.path.split("?")[0] ?? ""),
      writes: calls.filter(isWrite),
    };
  };

  const CONFIG_READ = "/repos/acme/payments/contents/.github%2Fshipshape.yml";
  it.each([
    // The config, the deployments of the commit and of production with their statuses (GraphQL),
    // the closed pull requests; the shipped pull requests' verdicts are the ones the app published.
    ["with 3 reads and the answer", false, [CONFIG_READ, "/api/graphql", "/repos/acme/payments/pulls"]],
    // As above, and the twenty check runs in one GraphQL read.
    [
      "with 4 reads and the answer after a restart, when nothing was seen",
      true,
      [CONFIG_READ, "/api/graphql", "/repos/acme/payments/pulls", "/api/graphql"],
    ],
  ])("decides a deployment shipping 20 pull requests %s", async (_situation, restart, expected) => {
    const { run, reads, writes } = await decideTwenty(restart);
    expect(run.state).toBe("approved");
    expect(run.reviews[0]?.comment).toContain("20 pull requests shipped, all meeting their error-level practices.");
    expect(reads).toEqual(expected);
    expect(writes).toHaveLength(1);
  });

  it("reads the same facts through REST when GraphQL does not answer, and decides the same", async () => {
    simulator.injectFault({ method: "POST", path: "/graphql", kind: "server-error", status: 502, times: 100 });
    const { run, reads } = await decideTwenty(true);
    expect(run.state).toBe("approved");
    expect(run.reviews[0]?.comment).toContain("20 pull requests shipped, all meeting their error-level practices.");
    expect(reads.filter((path) => path.endsWith("/check-runs"))).toHaveLength(20);
    expect(reads.filter((path) => path.endsWith("/statuses")).length).toBeGreaterThan(0);
  });

  it("names a shipped pull request that failed from its check run alone, after a restart", async () => {
    await shipPull("Stop double refunds");
    const risky = await shipPull("Drop the legacy ledger", "Closes #2");
    await stage(risky.head.sha);
    probot = await startApp();
    at(WEDNESDAY);
    const run = await deployToProduction(risky.head.sha);
    expect(run.state).toBe("rejected");
    expect(run.reviews[0]?.comment).toContain(
      `  - #${risky.number} Drop the legacy ledger: failed \`rollback\` without a waiver`,
    );
  });

  it("does not count a check run named Shipshape that another app made", async () => {
    const pull = await shipPull("Stop double refunds");
    await stage(pull.head.sha);
    // Shipshape's own run is gone (say, another installation of the repository); an impostor passes.
    repository.checkRuns = repository.checkRuns.filter((item) => item.head_sha !== pull.head.sha);
    repository.checkRuns.push({
      id: 9_999_999,
      name: "Shipshape",
      head_sha: pull.head.sha,
      status: "completed",
      conclusion: "success",
      external_id: null,
      output: { title: null, summary: null, text: null },
      app_id: 4242,
      app_slug: "impostor",
      started_at: clock.toISOString(),
      completed_at: clock.toISOString(),
    });
    probot = await startApp();
    at(WEDNESDAY);
    const run = await deployToProduction(pull.head.sha);
    expect(run.state).toBe("rejected");
    expect(run.reviews[0]?.comment).toContain(`#${pull.number} Stop double refunds`);
  });
});
