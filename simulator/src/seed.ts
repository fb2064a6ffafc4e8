import { createHash } from "node:crypto";
import type {
  SimChangedFile,
  SimComment,
  SimDeployment,
  SimMilestone,
  SimProtectionRun,
  SimPull,
  SimRepository,
  SimStore,
  SimUser,
} from "./store.js";

/** A fake commit SHA derived from a label, stable across runs. */
export function sha(label: string): string {
  return createHash("sha1").update(label).digest("hex");
}

export interface PullSeed {
  title: string;
  body?: string | null;
  author?: string;
  headRef?: string;
  files?: (string | (Partial<SimChangedFile> & { filename: string }))[];
  labels?: string[];
  createdAt?: string;
}

/** Opens a pull request in the simulator, its head commit carrying the given changes. */
export function openPull(store: SimStore, repository: SimRepository, seed: PullSeed): SimPull {
  const number = repository.nextNumber++;
  const now = seed.createdAt ?? store.now();
  const headRef = seed.headRef ?? `change-${number}`;
  const author: SimUser = seed.author?.endsWith("[bot]")
    ? { login: seed.author, id: 49_699_333, type: "Bot" }
    : { login: seed.author ?? "octocat", id: 583_231, type: "User" };
  const pull: SimPull = {
    number,
    title: seed.title,
    body: seed.body ?? null,
    state: "open",
    draft: false,
    user: author,
    labels: seed.labels ?? [],
    head: { ref: headRef, sha: sha(`${repository.owner}/${repository.name}#${number}@1`) },
    base: { ref: repository.defaultBranch, sha: sha(`${repository.owner}/${repository.name}@base`) },
    files: (seed.files ?? []).map(toChangedFile),
    created_at: now,
    updated_at: now,
    closed_at: null,
    merged_at: null,
  };
  repository.pulls.push(pull);
  return pull;
}

/** Pushes a new head commit to a pull request, with more changed files. */
export function pushToPull(store: SimStore, pull: SimPull, files: PullSeed["files"] = []): void {
  pull.head = { ...pull.head, sha: sha(`${pull.head.sha}+next`) };
  pull.files.push(...files.map(toChangedFile));
  pull.updated_at = store.now();
}

/** Records a deployment of a commit and its status, as a CD system would. */
export function deploy(
  store: SimStore,
  repository: SimRepository,
  commit: string,
  environment: string,
  state: SimDeployment["statuses"][number]["state"],
): SimDeployment {
  const deployment: SimDeployment = {
    id: store.nextId(),
    sha: commit,
    ref: commit,
    environment,
    created_at: store.now(),
    statuses: [],
  };
  repository.deployments.push(deployment);
  store.addDeploymentStatus(repository, deployment, state);
  return deployment;
}

/**
 * A workflow job deploying `commit` to `environment`, as GitHub Actions creates it. Where the
 * environment enabled the app's custom deployment protection rule, the job waits: the deployment
 * has no status yet (REST's deployment statuses have no "waiting"; GraphQL's DeploymentStatusState
 * does) and a protection run waits for the app's answer, which the `deployment_protection_rule`
 * webhook asks for (PayloadFactory.deploymentProtectionRule). Elsewhere it is deployed at once.
 */
export function requestDeployment(
  store: SimStore,
  repository: SimRepository,
  commit: string,
  environment: string,
): { deployment: SimDeployment; run?: SimProtectionRun } {
  if (!repository.protectedEnvironments.has(environment))
    return { deployment: deploy(store, repository, commit, environment, "success") };
  const deployment: SimDeployment = {
    id: store.nextId(),
    sha: commit,
    ref: repository.defaultBranch,
    environment,
    created_at: store.now(),
    statuses: [],
  };
  repository.deployments.push(deployment);
  const run: SimProtectionRun = {
    id: store.nextId(),
    environment,
    deploymentId: deployment.id,
    created_at: store.now(),
    state: "waiting",
    reviews: [],
  };
  repository.protectionRuns.push(run);
  return { deployment, run };
}

/**
 * Merges a pull request: its head commit is on the default branch from then on, so
 * `GET /commits/{sha}/pulls` lists only the merged pull request for it.
 */
export function mergePull(store: SimStore, repository: SimRepository, pull: SimPull): void {
  const now = store.now();
  Object.assign(pull, { state: "closed", merged_at: now, closed_at: now, updated_at: now });
  repository.defaultBranchCommits.add(pull.head.sha);
}

/** Records a milestone closed `closedAt` (opened two weeks before), as a finished sprint. */
export function closeMilestone(repository: SimRepository, title: string, closedAt: string): SimMilestone {
  const number = repository.milestones.length + 1;
  const openedAt = new Date(new Date(closedAt).getTime() - 14 * 86_400_000).toISOString();
  const milestone: SimMilestone = {
    number,
    title,
    state: "closed",
    created_at: openedAt,
    updated_at: closedAt,
    closed_at: closedAt,
    due_on: closedAt,
  };
  repository.milestones.push(milestone);
  return milestone;
}

function toChangedFile(file: NonNullable<PullSeed["files"]>[number]): SimChangedFile {
  const base = typeof file === "string" ? { filename: file } : file;
  return { status: "modified", additions: 3, deletions: 1, changes: 4, ...base };
}

/**
 * A comment written on an issue or pull request by `login`: a person, or a bot account when the
 * login ends in `[bot]` (GitHub Apps' and Dependabot's accounts, `type: "Bot"` in REST
 * `simple-user`), never the app.
 */
export function addComment(
  store: SimStore,
  repository: SimRepository,
  issueNumber: number,
  login: string,
  body: string,
): SimComment {
  const now = store.now();
  const comment: SimComment = {
    id: store.nextId(),
    issueNumber,
    body,
    user: { login, id: 500_000 + store.nextId(), type: login.endsWith("[bot]") ? "Bot" : "User" },
    created_at: now,
    updated_at: now,
  };
  repository.comments.push(comment);
  const pull = repository.pulls.find((item) => item.number === issueNumber);
  if (pull) pull.updated_at = now;
  return comment;
}

/**
 * Edits a comment as GitHub does: `updated_at` moves, `created_at` and the id stay (REST
 * "issue-comment": `created_at`, `updated_at`; an edit is `PATCH /repos/{owner}/{repo}/issues/
 * comments/{comment_id}`, which changes `body` only). The `issue_comment.edited` webhook carries
 * `changes.body.from`. Returns the body before the edit.
 */
export function editComment(store: SimStore, comment: SimComment, body: string): string {
  const from = comment.body;
  comment.body = body;
  comment.updated_at = store.now();
  return from;
}
