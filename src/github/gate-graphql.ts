/**
 * The gate's reads that REST answers one deployment or one commit at a time, asked in GraphQL
 * instead: a deployment's statuses (REST: a read per deployment) and Shipshape's check run on each
 * shipped pull request's head (REST: a read per pull request). Each function answers `null` when
 * GraphQL did not answer (an error, or a GitHub without these fields): the caller then reads the
 * same facts through REST, so a gate never depends on GraphQL being there.
 */
import type { Logger } from "probot";
import type { Octokit } from "./octokit.js";

/** A deployment and when it first reached `success` (epoch ms), null when none of its statuses is one. */
export interface DeploymentRecord {
  id: number;
  sha: string;
  environment: string;
  createdAt: number;
  successAt: number | null;
}

/** The commit's deployments (any environment, newest first) and the environment's newest deployments. */
export interface DeploymentHistory {
  ofCommit: DeploymentRecord[];
  ofEnvironment: DeploymentRecord[];
}

/** Shipshape's check run on a commit, in the fields the gate reads of its REST listing. */
export interface OwnRun {
  conclusion: string | null;
  external_id: string | null;
  output: { text: string | null };
}

interface GraphqlReads {
  octokit: Octokit;
  repo: { owner: string; repo: string };
  log?: Logger;
}

/** The commit's deployments read, and the environment's (the same counts as the REST reads). */
const COMMIT_DEPLOYMENTS = 100;
const ENVIRONMENT_DEPLOYMENTS = 30;
/** Statuses read per deployment: a deployment has a handful; GitHub does not document their order, so all are searched. */
const STATUSES = 100;
/** Commits per check-run query ("Rate limits and node limits for the GraphQL API": 50 × 10 × 10 nodes is far below 500,000). */
const COMMITS_PER_QUERY = 50;

export const DEPLOYMENTS_QUERY = /* GraphQL */ `
  query GateDeployments($owner: String!, $name: String!, $sha: GitObjectID!, $environment: String!) {
    repository(owner: $owner, name: $name) {
      commit: object(oid: $sha) {
        ... on Commit {
          deployments(first: ${COMMIT_DEPLOYMENTS}, orderBy: { field: CREATED_AT, direction: DESC }) {
            nodes { ...deployment }
          }
        }
      }
      environment: deployments(
        environments: [$environment]
        first: ${ENVIRONMENT_DEPLOYMENTS}
        orderBy: { field: CREATED_AT, direction: DESC }
      ) {
        nodes { ...deployment }
      }
    }
  }
  fragment deployment on Deployment {
    databaseId
    commitOid
    environment
    createdAt
    statuses(first: ${STATUSES}) { nodes { state createdAt } }
  }
`;

interface DeploymentNode {
  databaseId: number | null;
  commitOid: string;
  environment: string | null;
  createdAt: string;
  statuses: { nodes: ({ state: string; createdAt: string } | null)[] | null } | null;
}

interface DeploymentsAnswer {
  repository: {
    commit: { deployments?: { nodes: (DeploymentNode | null)[] | null } | null } | null;
    environment: { nodes: (DeploymentNode | null)[] | null };
  } | null;
}

/** The deployments the gate judges a deployment by, with their successes, in one GraphQL read. */
export async function readDeploymentHistory(
  reads: GraphqlReads,
  sha: string,
  environment: string,
): Promise<DeploymentHistory | null> {
  const answer = await ask<DeploymentsAnswer>(reads, DEPLOYMENTS_QUERY, {
    owner: reads.repo.owner,
    name: reads.repo.repo,
    sha,
    environment,
  });
  // A commit GitHub does not resolve is read through REST too: the two never disagree on GitHub,
  // and an API that answers GraphQL without knowing every commit is not taken at its word.
  if (!answer?.repository?.commit) return null;
  const records = (nodes: (DeploymentNode | null)[] | null | undefined) =>
    (nodes ?? []).filter((node): node is DeploymentNode => node?.databaseId != null).map(toRecord);
  return {
    ofCommit: records(answer.repository.commit?.deployments?.nodes),
    ofEnvironment: records(answer.repository.environment.nodes),
  };
}

function toRecord(node: DeploymentNode): DeploymentRecord {
  const successes = (node.statuses?.nodes ?? [])
    .filter((status) => status?.state === "SUCCESS")
    .map((status) => Date.parse(status?.createdAt ?? ""));
  return {
    id: node.databaseId as number,
    sha: node.commitOid,
    environment: node.environment ?? "",
    createdAt: Date.parse(node.createdAt),
    successAt: successes.length > 0 ? Math.min(...successes) : null,
  };
}

