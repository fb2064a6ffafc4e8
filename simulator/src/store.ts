/**
 * The simulator's state: an in-memory GitHub with just the objects Shipshape reads and writes.
 * Tests and the demo seed it through these types and inspect it afterwards.
 */

export interface SimUser {
  login: string;
  id: number;
  type: "User" | "Bot";
}

export interface SimChangedFile {
  filename: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  additions: number;
  deletions: number;
  changes: number;
  previous_filename?: string;
  /**
   * The file's unified diff as the files list shows it; null: GitHub shows none (a diff too large).
   * When unset, a text file gets a patch of its `additions` and `deletions` and a binary one none.
   */
  patch?: string | null;
}

export interface SimPull {
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  draft: boolean;
  user: SimUser;
  labels: string[];
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  files: SimChangedFile[];
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  merged_at: string | null;
  /** The pull request's commits, oldest first (`GET /repos/{owner}/{repo}/pulls/{pull_number}/commits`). */
  commits?: { sha: string; authoredAt: string }[];
  /** The commit its merge put on the base branch; the head commit when not given. */
  merge_commit_sha?: string;
}

/** A comment on an issue or pull request (pull requests' conversation comments are issue comments). */
export interface SimComment {
  id: number;
  issueNumber: number;
  body: string;
  user: SimUser;
  created_at: string;
  updated_at: string;
}

/** Repository roles (Settings → Collaborators and teams); the owner is admin. */
export type SimRole = "admin" | "maintain" | "write" | "triage" | "read";

export interface SimDeploymentStatus {
  id: number;
  state: "error" | "failure" | "inactive" | "pending" | "success" | "queued" | "in_progress";
  environment: string;
  created_at: string;
}

export interface SimDeployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  created_at: string;
  statuses: SimDeploymentStatus[];
}

/**
 * A workflow run's job waiting on the app's custom deployment protection rule for an environment
 * ("Creating custom deployment protection rules"; "Reviewing deployments": a job not approved
 * within 30 days fails).
 */
export interface SimProtectionRun {
  /** The workflow run's id (the `{run_id}` of the callback route). */
  id: number;
  environment: string;
  deploymentId: number;
  created_at: string;
  state: "waiting" | "approved" | "rejected" | "timed_out";
  /** The answers the app gave, as the run shows them. */
  reviews: { state: "approved" | "rejected"; comment: string; at: string }[];
}

export interface SimCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  external_id: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  /**
   * The GitHub App that created the run: anything holding `checks: write` can create a run of any
   * name, a workflow's runs belonging to GitHub Actions (`github-actions`), and each run reports
   * its creator as `app` (`GET /repos/{owner}/{repo}/commits/{ref}/check-runs`, schema `check-run`,
   * `app`: `integration` with `id` and `slug`). `app_slug` names an app other than the simulated one.
   */
  app_id: number;
  app_slug?: string;
  started_at: string;
  completed_at: string | null;
}

export interface SimCommitStatus {
  id: number;
  sha: string;
  context: string;
  state: "error" | "failure" | "pending" | "success";
  created_at: string;
}

export interface SimIssue {
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  state_reason: "completed" | "not_planned" | "reopened" | null;
  labels: string[];
  assignees: string[];
  user: SimUser;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  closed_by: SimUser | null;
}

export interface SimMilestone {
  number: number;
  title: string;
  state: "open" | "closed";
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  due_on: string | null;
}

export interface SimAlert {
  number: number;
  state: "auto_dismissed" | "dismissed" | "fixed" | "open";
  severity: "low" | "medium" | "high" | "critical";
  package: { ecosystem: string; name: string };
  created_at: string;
  updated_at: string;
}

export interface SimRepository {
  id: number;
  owner: string;
  name: string;
  defaultBranch: string;
  installationId: number;
  private: boolean;
  /** File contents by ref (a branch name or a commit SHA), then by path. */
  files: Map<string, Map<string, string>>;
  pulls: SimPull[];
  deployments: SimDeployment[];
  checkRuns: SimCheckRun[];
  statuses: SimCommitStatus[];
  issues: SimIssue[];
  milestones: SimMilestone[];
  alerts: SimAlert[];
  comments: SimComment[];
  /** Collaborators' roles by login. */
  collaborators: Map<string, SimRole>;
  /**
   * Why the alerts endpoint answers 403: the app lacks "Dependabot alerts: read", or the
   * repository has Dependabot alerts turned off (GitHub says so in the message). False: readable.
   */
  alertsForbidden: false | "permission" | "disabled";
  /** Issue and pull-request numbers share one sequence, as on GitHub. */
  nextNumber: number;
  /** Commits reachable from the default branch (merged pull requests' heads among them). */
  defaultBranchCommits: Set<string>;
  /** Environments (exact names) that enabled the app as a custom deployment protection rule. */
  protectedEnvironments: Set<string>;
  /** Jobs waiting on, or answered by, the app's protection rule. */
  protectionRuns: SimProtectionRun[];
}

export interface SimInstallation {
  id: number;
  account: SimUser;
  repositories: string[];
}

/** How long a job waits for a protection rule's answer before it fails. */
export const PROTECTION_TIMEOUT_MS = 30 * 24 * 3_600_000;

