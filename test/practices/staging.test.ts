import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/schema.js";
import type { CommitCheck, DeploymentState } from "../../src/practices/facts.js";
import { plainText } from "../../src/practices/message.js";
import { evaluateStaging } from "../../src/practices/staging.js";
import { type Fact, known, unknown } from "../../src/practices/types.js";
import { renderMessage } from "../../src/report/escape.js";

const headSha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const defaults = defaultConfig.pull_requests.staging;
const withChecks = { ...defaults, checks: ["deploy/staging*"] };
const deploy = (environment: string, state: string | null): DeploymentState => ({ environment, state });
const check = (name: string, state: string, kind: CommitCheck["kind"] = "check run"): CommitCheck => ({
  name,
  state,
  kind,
});

describe("staging practice", () => {
  it.each<[string, typeof defaults, Fact<DeploymentState[]>, Fact<CommitCheck[]> | undefined, "pass" | "fail"]>([
    ["successful staging deployment", defaults, known([deploy("staging", "success")]), undefined, "pass"],
    ["deployment still in progress", defaults, known([deploy("staging", "in_progress")]), undefined, "fail"],
    ["deployment failed", defaults, known([deploy("staging", "failure")]), undefined, "fail"],
    ["only production was deployed", defaults, known([deploy("production", "success")]), undefined, "fail"],
    ["a preview environment per PR", defaults, known([deploy("preview-pr-42", "success")]), undefined, "pass"],
    ["environment name in capitals", defaults, known([deploy("Staging-EU", "success")]), undefined, "pass"],
    ["no deployment at all", defaults, known([]), undefined, "fail"],
    ["deployment without any status", defaults, known([deploy("staging", null)]), undefined, "fail"],
    [
      "a named check run proves the deploy",
      withChecks,
      known([]),
      known([check("deploy/staging-eu", "success")]),
      "pass",
    ],
    [
      "a commit status proves the deploy",
      withChecks,
      known([]),
      known([check("deploy/staging", "success", "commit status")]),
      "pass",
    ],
    ["the named check failed", withChecks, known([]), known([check("deploy/staging", "failure")]), "fail"],
    ["checks count only when configured", defaults, known([]), known([check("deploy/staging", "success")]), "fail"],
    [
      "deployments unreadable but the check passed",
      withChecks,
      unknown("403"),
      known([check("deploy/staging", "success")]),
      "pass",
    ],
    [
      "deployments unreadable",
      defaults,
      unknown("reading deployments failed (GitHub answered 500)"),
      undefined,
      "fail",
    ],
  ])("%s → %s", (_situation, config, deployments, checks, outcome) => {
    const verdict = evaluateStaging(config, { headSha, deployments, ...(checks ? { checks } : {}) });
    expect(verdict.outcome).toBe(outcome);
    if (outcome === "fail") expect(renderMessage(verdict.fix ?? [])).toContain("pull_requests.staging");
  });

  it("says it could not check when deployments could not be read", () => {
    const verdict = evaluateStaging(defaults, {
      headSha,
      deployments: unknown("reading deployments failed (GitHub answered 500)"),
    });
    expect(plainText(verdict.summary)).toBe(
      "Could not check staging: could not read deployments (reading deployments failed (GitHub answered 500)).",
    );
  });

  it("names the commit and the expected environments when nothing was deployed", () => {
    const verdict = evaluateStaging(defaults, { headSha, deployments: known([]) });
    expect(renderMessage(verdict.summary)).toBe("No deployment of `ec26c3e` to `staging`, `staging-*`, `preview*`.");
  });
});
