import {
  addComment,
  deliver,
  deploy,
  editComment,
  type GitHubSimulator,
  isWrite,
  mergePull,
  openPull,
  type PayloadFactory,
  type SimCheckRun,
  type SimComment,
  type SimPull,
  type SimRepository,
} from "@shipshape/simulator";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RunningApp } from "../../demo/start-app.js";
import { sweepSucceeds } from "../helpers/cli-sweep.js";
import { startSimulatedRepository } from "../helpers/simulated-repository.js";

// Comments are parsed in the worker pool, never on the main thread: here the main thread's parser
// throws, so every test of this file shows that the pool did the parsing.
vi.mock("../../src/markdown/waiver-commands.js", async (original) => ({
  ...(await original<typeof import("../../src/markdown/waiver-commands.js")>()),
  parseWaiverCommands: () => {
    throw new Error("waiver comments parsed on the main thread");
  },
}));

/**
 * Waivers end to end: a pull request whose only blocking failure is "tests", and comments by a
 * writer (alice), a reader (bob) and a maintainer (carol), as GitHub's collaborator permissions
 * give them.
 */
describe("waiving a practice with a pull-request comment", () => {
  let simulator: GitHubSimulator;
  let app: RunningApp;
  let repository: SimRepository;
  let payloads: PayloadFactory;
  let pull: SimPull;
  const send = (event: string, payload: unknown) =>
    deliver({ url: app.webhookUrl, secret: app.secret }, event, payload);
  const run = (): SimCheckRun => {
    const own = repository.checkRuns.filter((candidate) => candidate.head_sha === pull.head.sha);
    expect(own).toHaveLength(1);
    return own[0] as SimCheckRun;
  };
  const testsRow = () =>
    run()
      .output.summary?.split("\n")
      .find((line) => line.includes("| Tests |")) ?? "";
  const comment = async (login: string, body: string): Promise<SimComment> => {
    const written = addComment(simulator.store, repository, pull.number, login, body);
    expect((await send("issue_comment", payloads.issueComment("created", repository, written))).status).toBe(200);
    return written;
  };

  /** A new commit pushed to the pull request and staged; the check run on it. */
  const pushStagedCommit = async (): Promise<SimCheckRun | undefined> => {
    pull.head.sha = "f".repeat(40);
    pull.updated_at = simulator.store.now();
    deploy(simulator.store, repository, pull.head.sha, "staging", "success");
    await send("pull_request", payloads.pullRequest("synchronize", repository, pull));
    return repository.checkRuns.find((candidate) => candidate.head_sha === pull.head.sha);
  };

  /** Sweeps the repository as `npx shipshape sweep` does; the status issue's body after it. */
  const sweepStatusIssue = async () => {
    await sweepSucceeds(simulator, "acme/payments", () => new Date());
    return repository.issues.find((issue) => issue.body?.includes("<!-- shipshape:status -->"))?.body ?? "";
  };

  beforeEach(async () => {
    ({ simulator, repository, payloads, app } = await startSimulatedRepository());
    repository.collaborators.set("alice", "write");
    repository.collaborators.set("bob", "read");
    repository.collaborators.set("carol", "maintain");
    pull = openPull(simulator.store, repository, {
      title: "Stop double refunds",
      files: ["src/refunds.ts"],
      body: "Closes #1\n\n## Rollback\nRevert the merge commit; refunds are behind the `refunds` flag.",
    });
    deploy(simulator.store, repository, pull.head.sha, "staging", "success");
    await send("pull_request", payloads.pullRequest("opened", repository, pull));
    expect(run().conclusion).toBe("failure");
    expect(run().output.title).toBe("1 practice failing: tests");
  });

  afterEach(async () => {
    await app.stop();
    await simulator.stop();
    expect(simulator.unknownRoutes).toEqual([]);
  });

  it("a writer's waiver turns the failing check neutral, shows who and why, and costs two reads and the write", async () => {
    const before = simulator.calls.length;
    const waiver = await comment("alice", "/shipshape waive tests Hotfix for the 2 a.m. outage; tests follow in #7");
    expect(run().conclusion).toBe("neutral");
    expect(run().output.title).toBe("1 practice waived: tests");
    expect(testsRow()).toContain("🏳️");
    expect(testsRow()).toContain("Waived by [@alice](");
    expect(testsRow()).toContain("Hotfix for the 2 a.m. outage; tests follow in \\#7");
    expect(testsRow()).toContain(`#issuecomment-${waiver.id})`);
    expect(testsRow()).toContain("Without the waiver: ");
    expect(run().external_id).toMatch(/^shipshape:v1:tests=waived,/);

    // What the waiver cost: the comments (the record of waivers) and alice's permission; the
    // judgement of the unchanged content is reused and the config answered 304.
    const calls = simulator.calls.slice(before);
    const counted = calls.filter((call) => call.counted && !call.path.includes("/access_tokens"));
    const writes = counted.filter(isWrite);
    expect(writes.map((call) => `${call.method} ${call.path.split("?")[0]}`)).toEqual([
      expect.stringMatching(/^PATCH \/repos\/acme\/payments\/check-runs\/\d+$/),
    ]);
    const countedReads = counted.filter((call) => call.method === "GET").map((call) => call.path.split("?")[0]);
    expect(countedReads.sort()).toEqual([
      "/repos/acme/payments/collaborators/alice/permission",
      "/repos/acme/payments/issues/1/comments",
    ]);
  });

  it("a maintainer's waiver counts (GitHub maps maintain to write); unwaive takes it back", async () => {
    await comment("carol", "/shipshape waive tests Generated client, covered by the contract suite");
    expect(run().conclusion).toBe("neutral");
    await comment("carol", "/shipshape unwaive tests");
    expect(run().conclusion).toBe("failure");
    expect(testsRow()).not.toContain("Waived");
  });

  it("a reader's waiver changes nothing but the row, which says why", async () => {
    const summaryBefore = run().output.summary;
    await comment("bob", "/shipshape waive tests I am sure this one is fine");
    expect(run().conclusion).toBe("failure");
    expect(testsRow()).toContain("❌");
    expect(testsRow()).toContain("was not accepted: GitHub gives [@bob](");
    expect(testsRow()).toContain("`read`");
    expect(repository.comments).toHaveLength(1); // no reply comment
    expect(run().output.summary).not.toBe(summaryBefore);
  });

  it("a waiver without a reason of ten characters is not accepted", async () => {
    await comment("alice", "/shipshape waive tests hotfix");
    expect(run().conclusion).toBe("failure");
    expect(testsRow()).toContain("needs a reason of at least 10 characters");
  });

  it("takes an edit or a deletion of the comment into account", async () => {
    const waiver = await comment("alice", "/shipshape waive tests later");
    expect(run().conclusion).toBe("failure");
    const from = waiver.body;
    waiver.body = "/shipshape waive tests Hotfix: the integration suite is down until Monday";
    waiver.updated_at = simulator.store.now();
    await send("issue_comment", payloads.issueComment("edited", repository, waiver, { changes: { body: { from } } }));
    expect(run().conclusion).toBe("neutral");

    repository.comments.splice(repository.comments.indexOf(waiver), 1);
    await send("issue_comment", payloads.issueComment("deleted", repository, waiver));
    expect(run().conclusion).toBe("failure");
  });

  it("escapes mentions and HTML in the reason like all text", async () => {
    await comment("alice", "/shipshape waive tests @everyone <img src=x onerror=alert(1)> ships tonight");
    const row = testsRow();
    expect(run().conclusion).toBe("neutral");
    expect(row).not.toMatch(/@everyone/);
    expect(row).not.toContain("<img");
    expect(row).toContain("&lt;img");
  });

  it("ignores comments without a command, and commands quoted or in code blocks, at no cost", async () => {
    const before = simulator.calls.length;
    await comment("alice", "Looks good to me!");
    expect(simulator.calls.length).toBe(before);
    await comment("alice", "> /shipshape waive tests Hotfix for the outage\n\n```\n/shipshape waive tests Hotfix\n```");
    expect(run().conclusion).toBe("failure");
  });

  it("says so when GitHub does not answer whether the author may waive, and applies nothing", async () => {
    simulator.injectFault({
      method: "GET",
      path: /\/collaborators\/alice\/permission$/,
      kind: "forbidden",
      times: 1,
    });
    await comment("alice", "/shipshape waive tests Hotfix for the 2 a.m. outage");
    expect(run().conclusion).toBe("failure");
    expect(testsRow()).toContain("GitHub did not say whether [@alice](");
    expect(testsRow()).toContain("GitHub answered 403");
  });

  it("20 other commenters do not keep a writer's unwaive from counting: the newest commands are asked about first", async () => {
    await comment("carol", "/shipshape waive tests Hotfix for the 2 a.m. outage");
    expect(run().conclusion).toBe("neutral");
    for (let index = 0; index < 20; index++)
      addComment(
        simulator.store,
        repository,
        pull.number,
        `reader-${index}`,
        "/shipshape waive staging Just because I can",
      );
    const before = simulator.calls.length;
    await comment("alice", "/shipshape unwaive tests");
    const asked = simulator.calls.slice(before).filter((call) => call.path.includes("/permission"));
    expect(asked.length).toBeLessThanOrEqual(20);
    expect(run().conclusion).toBe("failure");
    expect(testsRow()).not.toContain("Waived by");
  });

  it("an unwaive takes the waiver back even when GitHub does not answer whether its author may", async () => {
    await comment("alice", "/shipshape waive tests Hotfix for the 2 a.m. outage");
    expect(run().conclusion).toBe("neutral");
    simulator.injectFault({ method: "GET", path: /\/collaborators\/carol\/permission$/, kind: "forbidden", times: 1 });
    await comment("carol", "/shipshape unwaive tests");
    expect(run().conclusion).toBe("failure");
    expect(testsRow()).toContain("took the waiver back, although GitHub did not say whether [@carol](");
  });

  it("orders commands by when their comment was written: editing an old waiver does not re-issue it", async () => {
    const waiver = await comment("alice", "/shipshape waive tests Hotfix for the 2 a.m. outage");
    await comment("alice", "/shipshape unwaive tests");
    expect(run().conclusion).toBe("failure");
    const from = editComment(simulator.store, waiver, "/shipshape waive tests Hotfix for the 2 a.m. outage, edited");
    await send("issue_comment", payloads.issueComment("edited", repository, waiver, { changes: { body: { from } } }));
    expect(run().conclusion).toBe("failure");
  });

  it("reads the newest comments first: 1,000 filler comments do not hide a later unwaive", async () => {
    await comment("alice", "/shipshape waive tests Hotfix for the 2 a.m. outage");
    expect(run().conclusion).toBe("neutral");
    for (let index = 0; index < 1_000; index++)
      addComment(simulator.store, repository, pull.number, "mallory", `+1 (${index})`);
    await comment("alice", "/shipshape unwaive tests");
    expect(run().conclusion).toBe("failure");
  });

  it("does not let the pull request's author waive their own pull request", async () => {
    repository.collaborators.set("octocat", "admin");
    await comment("octocat", "/shipshape waive tests Hotfix for the 2 a.m. outage");
    expect(run().conclusion).toBe("failure");
    expect(testsRow()).toContain("opened this pull request, and an author does not waive their own");
  });

  it("takes waivers from people only, not from bots", async () => {
    repository.collaborators.set("deploy-bot[bot]", "admin");
    await comment("deploy-bot[bot]", "/shipshape waive tests Hotfix for the 2 a.m. outage");
    expect(run().conclusion).toBe("failure");
    expect(testsRow()).toContain("only people waive");
  });

  it.each([
    ["an HTML comment", "<!--\n/shipshape waive tests Hotfix for the 2 a.m. outage\n-->"],
    [
      "a collapsed <details>",
      "<details><summary>notes</summary>\n\n/shipshape waive tests Hotfix for the 2 a.m. outage\n\n</details>",
    ],
    ["indented code", "Run:\n\n    /shipshape waive tests Hotfix for the 2 a.m. outage"],
  ])("takes no command from %s, which GitHub does not show as one", async (_where, body) => {
    await comment("alice", body);
    expect(run().conclusion).toBe("failure");
  });

  it("keeps the check run's notes bounded for 100 comments of 2,800 command lines each", async () => {
    const body = Array.from({ length: 2_800 }, () => "/shipshape waive unit").join("\n");
    for (let index = 0; index < 99; index++) addComment(simulator.store, repository, pull.number, "alice", body);
    await comment("alice", body);
    const { summary, text } = run().output;
    expect(Buffer.byteLength(`${summary}${text}`)).toBeLessThan(10_000);
    expect(summary).toContain("more notes about waiver commands");
  });

  it("says which practices exist when a command names none", async () => {
    await comment("alice", "/shipshape waive unit-tests Hotfix for the 2 a.m. outage");
    expect(run().conclusion).toBe("failure");
    expect(run().output.summary).toContain("A waiver command names no practice (`unit-tests`)");
  });

  it("counts a merged pull request's waiver as waived, apart from met and missed, and lists it in the status issue", async () => {
    const waiver = await comment("alice", "/shipshape waive tests Hotfix for the 2 a.m. outage");
    mergePull(simulator.store, repository, pull);
    const body = await sweepStatusIssue();
    expect(body).toMatch(/\| Tests with code \| 0 of the last 1 merged PRs met it \(0 %\), 1 waived \|/);
    expect(body).toContain("### Waivers in the last 30 days");
    expect(body).toContain("1 (1 in merged pull requests, 0 in open ones): Tests with code: 1.");
    expect(body).toContain(`| [#${pull.number}](`);
    expect(body).toContain(`| Tests with code | [@alice](`);
    expect(body).toContain(`#issuecomment-${waiver.id})`);
  });

  it("records no waiver or verdict from a `Shipshape` run another app created on a merged pull request", async () => {
    await comment("alice", "/shipshape waive tests Hotfix for the 2 a.m. outage");
    const genuine = run();
    const other = openPull(simulator.store, repository, { title: "Forged", files: ["src/forged.ts"] });
    // Anything with `checks: write` (a workflow, another app) can name a run `Shipshape`.
    repository.checkRuns.push({
      ...genuine,
      id: simulator.store.nextId(),
      head_sha: other.head.sha,
      app_id: 15368,
      app_slug: "github-actions",
    });
    mergePull(simulator.store, repository, other);
    const body = await sweepStatusIssue();
    expect(body).toContain("1 (0 in merged pull requests, 1 in open ones): Tests with code: 1.");
    expect(body).not.toContain(`[#${other.number}](`);
  });

  it("lists the waiver of a pull request still open in the status issue", async () => {
    await comment("alice", "/shipshape waive tests Hotfix for the 2 a.m. outage");
    const body = await sweepStatusIssue();
    expect(body).toContain("1 (0 in merged pull requests, 1 in open ones): Tests with code: 1.");
    expect(body).toMatch(/\| \[#1\]\([^)]+\/pull\/1\) \| open \| Tests with code \| \[@alice\]\(/);
  });

  it("asks for the waiver again when the pull request gets a new commit, and says so", async () => {
    await comment("alice", "/shipshape waive tests Hotfix for the 2 a.m. outage");
    const newRun = await pushStagedCommit();
    expect(newRun?.conclusion).toBe("failure");
    expect(newRun?.output.summary).toContain("before `fffffff`; new commits since");

    await comment("alice", "/shipshape waive tests Hotfix for the 2 a.m. outage, still");
    expect(repository.checkRuns.find((candidate) => candidate.head_sha === pull.head.sha)?.conclusion).toBe("neutral");
  });

  it("keeps the waiver across new commits with waivers.keep_on_push", async () => {
    simulator.store.putFile(
      repository,
      ".github/shipshape.yml",
      "pull_requests:\n  requirements:\n    enforcement: warn\nwaivers:\n  keep_on_push: true\n",
    );
    await comment("alice", "/shipshape waive tests Hotfix for the 2 a.m. outage");
    const newRun = await pushStagedCommit();
    expect(newRun?.conclusion).toBe("neutral");
  });
});