export class SimStore {
  readonly repositories = new Map<string, SimRepository>();
  readonly installations = new Map<number, SimInstallation>();
  readonly tokens = new Map<string, { installationId: number; expiresAt: number }>();
  #nextId = 1000;

  constructor(
    readonly app: { id: number; slug: string; botUser: SimUser },
    private readonly clock: () => Date,
  ) {}

  nextId(): number {
    return this.#nextId++;
  }

  now(): string {
    return this.clock().toISOString();
  }

  addInstallation(owner: string, id = this.nextId()): SimInstallation {
    const installation: SimInstallation = {
      id,
      account: { login: owner, id: this.nextId(), type: "User" },
      repositories: [],
    };
    this.installations.set(id, installation);
    return installation;
  }

  addRepository(fullName: string, installationId: number, options: { defaultBranch?: string } = {}): SimRepository {
    const [owner, name] = fullName.split("/") as [string, string];
    const repository: SimRepository = {
      id: this.nextId(),
      owner,
      name,
      defaultBranch: options.defaultBranch ?? "main",
      installationId,
      private: false,
      files: new Map(),
      pulls: [],
      deployments: [],
      checkRuns: [],
      statuses: [],
      issues: [],
      milestones: [],
      alerts: [],
      comments: [],
      collaborators: new Map(),
      alertsForbidden: false,
      nextNumber: 1,
      defaultBranchCommits: new Set(),
      protectedEnvironments: new Set(),
      protectionRuns: [],
    };
    this.repositories.set(key(owner, name), repository);
    this.installations.get(installationId)?.repositories.push(fullName);
    return repository;
  }

  repository(owner: string, name: string): SimRepository | undefined {
    return this.repositories.get(key(owner, name));
  }

  /** Writes a file on a ref (the default branch unless given). */
  putFile(repository: SimRepository, path: string, text: string, ref = repository.defaultBranch): void {
    let files = repository.files.get(ref);
    if (!files) {
      files = new Map();
      repository.files.set(ref, files);
    }
    files.set(path, text);
  }

  readFile(repository: SimRepository, path: string, ref = repository.defaultBranch): string | undefined {
    return repository.files.get(ref)?.get(path);
  }

  /**
   * Answers a waiting protection run as `POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule`
   * does ("Review custom deployment protection rules for a workflow run"): approved, the job goes
   * on (its deployment is `queued`); rejected, the job fails ("The deployment was rejected or didn't
   * satisfy other protection rules", the run's annotation), which the simulator shows as a
   * `failure` status. A run answered already, or timed out, is not pending: 422 (GitHub's answer
   * there is not documented; the simulator refuses a second answer as GitHub refuses invalid input).
   */
  answerProtectionRun(
    repository: SimRepository,
    run: SimProtectionRun,
    state: "approved" | "rejected",
    comment: string,
  ): "answered" | "not pending" {
    this.expireProtectionRuns(repository);
    if (run.state !== "waiting") return "not pending";
    run.state = state;
    run.reviews.push({ state, comment, at: this.now() });
    const deployment = repository.deployments.find((item) => item.id === run.deploymentId);
    if (deployment) this.addDeploymentStatus(repository, deployment, state === "approved" ? "queued" : "failure");
    return "answered";
  }

  /**
   * Jobs waiting longer than 30 days fail ("Reviewing deployments": "If a job is not approved within
   * 30 days, it will automatically fail"; a custom rule's job waits the same way).
   */
  expireProtectionRuns(repository: SimRepository): void {
    const now = this.clock().getTime();
    for (const run of repository.protectionRuns) {
      if (run.state !== "waiting" || now - Date.parse(run.created_at) < PROTECTION_TIMEOUT_MS) continue;
      run.state = "timed_out";
      const deployment = repository.deployments.find((item) => item.id === run.deploymentId);
      if (deployment) this.addDeploymentStatus(repository, deployment, "failure");
    }
  }

  /**
   * Adds a deployment status as `POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses`
   * does, `auto_inactive` included (default true): "Adds a new `inactive` status to all prior
   * non-transient, non-production environment deployments with the same repository and
   * `environment` name as the created status's deployment. An `inactive` status is only added to
   * deployments that had a `success` state." (GitHub's OpenAPI description of that route.)
   */
  addDeploymentStatus(
    repository: SimRepository,
    deployment: SimDeployment,
    state: SimDeploymentStatus["state"],
    { autoInactive = true }: { autoInactive?: boolean } = {},
  ): SimDeploymentStatus {
    const status = { id: this.nextId(), state, environment: deployment.environment, created_at: this.now() };
    deployment.statuses.push(status);
    if (state === "success" && autoInactive) {
      for (const prior of repository.deployments) {
        // `production_environment` defaults to true for an environment named "production" (same page).
        if (prior.id >= deployment.id || prior.environment !== deployment.environment) continue;
        if (prior.environment === "production") continue;
        const latest = prior.statuses.at(-1)?.state;
        if (latest === "inactive" || !prior.statuses.some((earlier) => earlier.state === "success")) continue;
        prior.statuses.push({
          id: this.nextId(),
          state: "inactive",
          environment: prior.environment,
          created_at: this.now(),
        });
      }
    }
    return status;
  }
}

function key(owner: string, name: string): string {
  return `${owner.toLowerCase()}/${name.toLowerCase()}`;
}
