import {
  deliver,
  deploy,
  type GitHubSimulator,
  openPull,
  type PayloadFactory,
  type SimRepository,
  sha,
} from "@shipshape/simulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countCalls } from "../../bench/measure.js";
import type { RunningApp } from "../../demo/start-app.js";
import { startSimulatedRepository } from "../helpers/simulated-repository.js";

/** Verdicts read from each file's patch, which the files list gives with no extra request. */
describe("diff-aware verdicts against the GitHub simulator", () => {
  let simulator: GitHubSimulator;
  let app: RunningApp;
  let repository: SimRepository;
  let payloads: PayloadFactory;

  beforeEach(async () => {
    // On the server's thread: the worker pool's deadline (and its share for reading patches)
    // would make these verdicts depend on the machine's load; test/evaluation-pool.test.ts reads
    // patches in the worker.
    ({ simulator, repository, payloads, app } = await startSimulatedRepository({ inProcessEvaluation: true }));
  });

  afterEach(async () => {
    await app.stop();
    await simulator.stop();
    expect(simulator.unknownRoutes).toEqual([]);
  });

  const judge = async (files: Parameters<typeof openPull>[2]["files"]) => {
    const pull = openPull(simulator.store, repository, { title: "Change (#1)", body: "Fixes #1", files });
    const answer = await deliver(
      { url: app.webhookUrl, secret: app.secret },
      "pull_request",
      payloads.pullRequest("opened", repository, pull),
    );
    expect(answer.status).toBe(200);
    const run = repository.checkRuns[0];
    return { conclusion: run?.conclusion, text: `${run?.output.summary}\n${run?.output.text}` };
  };

  it("reads the Gemfile and the lock at the head for a Gemfile.lock bumped alone: a test gem's bump stages nothing", async () => {
    // A repository that deploys (to production), so staging and rollback apply to what ships.
    deploy(simulator.store, repository, sha("release"), "production", "success");
    const gemfile = 'source "https://rubygems.org"\ngem "rails"\ngroup :test do\n  gem "selenium-webdriver"\nend\n';
    const lock = [
      "GEM",
      "  specs:",
      "    rails (8.0.0)",
      "    selenium-webdriver (4.34.0)",
      "",
      "DEPENDENCIES",
      "  rails",
      "  selenium-webdriver",
      "",
    ].join("\n");
    // A pull request bumping one gem in Gemfile.lock alone, with the Gemfile and the lock at its head.
    const bumpAlone = async (gem: string) => {
      const pull = openPull(simulator.store, repository, {
        title: `Bump ${gem}`,
        body: "Fixes #1",
        files: [
          {
            filename: "Gemfile.lock",
            patch: `@@ -516,3 +516,3 @@ GEM\n     securerandom (0.4.1)\n-    ${gem} (4.33.0)\n+    ${gem} (4.34.0)`,
          },
        ],
      });
      simulator.store.putFile(repository, "Gemfile", gemfile, pull.head.sha);
      simulator.store.putFile(repository, "Gemfile.lock", lock, pull.head.sha);
      const calls = await countCalls(simulator, () =>
        deliver(
          { url: app.webhookUrl, secret: app.secret },
          "pull_request",
          payloads.pullRequest("opened", repository, pull),
        ),
      );
      const run = repository.checkRuns.find((candidate) => candidate.head_sha === pull.head.sha);
      return { reads: calls.map((call) => call.path.split("?")[0] ?? ""), summary: `${run?.output.summary}` };
    };

    const testGem = await bumpAlone("selenium-webdriver");
    // The Gemfile (its groups) and the lock (what each gem pulls in), once each.
    expect(testGem.reads.filter((path) => path.includes("/contents/Gemfile")).sort()).toEqual([
      expect.stringMatching(/contents\/Gemfile$/),
      expect.stringMatching(/contents\/Gemfile\.lock$/),
    ]);
    expect(testGem.summary).toContain("Not applicable: no deployable code changed");
    expect((await bumpAlone("rails")).summary).toContain("No deployment of");
  });

  it("passes a docstring-only edit: no tests needed, nothing to stage or roll back", async () => {
    const patch =
      '@@ -10,3 +10,3 @@ class Cart:\n     def total(self):\n-        """Return the total."""\n+        """Return the total, taxes included."""';
    const { conclusion, text } = await judge([{ filename: "shop/cart.py", patch }]);
    expect(conclusion).toBe("success");
    expect(text).toContain("No source files changed. 1 file changed only in comments, docstrings or whitespace.");
    expect(text).toContain(
      "Not applicable: nothing deployable changed behaviour (1 file changed only in comments, docstrings or whitespace).",
    );
  });

  it("counts a #[test] added beside a Rust fix as the fix's test", async () => {
    const patch = [
      "@@ -3,3 +3,3 @@ pub fn add(a: u8, b: u8) -> u8 {",
      "-    a + b",
      "+    a.saturating_add(b)",
      "@@ -20,2 +20,6 @@ mod tests {",
      "+    #[test]",
      "+    fn adds_without_overflow() {",
      "+        assert_eq!(add(u8::MAX, 1), u8::MAX);",
      "+    }",
    ].join("\n");
    const { text } = await judge([{ filename: "src/lib.rs", patch }]);
    expect(text).toContain("1 source file and tests inside 1 source file changed.");
  });

  it("judges a file by its name when GitHub gives no patch, and says so", async () => {
    const { conclusion, text } = await judge([{ filename: "src/pay.ts", patch: null }]);
    expect(conclusion).toBe("failure");
    expect(text).toContain(
      "1 source file changed without any test change. 1 file judged by name only: GitHub gave no patch (binary or too large).",
    );
  });
});
