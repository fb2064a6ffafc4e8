import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { formatProblem } from "../../src/config/diagnostics.js";
import { loadConfig } from "../../src/config/load.js";
import type { Octokit } from "../../src/github/octokit.js";
import { useNock } from "../helpers/app.js";
import { GitHubMock } from "../helpers/github-mock.js";

const octokit = new ProbotOctokit({
  auth: { token: "test" },
  retry: { enabled: false },
  throttle: { enabled: false },
}) as unknown as Octokit;
const target = { owner: "Codertocat", repo: "Hello-World" };

describe("loading the config from GitHub", () => {
  useNock();

  it("is absent when neither the repository nor the organisation has one", async () => {
    new GitHubMock().noConfig();
    expect(await loadConfig(octokit, target)).toEqual({ kind: "absent" });
  });

  it("does not look for an organisation default from the .github repository itself", async () => {
    new GitHubMock().config(null, ".github");
    expect(await loadConfig(octokit, { owner: "Codertocat", repo: ".github" })).toEqual({ kind: "absent" });
  });

  it("follows _extends to another repository, the repository's own keys winning", async () => {
    new GitHubMock()
      .config("_extends: policies\npull_requests:\n  tests:\n    enforcement: warn\n")
      .config("pull_requests:\n  tests:\n    enforcement: off\n  staging:\n    enforcement: off\n", "policies");
    const loaded = await loadConfig(octokit, target);
    expect(loaded.kind).toBe("valid");
    if (loaded.kind !== "valid") return;
    expect(loaded.config.pull_requests.tests.enforcement).toBe("warn");
    expect(loaded.config.pull_requests.staging.enforcement).toBe("off");
    expect(loaded.files).toEqual([".github/shipshape.yml", "Codertocat/policies:.github/shipshape.yml"]);
  });

  it("reports a missing base clearly", async () => {
    new GitHubMock().config("_extends: acme/gone\n").config(null, "gone", "acme");
    const loaded = await loadConfig(octokit, target);
    expect(loaded.kind === "invalid" && loaded.problems.map(formatProblem)).toEqual([
      '.github/shipshape.yml:1:1 _extends: "acme/gone" was not found (acme/gone:.github/shipshape.yml)',
    ]);
  });

  it("stops an _extends loop", async () => {
    new GitHubMock().config("_extends: a\n").config("_extends: Hello-World\n", "a");
    const loaded = await loadConfig(octokit, target);
    expect(loaded.kind === "invalid" && loaded.problems[0]?.message).toMatch(/loops/);
  });

  it("caps the _extends chain", async () => {
    const github = new GitHubMock().config("_extends: r1\n");
    for (let hop = 1; hop <= 4; hop++) github.config(`_extends: r${hop + 1}\n`, `r${hop}`);
    const loaded = await loadConfig(octokit, target);
    expect(loaded.kind === "invalid" && loaded.problems[0]?.message).toBe(
      "more than 5 files are chained with _extends",
    );
  });

  it("points problems in an inherited file at that file", async () => {
    new GitHubMock().config(null).config("pull_requests:\n  rollbak: {}\n", ".github");
    const loaded = await loadConfig(octokit, target);
    expect(loaded.kind === "invalid" && loaded.problems.map(formatProblem)).toEqual([
      'Codertocat/.github:.github/shipshape.yml:2:3 pull_requests.rollbak: unknown key, did you mean "rollback"?',
    ]);
  });

  it("rejects an _extends value of the wrong form", async () => {
    new GitHubMock().config("_extends: 'not a repo!'\n");
    const loaded = await loadConfig(octokit, target);
    expect(loaded.kind === "invalid" && loaded.problems[0]?.message).toMatch(/is not of the form/);
  });

  it("reads a config served as base64 JSON by a server that ignores the raw media type", async () => {
    const github = new GitHubMock();
    github.scope.get(/contents/).reply(200, {
      type: "file",
      encoding: "base64",
      content: Buffer.from("pull_requests:\n  tests:\n    enforcement: off\n").toString("base64"),
    });
    const loaded = await loadConfig(octokit, target);
    expect(loaded.kind === "valid" && loaded.config.pull_requests.tests.enforcement).toBe("off");
  });

  it("reports a directory where the config file should be", async () => {
    const github = new GitHubMock();
    github.scope.get(/contents/).reply(200, [{ type: "file", name: "a.yml", path: ".github/shipshape.yml/a.yml" }]);
    const loaded = await loadConfig(octokit, target);
    expect(loaded.kind === "invalid" && loaded.problems.map(formatProblem)).toEqual([
      "Codertocat/Hello-World:.github/shipshape.yml:1:1 Codertocat/Hello-World:.github/shipshape.yml is a directory or a submodule, not a file",
    ]);
  });

  it("lets a failed read surface instead of guessing that the repository is unconfigured", async () => {
    const github = new GitHubMock();
    github.scope.get(/contents/).reply(500, { message: "Server Error" });
    await expect(loadConfig(octokit, target)).rejects.toMatchObject({ status: 500 });
  });
});
