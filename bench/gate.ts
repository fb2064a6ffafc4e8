import { deliver, deploy, isWrite, mergePull, openPull, requestDeployment, sha } from "@shipshape/simulator";
import { startProbotServer, UNPACED } from "../demo/start-app.js";
import { createApp } from "../src/app.js";
import { countCalls } from "./measure.js";
import { fixture } from "./scenarios.js";

const BODY = "Closes #1\n\n## Rollback\nRevert the merge commit and redeploy the previous tag.";
const SHIPPED = 20;

/**
 * The safe-launch gate deciding a production deployment that ships 20 pull requests: reads and
 * writes when the app saw the pull requests' verdicts and the staging deployment (webhooks), and
 * the same deployment decided again by a restarted app that saw nothing. Goal: at most 5 reads
 * and the answer.
 */
export async function gateBudget(): Promise<Record<string, number>> {
  const env = await fixture();
  const { simulator, payloads } = env;
  const repository = simulator.store.addRepository("acme/gate", env.installationId);
  simulator.store.putFile(
    repository,
    ".github/shipshape.yml",
    "pull_requests:\n  requirements:\n    enforcement: warn\n",
  );
  repository.protectedEnvironments.add("production");
  let app = await startProbotServer(simulator, createApp({ sweepIntervalMs: 0 }), { Octokit: UNPACED });
  const send = (event: string, payload: unknown) =>
    deliver({ url: app.webhookUrl, secret: app.secret }, event, payload);
  try {
    const release = deploy(simulator.store, repository, sha("release"), "production", "success");
    release.created_at = new Date(Date.now() - 3_600_000).toISOString();
    await send("deployment_status", payloads.deploymentStatus(repository, release));
    let head = "";
    for (let index = 1; index <= SHIPPED; index++) {
      const pull = openPull(simulator.store, repository, {
        title: `Change ${index}`,
        body: BODY,
        files: [`src/module-${index}.ts`, `test/module-${index}.test.ts`],
      });
      // Staged before review (a preview deployment), so each pull request meets its practices.
      const preview = deploy(simulator.store, repository, pull.head.sha, "staging", "success");
      await send("deployment_status", payloads.deploymentStatus(repository, preview));
      await send("pull_request", payloads.pullRequest("opened", repository, pull));
      mergePull(simulator.store, repository, pull);
      head = pull.head.sha;
    }

    const decide = async () => {
      const { run } = requestDeployment(simulator.store, repository, head, "production");
      const calls = await countCalls(simulator, async () => {
        if (run) await send("deployment_protection_rule", payloads.deploymentProtectionRule(repository, run));
      });
      return { calls, approved: run?.state === "approved" ? 1 : 0 };
    };
    const seen = await decide();
    await app.stop();
    app = await startProbotServer(simulator, createApp({ sweepIntervalMs: 0 }), { Octokit: UNPACED });
    const unseen = await decide();
    return {
      shipped_pull_requests: SHIPPED,
      seen_reads: seen.calls.filter((call) => !isWrite(call)).length,
      seen_writes: seen.calls.filter(isWrite).length,
      seen_approved: seen.approved,
      after_restart_reads: unseen.calls.filter((call) => !isWrite(call)).length,
      after_restart_writes: unseen.calls.filter(isWrite).length,
      after_restart_approved: unseen.approved,
      reads_goal: 5,
    };
  } finally {
    await app.stop();
    await simulator.stop();
  }
}