interface CheckRunNode {
  databaseId: number | null;
  name: string;
  conclusion: string | null;
  externalId: string | null;
  text: string | null;
}

type CommitRuns = {
  checkSuites: {
    nodes:
      | ({
          app: { databaseId: number | null } | null;
          checkRuns: { nodes: (CheckRunNode | null)[] | null } | null;
        } | null)[]
      | null;
  } | null;
} | null;

/**
 * Shipshape's newest check run named `checkName` on each commit, by SHA (null: none; absent: the
 * commit was not resolved), read in
 * queries of up to 50 commits: the check suite of the app (`appId`; GitHub keeps one suite per
 * app and commit), checked again here as the REST read is (another app may name a run the same).
 */
export async function readOwnRuns(
  reads: GraphqlReads,
  shas: readonly string[],
  checkName: string,
  appId: number | undefined,
): Promise<Map<string, OwnRun | null> | null> {
  const found = new Map<string, OwnRun | null>();
  for (let start = 0; start < shas.length; start += COMMITS_PER_QUERY) {
    const chunk = shas.slice(start, start + COMMITS_PER_QUERY);
    const { query, variables } = ownRunsQuery(reads.repo, chunk, checkName, appId);
    const answer = await ask<{ repository: Record<string, CommitRuns> | null }>(reads, query, variables);
    if (!answer?.repository) return null;
    chunk.forEach((sha, index) => {
      const commit = answer.repository?.[`c${index}`];
      // A commit GitHub does not resolve is left out: the caller reads it through REST.
      if (commit) found.set(sha, newestRun(commit, checkName, appId));
    });
  }
  return found;
}

/** The query for the check runs of some commits: a commit per alias, every value a variable. */
export function ownRunsQuery(
  repo: { owner: string; repo: string },
  shas: readonly string[],
  checkName: string,
  appId: number | undefined,
): { query: string; variables: Record<string, unknown> } {
  const variables: Record<string, unknown> = { owner: repo.owner, name: repo.repo, checkName };
  const declarations = ["$owner: String!", "$name: String!", "$checkName: String!"];
  if (appId !== undefined) {
    variables.appId = appId;
    declarations.push("$appId: Int");
  }
  const commits = shas.map((sha, index) => {
    variables[`c${index}`] = sha;
    declarations.push(`$c${index}: GitObjectID!`);
    return `c${index}: object(oid: $c${index}) { ...runs }`;
  });
  const suiteFilter = appId !== undefined ? "{ appId: $appId, checkName: $checkName }" : "{ checkName: $checkName }";
  const query = `query GateCheckRuns(${declarations.join(", ")}) {
    repository(owner: $owner, name: $name) { ${commits.join(" ")} }
  }
  fragment runs on Commit {
    checkSuites(first: 10, filterBy: ${suiteFilter}) {
      nodes { app { databaseId } checkRuns(first: 10, filterBy: { checkName: $checkName }) {
        nodes { databaseId name conclusion externalId text }
      } }
    }
  }`;
  return { query, variables };
}

function newestRun(commit: CommitRuns, checkName: string, appId: number | undefined): OwnRun | null {
  let newest: CheckRunNode | null = null;
  for (const suite of commit?.checkSuites?.nodes ?? []) {
    if (!suite || (appId !== undefined && suite.app?.databaseId !== appId)) continue;
    for (const run of suite.checkRuns?.nodes ?? []) {
      if (run?.name !== checkName) continue;
      if (!newest || (run.databaseId ?? 0) > (newest.databaseId ?? 0)) newest = run;
    }
  }
  if (!newest) return null;
  return {
    // REST's lower-case conclusions (GraphQL's `SUCCESS` is REST's `success`).
    conclusion: newest.conclusion?.toLowerCase() ?? null,
    external_id: newest.externalId,
    output: { text: newest.text },
  };
}

/** One GraphQL read; null when it failed in any part (the caller reads through REST instead). */
async function ask<T>(reads: GraphqlReads, query: string, variables: Record<string, unknown>): Promise<T | null> {
  try {
    return await reads.octokit.graphql<T>(query, variables);
  } catch (error) {
    reads.log?.debug({ err: error }, "the gate's GraphQL read failed; REST reads the same facts");
    return null;
  }
}
