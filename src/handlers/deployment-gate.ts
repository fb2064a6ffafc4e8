import type { Context } from "probot";
import { durationMs } from "../config/duration.js";
import type { ShipshapeConfig } from "../config/schema.js";
import { type LoadedConfig, loadConfig } from "../github/config-loader.js";
import type { FactCache } from "../github/fact-cache.js";
import { answerGate, type GateReads, readShippedPulls, readStagingEvidence, runIdOf } from "../github/gate-facts.js";
import { readDeploymentHistory } from "../github/gate-graphql.js";
import { type CachedGet, describeFailure } from "../github/octokit.js";
import type { Sleep } from "../github/retry-write.js";
import { type GateFacts, gateEnvironmentMatcher, gateStagingEnvironments, judgeGate } from "../practices/gate.js";
import { globMatcher } from "../practices/globs.js";
import { renderConfigProblem, renderGateComment, renderNotApplicable } from "../report/gate-comment.js";

export interface GateServices {
  sleep: Sleep;
  cache: FactCache;
  reader: CachedGet;
  now: () => Date;
  /** The app's id once known: only its own check runs count. */
  appId: () => Promise<number | undefined>;
}

type GateContext = Context<"deployment_protection_rule.requested">;

/**
 * Shipshape as a custom deployment protection rule ("Creating custom deployment protection
 * rules", docs.github.com/actions): GitHub holds a deployment to an environment that enabled the
 * rule, sends `deployment_protection_rule.requested` with the environment, the deployment and a
 * `deployment_callback_url`, and waits for the app's answer. Every delivery gets one answer (the
 * delivery ledger drops a redelivery); a deployment to an environment the gate does not judge, or
 * in a repository without a config, is approved saying so, so that nothing waits for nothing.
 */
export function onDeploymentProtectionRule(services: GateServices) {
  return async (context: GateContext): Promise<void> => {
    const payload = context.payload;
    const repo = context.repo();
    const environment = payload.environment ?? "";
    const runId = payload.deployment_callback_url ? runIdOf(payload.deployment_callback_url, repo) : undefined;
    if (runId === undefined) {
      // Not this repository's review route: posting the token elsewhere is never right.
      context.log.error(
        { repo: `${repo.owner}/${repo.repo}`, callback: payload.deployment_callback_url, delivery: context.id },
        "the deployment_callback_url is not this repository's deployment protection rule route; not answered",
      );
      return;
    }
    const answer = await decide(context, services, environment);
    context.log.info(
      { repo: `${repo.owner}/${repo.repo}`, environment, run: runId, state: answer.state, delivery: context.id },
      "answered the deployment protection rule",
    );
    await answerGate(
      { octokit: context.octokit, reader: services.reader, repo },
      { runId, environment, ...answer },
      { sleep: services.sleep, log: context.log },
    );
  };
}

async function decide(
  context: GateContext,
  services: GateServices,
  environment: string,
): Promise<{ state: "approved" | "rejected"; comment: string }> {
  const repo = context.repo();
  let loaded: LoadedConfig;
  try {
    loaded = await loadConfig(context.octokit, repo, services.reader);
  } catch (error) {
    return {
      state: "rejected",
      comment: renderConfigProblem(`GitHub did not answer the config read (${describeFailure(error)})`, []),
    };
  }
  if (loaded.kind === "absent") return { state: "approved", comment: renderNotApplicable("unconfigured", environment) };
  if (loaded.kind === "invalid")
    return {
      state: "rejected",
      comment: renderConfigProblem(
        "the Shipshape config is invalid",
        loaded.problems.map(
          (problem) => `${problem.file}:${problem.line}:${problem.column} ${problem.key} ${problem.message}`,
        ),
      ),
    };
  const { config } = loaded;
  if (!gateEnvironmentMatcher(config.gate, config.outcomes.production)(environment))
    return { state: "approved", comment: renderNotApplicable("environment", environment) };

  const payload = context.payload;
  // The deployment's commit; `sha` (the workflow's, from its check suite) when GitHub sent no deployment.
  const sha = payload.deployment?.sha ?? (payload as { sha?: string }).sha ?? "";
  const facts = await gatherFacts(context, services, config, environment, sha);
  const decision = judgeGate(config.gate, stagingOf(config), facts, services.now());
  return {
    state: decision.state,
    comment: renderGateComment(decision, { environment, sha, configFiles: loaded.files }),
  };
}

function stagingOf(config: ShipshapeConfig): string[] {
  return gateStagingEnvironments(config.gate, config.pull_requests.staging.environments);
}

async function gatherFacts(
  context: GateContext,
  services: GateServices,
  config: ShipshapeConfig,
  environment: string,
  sha: string,
): Promise<GateFacts> {
  const payload = context.payload;
  const reads: GateReads = {
    octokit: context.octokit,
    reader: services.reader,
    repo: context.repo(),
    cache: services.cache,
    appId: config.gate.practices === "off" ? undefined : await services.appId(),
    log: context.log,
  };
  const now = services.now().getTime();
  const facts: GateFacts = { environment, sha };
  if (config.gate.staged === "off" && config.gate.practices === "off") return facts;
  // The commit's and the environment's deployments with their statuses in one read; REST when GraphQL does not answer.
  const history = await readDeploymentHistory(reads, sha, environment);
  if (config.gate.staged !== "off") {
    const isStaging = globMatcher(stagingOf(config), { nocase: true });
    facts.staged = await readStagingEvidence(
      reads,
      sha,
      isStaging,
      now - durationMs(config.gate.staged_within),
      history,
    );
  }
  if (config.gate.practices !== "off") {
    const deployment = payload.deployment;
    facts.shipped = await readShippedPulls(
      reads,
      {
        id: deployment?.id ?? null,
        sha,
        environment,
        createdAt: deployment?.created_at ? Date.parse(deployment.created_at) : now,
        defaultBranch: payload.repository?.default_branch ?? "main",
      },
      history,
    );
  }
  return facts;
}
