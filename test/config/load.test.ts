import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { formatProblem } from "../../src/config/diagnostics.js";
import { loadConfig } from "../../src/github/config-loader.js";
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
    new GitHubMock().config("_extends: Codertocat/gone\n").config(null, "gone", "Codertocat");
    const loaded = await loadConfig(octokit, target);
    expect(loaded.kind === "invalid" && loaded.problems.map(formatProblem)).toEqual([
      '.github/shipshape.yml:1:1 _extends: "Codertocat/gone" was not found (Codertocat/gone:.github/shipshape.yml)',
    ]);
  });

  it.each([
    ["another owner's repository", "acme/infra", /another owner's file/],
    ["a file outside .github", "Codertocat/infra:deploy/secrets.yml", /only \.github\/\*\.yml files/],
    ["a parent folder", "..", /is not of the form/],
    ["the current folder", ".", /is not of the form/],
    ["a path climbing out of .github", "Codertocat/infra:.github/../secrets.yml", /is not of the form/],
  ])("keeps _extends in its lane: refuses %s without reading it", async (_situation, value, message) => {
    const github = new GitHubMock().config(`_extends: "${value}"\n`);
    const loaded = await loadConfig(octokit, target);
    expect(loaded.kind === "invalid" && loaded.problems[0]?.message).toMatch(message);
    expect(github.reads).toHaveLength(1);
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

  it("names an inherited file with problems, but never lists that repository's keys or lines", async () => {
    new GitHubMock().config(null).config("pull_requests:\n  rollbak: {}\n  secret_key: {}\n", ".github");
    const loaded = await loadConfig(octokit, target);
    expect(loaded.kind === "invalid" && loaded.problems.map(formatProblem)).toEqual([
      "Codertocat/.github:.github/shipshape.yml:1:1 _extends: Codertocat/.github:.github/shipshape.yml has 2 problems; fix it in that repository",
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
