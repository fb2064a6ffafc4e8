import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/schema.js";
import { evaluatePullRequest } from "../../src/practices/evaluate.js";
import type { PullRequestFacts } from "../../src/practices/facts.js";
import { plainText } from "../../src/practices/message.js";
import { type Fact, known, unknown } from "../../src/practices/types.js";

const facts = (repositoryDeploys: Fact<boolean> | undefined): PullRequestFacts => ({
  title: "Fix parsing (#3)",
  body: "",
  headRef: "fix",
  headSha: "a".repeat(40),
  files: known({ files: [{ filename: "src/lib.rs", status: "modified", changes: 4 }], total: 1 }),
  deployments: known([]),
  ...(repositoryDeploys ? { repositoryDeploys } : {}),
});

const outcomes = (config: Record<string, unknown>, repositoryDeploys: Fact<boolean> | undefined) =>
  evaluatePullRequest(configSchema.parse(config).pull_requests, facts(repositoryDeploys))
    .filter((result) => result.practice === "staging" || result.practice === "rollback")
    .map((result) => [result.practice, result.outcome, plainText(result.summary)]);

describe("repositories that never deploy (libraries, tools)", () => {
  it("get staging and rollback as not applicable, saying why and how to force them", () => {
    expect(outcomes({}, known(false))).toEqual([
      [
        "staging",
        "skip",
        "Not applicable: this repository has no deployment on GitHub (a library or a tool). Set pull_requests.staging.paths to [] to require it anyway.",
      ],
      [
        "rollback",
        "skip",
        "Not applicable: this repository has no deployment on GitHub (a library or a tool). Set pull_requests.rollback.paths to [] to require it anyway.",
      ],
    ]);
  });

  it.each<[string, Record<string, unknown>, Fact<boolean> | undefined]>([
    ["the repository deploys", {}, known(true)],
    [
      "whether it deploys could not be read (fail closed)",
      {},
      unknown("reading deployments failed (GitHub answered 502)"),
    ],
    ["forced with paths: []", { pull_requests: { staging: { paths: [] }, rollback: { paths: [] } } }, known(false)],
    [
      "forced with explicit paths",
      { pull_requests: { staging: { paths: ["src/**"] }, rollback: { paths: ["src/**"] } } },
      known(false),
    ],
  ])("apply when %s", (_situation, config, repositoryDeploys) => {
    expect(outcomes(config, repositoryDeploys).map(([practice, outcome]) => [practice, outcome])).toEqual([
      ["staging", "fail"],
      ["rollback", "fail"],
    ]);
  });
});
