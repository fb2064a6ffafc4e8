import type { PullRequestsConfig } from "../config/schema.js";
import { inlineCode } from "../report/escape.js";
import type { PullRequestFacts } from "./facts.js";
import { globMatcher } from "./globs.js";
import { couldNotCheck, type Verdict } from "./types.js";

type StagingConfig = PullRequestsConfig["staging"];

const FIX =
  "Deploy the head commit to a staging environment, or list what proves a staging deploy in `pull_requests.staging.environments` or `pull_requests.staging.checks`.";

/** Matches deployment environment names against `staging.environments` (case-insensitive, like GitHub's). */
export function stagingEnvironmentMatcher(config: StagingConfig): (environment: string) => boolean {
  return globMatcher(config.environments, { nocase: true });
}

/** The head commit has a successful staging deployment, or a named check proves one. */
export function evaluateStaging(
  config: StagingConfig,
  facts: Pick<PullRequestFacts, "deployments" | "checks" | "headSha">,
): Verdict {
  const sha = facts.headSha.slice(0, 7);
  const isStaging = stagingEnvironmentMatcher(config);
  const isStagingCheck = globMatcher(config.checks);
  const unreadable: string[] = [];

  const deployments = facts.deployments?.ok ? facts.deployments.value.filter((d) => isStaging(d.environment)) : [];
  if (facts.deployments && !facts.deployments.ok) unreadable.push(`deployments (${facts.deployments.reason})`);
  const succeeded = deployments.find((deployment) => deployment.state === "success");
  if (succeeded) {
    return { outcome: "pass", summary: `Deployed ${sha} to ${inlineCode(succeeded.environment)} successfully.` };
  }

  const checks =
    config.checks.length > 0 && facts.checks?.ok ? facts.checks.value.filter((c) => isStagingCheck(c.name)) : [];
  if (config.checks.length > 0 && facts.checks && !facts.checks.ok) unreadable.push(`checks (${facts.checks.reason})`);
  const passedCheck = checks.find((check) => check.state === "success");
  if (passedCheck) {
    return { outcome: "pass", summary: `The ${passedCheck.kind} ${inlineCode(passedCheck.name)} succeeded on ${sha}.` };
  }

  if (unreadable.length > 0) return couldNotCheck("staging", `could not read ${unreadable.join(" and ")}`, FIX);

  const attempts = [
    ...deployments.map((d) => `deployment to ${inlineCode(d.environment)}: ${d.state ?? "no status yet"}`),
    ...checks.map((c) => `${c.kind} ${inlineCode(c.name)}: ${c.state}`),
  ];
  if (attempts.length > 0) {
    return {
      outcome: "fail",
      summary: `No successful staging deployment of ${sha} yet (${attempts[0]}${attempts.length > 1 ? `, and ${attempts.length - 1} more` : ""}).`,
      details: attempts,
      fix: FIX,
    };
  }
  const expected = [...config.environments, ...config.checks].map(inlineCode).join(", ");
  return { outcome: "fail", summary: `No deployment of ${sha} to ${expected || "a staging environment"}.`, fix: FIX };
}
