import type { SimCheckRun } from "@shipshape/simulator";
import {
  addComment,
  closeMilestone,
  deliver,
  deploy,
  GitHubSimulator,
  mergePull,
  openPull,
  PayloadFactory,
  pushToPull,
  requestDeployment,
  type SimProtectionRun,
  sha,
} from "@shipshape/simulator";
import { runSweep } from "../src/sweep/cli-sweep.js";
import { startApp } from "./start-app.js";

/**
 * `npm run demo`: offline, starts the GitHub simulator and the real app server, seeds an
 * organisation and plays a short story, printing what a person would read on GitHub.
 */
const DEMO_CONFIG = `pull_requests:
  requirements:
    enforcement: warn
cadence:
  sprint_review:
    every: 14d
    grace: 2d
    assignees: [mona]
maintenance:
  dependency_patches:
    max_age: 7d
    alert_sla: { critical: 3d }
`;

async function main(): Promise<void> {
  const started = Date.now();
  const simulator = new GitHubSimulator();
  await simulator.start();
  const app = await startApp(simulator, { logLevel: "warn", pacing: true });
  const payloads = new PayloadFactory(simulator);
  const send = async (event: string, payload: unknown) => {
    const delivery = await deliver({ url: app.webhookUrl, secret: app.secret }, event, payload);
    if (delivery.status >= 300) throw new Error(`the app answered ${delivery.status} to ${event}: ${delivery.body}`);
  };

  try {
    const { store } = simulator;
    const installation = store.addInstallation("acme");
    const payments = store.addRepository("acme/payments", installation.id);
    store.addRepository("acme/playground", installation.id);
    store.putFile(payments, ".github/shipshape.yml", DEMO_CONFIG);
    heading(`GitHub simulator at ${simulator.urls.api}, Shipshape listening at ${app.webhookUrl}`);
    say("Organisation acme: acme/payments opted in with .github/shipshape.yml; acme/playground has no config.");

    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    heading("1. A pull request changes source code, with no tests and an empty description");
    const pull = openPull(store, payments, {
      title: "Add partial refunds",
      author: "mona",
      createdAt: daysAgo(2),
      files: ["src/refunds.ts", "src/api/routes.ts"],
    });
    await send("pull_request", payloads.pullRequest("opened", payments, pull));
    showCheckRun(latestCheckRun(payments.checkRuns, pull.head.sha));

    heading("2. The author pushes tests and writes a Rollback section that links the issue");
    pushToPull(store, pull, [
      { filename: "test/refunds.test.ts", status: "added", additions: 48, deletions: 0, changes: 48 },
    ]);
    pull.body = [
      "Partial refunds for card payments. Closes #12.",
      "",
      "## Rollback",
      "Turn off the `partial-refunds` flag; if that is not enough, revert this PR and redeploy.",
    ].join("\n");
    await send("pull_request", payloads.pullRequest("synchronize", payments, pull));
    showCheckRun(latestCheckRun(payments.checkRuns, pull.head.sha));

    heading("3. CD deploys the head commit to staging");
    const deployment = deploy(store, payments, pull.head.sha, "staging", "success");
    await send("deployment_status", payloads.deploymentStatus(payments, deployment));
    showCheckRun(latestCheckRun(payments.checkRuns, pull.head.sha));

    heading("4. A hotfix cannot wait for tests: a maintainer waives the practice, with a reason");
    payments.collaborators.set("hubot-oncall", "maintain");
    const hotfix = openPull(store, payments, {
      title: "Stop double charges on retry",
      author: "mona",
      createdAt: daysAgo(0.25),
      files: ["src/charges.ts"],
      body: "Fixes #31.\n\n## Rollback\nRevert this PR; retries then charge twice again, as before.",
    });
    deploy(store, payments, hotfix.head.sha, "staging", "success");
    await send("pull_request", payloads.pullRequest("opened", payments, hotfix));
    const waiver = addComment(
      store,
      payments,
      hotfix.number,
      "hubot-oncall",
      "/shipshape waive tests Customers are charged twice right now; the regression test follows in #32",
    );
    say(`@hubot-oncall comments: ${waiver.body}`);
    await send("issue_comment", payloads.issueComment("created", payments, waiver));
    showCheckRun(latestCheckRun(payments.checkRuns, hotfix.head.sha));

    heading("5. A pull request in the repository without config");
    const playground = store.repository("acme", "playground");
    if (!playground) throw new Error("missing playground repository");
    const quiet = openPull(store, playground, { title: "Try things", files: ["src/scratch.ts"] });
    await send("pull_request", payloads.pullRequest("opened", playground, quiet));
    say(
      `Check runs in acme/playground: ${playground.checkRuns.length} (Shipshape stays silent where it is not configured).`,
    );

    heading(
      "6. Both are merged and deployed to production; acme/payments is swept (npx shipshape sweep acme/payments)",
    );
    for (const merged of [pull, hotfix]) {
      mergePull(store, payments, merged);
      deploy(store, payments, merged.head.sha, "production", "success");
    }
    closeMilestone(payments, "Sprint 41", daysAgo(20));
    openPull(store, payments, {
      title: "Bump lodash from 4.17.20 to 4.17.21",
      author: "dependabot[bot]",
      createdAt: daysAgo(10),
      files: ["package.json"],
    });
    openPull(store, payments, {
      title: "Bump zod from 4.1.0 to 4.1.1",
      author: "dependabot[bot]",
      createdAt: daysAgo(1),
      files: ["package.json"],
    });
    payments.alerts.push({
      number: 1,
      state: "open",
      severity: "critical",
      package: { ecosystem: "npm", name: "minimist" },
      created_at: daysAgo(4),
      updated_at: daysAgo(4),
    });
    say("Seeded: the last sprint milestone closed 20 days ago (every 14d, grace 2d), a Dependabot PR open 10 days,");
    say("another open 1 day, and a critical Dependabot alert open 4 days (SLA 3d).");
    say("Both pull requests were deployed to `production` right after their merge.");
    const env = { ...simulator.appEnvironment(), LOG_LEVEL: "silent" as const };
    await runSweep("acme/payments", env, (line) => say(`$ shipshape sweep acme/payments\n${line}`));
    for (const issue of payments.issues) {
      heading(
        `Issue #${issue.number}: ${issue.title}${issue.assignees.length ? ` (assigned to ${issue.assignees.join(", ")})` : ""}`,
      );
      for (const line of (issue.body ?? "").split("\n")) if (!line.startsWith("<!--")) say(`    ${line}`);
    }

    heading("7. Production is protected by Shipshape's rule: a commit never staged waits, and is rejected");
    payments.protectedEnvironments.add("production");
    const release = openPull(store, payments, {
      title: "Show the refund status to customers",
      author: "mona",
      files: ["src/refunds.ts", "test/refunds.test.ts"],
      body: "Closes #40.\n\n## Rollback\nTurn off the `refund-status` flag; nothing is stored by this change.",
    });
    deploy(store, payments, release.head.sha, "staging", "success");
    await send("pull_request", payloads.pullRequest("opened", payments, release));
    mergePull(store, payments, release);
    // Merged with a merge commit: the commit on main is new, and staging never ran it.
    release.merge_commit_sha = sha("merge of the refund status");
    say(
      `#${release.number} "${release.title}" is merged as ${release.merge_commit_sha.slice(0, 7)}; CD deploys it to production.`,
    );
    const askGate = async (): Promise<SimProtectionRun> => {
      const { run } = requestDeployment(store, payments, release.merge_commit_sha as string, "production");
      if (!run) throw new Error("production should be protected");
      await send("deployment_protection_rule", payloads.deploymentProtectionRule(payments, run));
      say(`Workflow run ${run.id}, environment production: ${run.state.toUpperCase()}. Shipshape's comment:`);
      for (const line of (run.reviews.at(-1)?.comment ?? "").split("\n")) say(`    ${line}`);
      return run;
    };
    await askGate();

    heading("8. CD stages the merge commit first, then deploys it to production again: approved");
    const staged = deploy(store, payments, release.merge_commit_sha, "staging", "success");
    await send("deployment_status", payloads.deploymentStatus(payments, staged));
    await askGate();

    heading("Done");
    say(
      `${simulator.calls.length} requests reached the simulator, ${simulator.writes.length} of them writes; unknown routes: ${simulator.unknownRoutes.length}.`,
    );
    say(`The demo took ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    if (simulator.unknownRoutes.length > 0) throw new Error(`unknown routes: ${simulator.unknownRoutes.join(", ")}`);
  } finally {
    await app.stop();
    await simulator.stop();
  }
}

function latestCheckRun(runs: readonly SimCheckRun[], sha: string): SimCheckRun {
  const run = runs.filter((candidate) => candidate.head_sha === sha).at(-1);
  if (!run) throw new Error(`no check run on ${sha}`);
  return run;
}

function showCheckRun(run: SimCheckRun): void {
  say(`Check run "${run.name}" on ${run.head_sha.slice(0, 7)}: ${run.conclusion?.toUpperCase()} — ${run.output.title}`);
  say("");
  for (const line of (run.output.summary ?? "").split("\n")) say(`    ${line}`);
}

function heading(text: string): void {
  console.log(`\n== ${text}`);
}

function say(text: string): void {
  console.log(text);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
