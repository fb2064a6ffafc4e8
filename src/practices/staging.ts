import type { PullRequestsConfig } from "../config/schema.js";
import type { PullRequestFacts } from "./facts.js";
import { globMatcher } from "./globs.js";
import { type Message, quote, quoteList, say } from "./message.js";
import { couldNotCheck, type Verdict } from "./types.js";

type StagingConfig = PullRequestsConfig["staging"];

const FIX = say`Deploy the head commit to a staging environment, or list what proves a staging deploy in ${quote("pull_requests.staging.environments")} or ${quote("pull_requests.staging.checks")}.`;

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
    return { outcome: "pass", summary: say`Deployed ${quote(sha)} to ${quote(succeeded.environment)} successfully.` };
  }

  const checks =
    config.checks.length > 0 && facts.checks?.ok ? facts.checks.value.filter((c) => isStagingCheck(c.name)) : [];
  if (config.checks.length > 0 && facts.checks && !facts.checks.ok) unreadable.push(`checks (${facts.checks.reason})`);
  const passedCheck = checks.find((check) => check.state === "success");
  if (passedCheck) {
    return {
      outcome: "pass",
      summary: say`The ${passedCheck.kind} ${quote(passedCheck.name)} succeeded on ${quote(sha)}.`,
    };
  }

  if (unreadable.length > 0) return couldNotCheck("staging", `could not read ${unreadable.join(" and ")}`, FIX);

  const attempts: Message[] = [
    ...deployments.map((d) => say`deployment to ${quote(d.environment)}: ${d.state ?? "no status yet"}`),
    ...checks.map((c) => say`${c.kind} ${quote(c.name)}: ${c.state}`),
  ];
  if (attempts.length > 0) {
    return {
      outcome: "fail",
      summary: say`No successful staging deployment of ${quote(sha)} yet (${attempts[0] ?? []}${attempts.length > 1 ? say`, and ${attempts.length - 1} more` : []}).`,
      details: attempts,
      fix: FIX,
    };
  }
  const expected = [...config.environments, ...config.checks];
  const where = expected.length > 0 ? quoteList(expected) : ["a staging environment"];
  return { outcome: "fail", summary: say`No deployment of ${quote(sha)} to ${where}.`, fix: FIX };
}
