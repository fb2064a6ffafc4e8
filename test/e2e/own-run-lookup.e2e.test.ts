import { deliver, type GitHubSimulator, openPull, type PayloadFactory, type SimRepository } from "@shipshape/simulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countCalls } from "../../bench/measure.js";
import { type RunningApp, startApp } from "../../demo/start-app.js";
import { startSimulatedRepository } from "../helpers/simulated-repository.js";

const BODY = "Closes #1\n\n## Rollback\nRevert the merge commit.";
const FILES = ["src/refunds.ts", "test/refunds.test.ts"];
/** A pull request opened a few seconds from now, in the simulator's (GitHub's) clock. */
const later = () => new Date(Date.now() + 5_000).toISOString();
const isLookup = (call: { method: string; path: string }) => call.method === "GET" && call.path.includes("/check-runs");

/**
 * Shipshape looks for its own run on a commit before writing one, so that a commit never gets two.
 * A process that sees every webhook knows the commits it wrote on since it read GitHub's clock: a
 * pull request opened after that on another commit needs no look.
 */
describe("the lookup of Shipshape's own run on a commit", () => {
  let simulator: GitHubSimulator;
  let app: RunningApp;
  let repository: SimRepository;
  let payloads: PayloadFactory;
  const opened = (pull: ReturnType<typeof openPull>, to = app) =>
    countCalls(simulator, () =>
      deliver(
        { url: to.webhookUrl, secret: to.secret },
        "pull_request",
        payloads.pullRequest("opened", repository, pull),
      ),
    );

  beforeEach(async () => {
    ({ simulator, repository, payloads, app } = await startSimulatedRepository());
  });

  afterEach(async () => {
    await app.stop();
    await simulator.stop();
  });

  it("is skipped for a pull request opened after the process read GitHub's clock, on a commit it never wrote on", async () => {
    const first = openPull(simulator.store, repository, { title: "Refunds", body: BODY, files: FILES });
    // The first evaluation looks (and reads GitHub's clock from the answer).
    expect((await opened(first)).filter(isLookup)).toHaveLength(1);

    const second = openPull(simulator.store, repository, {
      title: "Fees",
      body: BODY,
      files: FILES,
      createdAt: later(),
    });
    const calls = await opened(second);
    expect(calls.filter(isLookup)).toEqual([]);
    expect(repository.checkRuns.filter((run) => run.head_sha === second.head.sha)).toHaveLength(1);

    // A redelivery of the same opening: the commit was written on, so it looks, and updates nothing.
    expect((await opened(second)).filter(isLookup)).toHaveLength(1);
    expect(repository.checkRuns).toHaveLength(2);
  });

  it("is made for a new pull request on a commit the process already wrote on: still one run there", async () => {
    const first = openPull(simulator.store, repository, { title: "Refunds", body: BODY, files: FILES });
    await opened(first);
    // A second pull request from the same branch (into another base): the same head commit.
    const second = openPull(simulator.store, repository, {
      title: "Refunds (backport)",
      body: BODY,
      files: FILES,
      createdAt: later(),
    });
    second.head = { ...first.head };
    expect((await opened(second)).filter(isLookup)).toHaveLength(1);
    expect(repository.checkRuns).toHaveLength(1);
  });

  it("is made for a pull request opened before the process read GitHub's clock: a restarted process finds the run of the one before", async () => {
    const pull = openPull(simulator.store, repository, { title: "Refunds", body: BODY, files: FILES });
    await opened(pull);
    await app.stop();
    app = await startApp(simulator);
    // The new process looks on its first evaluation, whose answer tells it GitHub's clock …
    const other = openPull(simulator.store, repository, { title: "Fees", body: BODY, files: FILES });
    other.head = { ...other.head, sha: "f".repeat(40) };
    expect((await opened(other)).filter(isLookup)).toHaveLength(1);
    // … and the replayed opening of a pull request from before then is looked up: one run on its commit.
    expect((await opened(pull)).filter(isLookup)).toHaveLength(1);
    expect(repository.checkRuns.filter((run) => run.head_sha === pull.head.sha)).toHaveLength(1);
  });
});
