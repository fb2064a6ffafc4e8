import type { components } from "@octokit/openapi-types";
import type {
  SimAlert,
  SimCheckRun,
  SimComment,
  SimCommitStatus,
  SimDeployment,
  SimDeploymentStatus,
  SimIssue,
  SimMilestone,
  SimPull,
  SimRepository,
  SimUser,
} from "./store.js";

type Schemas = components["schemas"];

/**
 * A response object checked against GitHub's OpenAPI description: every field given must exist
 * there with that type, so a drifting field name or type fails the type-check. Fields the app
 * never reads may be left out.
 */
export type Shape<T> = { [K in keyof T]?: T[K] };

export interface Urls {
  /** e.g. http://127.0.0.1:4000 (web) and http://127.0.0.1:4000/api/v3 (API) */
  web: string;
  api: string;
}

export function user(account: SimUser, urls: Urls): Shape<Schemas["simple-user"]> {
  return {
    login: account.login,
    id: account.id,
    type: account.type,
    html_url: `${urls.web}/${account.login}`,
    url: `${urls.api}/users/${account.login}`,
    site_admin: false,
  };
}

export function label(name: string, repository: SimRepository, urls: Urls): Shape<Schemas["label"]> {
  return {
    id: hashId(`${repository.id}:${name}`),
    name,
    color: "ededed",
    default: false,
    description: null,
    url: `${urls.api}/repos/${repository.owner}/${repository.name}/labels/${encodeURIComponent(name)}`,
  };
}

export function repositoryObject(repository: SimRepository, owner: SimUser, urls: Urls): Shape<Schemas["repository"]> {
  return {
    id: repository.id,
    name: repository.name,
    full_name: `${repository.owner}/${repository.name}`,
    private: repository.private,
    owner: user(owner, urls) as Schemas["simple-user"],
    default_branch: repository.defaultBranch,
    archived: false,
    disabled: false,
    html_url: `${urls.web}/${repository.owner}/${repository.name}`,
    url: `${urls.api}/repos/${repository.owner}/${repository.name}`,
  };
}

export function pullRequest(pull: SimPull, repository: SimRepository, urls: Urls): Shape<Schemas["pull-request"]> {
  const repo = `${repository.owner}/${repository.name}`;
  return {
    id: hashId(`${repository.id}:pull:${pull.number}`),
    number: pull.number,
    title: pull.title,
    body: pull.body,
    state: pull.state,
    draft: pull.draft,
    locked: false,
    user: user(pull.user, urls) as Schemas["simple-user"],
    labels: pull.labels.map((name) => label(name, repository, urls)) as Schemas["pull-request"]["labels"],
    head: {
      ref: pull.head.ref,
      sha: pull.head.sha,
      label: `${repository.owner}:${pull.head.ref}`,
    } as Schemas["pull-request"]["head"],
    base: {
      ref: pull.base.ref,
      sha: pull.base.sha,
      label: `${repository.owner}:${pull.base.ref}`,
    } as Schemas["pull-request"]["base"],
    created_at: pull.created_at,
    updated_at: pull.updated_at,
    closed_at: pull.closed_at,
    merged_at: pull.merged_at,
    merged: pull.merged_at !== null,
    // The commit the merge put on the base branch (a merge, squash or rebase commit); this
    // simulator merges by fast-forward, so it is the head commit unless a test says otherwise.
    merge_commit_sha: pull.merged_at ? (pull.merge_commit_sha ?? pull.head.sha) : null,
    comments: repository.comments.filter((comment) => comment.issueNumber === pull.number).length,
    changed_files: pull.files.length,
    additions: pull.files.reduce((sum, file) => sum + file.additions, 0),
    deletions: pull.files.reduce((sum, file) => sum + file.deletions, 0),
    html_url: `${urls.web}/${repo}/pull/${pull.number}`,
    url: `${urls.api}/repos/${repo}/pulls/${pull.number}`,
  };
}

export function diffEntry(
  file: SimPull["files"][number],
  repository: SimRepository,
  sha: string,
  urls: Urls,
): Shape<Schemas["diff-entry"]> {
  return {
    sha: hashId(file.filename).toString(16).padStart(40, "0"),
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.changes,
    ...(file.previous_filename ? { previous_filename: file.previous_filename } : {}),
    ...patchOf(file),
    blob_url: `${urls.web}/${repository.owner}/${repository.name}/blob/${sha}/${file.filename}`,
    raw_url: `${urls.web}/${repository.owner}/${repository.name}/raw/${sha}/${file.filename}`,
    contents_url: `${urls.api}/repos/${repository.owner}/${repository.name}/contents/${file.filename}?ref=${sha}`,
  };
}

export function deployment(item: SimDeployment, urls: Urls, repository: SimRepository): Shape<Schemas["deployment"]> {
  return {
    id: item.id,
    sha: item.sha,
    ref: item.ref,
    task: "deploy",
    environment: item.environment,
    original_environment: item.environment,
    created_at: item.created_at,
    updated_at: item.created_at,
    url: `${urls.api}/repos/${repository.owner}/${repository.name}/deployments/${item.id}`,
  };
}

export function deploymentStatus(
  status: SimDeploymentStatus,
  item: SimDeployment,
  urls: Urls,
  repository: SimRepository,
): Shape<Schemas["deployment-status"]> {
  return {
    id: status.id,
    state: status.state,
    environment: status.environment,
    created_at: status.created_at,
    updated_at: status.created_at,
    deployment_url: `${urls.api}/repos/${repository.owner}/${repository.name}/deployments/${item.id}`,
  };
}

export function checkRun(
  run: SimCheckRun,
  app: { id: number; slug: string },
  urls: Urls,
  repository: SimRepository,
): Shape<Schemas["check-run"]> {
  return {
    id: run.id,
    name: run.name,
    head_sha: run.head_sha,
    status: run.status,
    conclusion: run.conclusion as Schemas["check-run"]["conclusion"],
    external_id: run.external_id,
    started_at: run.started_at,
    completed_at: run.completed_at,
    output: {
      ...run.output,
      annotations_count: 0,
      annotations_url: `${urls.api}/repos/${repository.owner}/${repository.name}/check-runs/${run.id}/annotations`,
    },
    app: (run.app_id === app.id
      ? { id: app.id, slug: app.slug, name: app.slug }
      : {
          id: run.app_id,
          slug: run.app_slug ?? "github-actions",
          name: run.app_slug ?? "GitHub Actions",
        }) as Schemas["check-run"]["app"],
    pull_requests: [],
    html_url: `${urls.web}/${repository.owner}/${repository.name}/runs/${run.id}`,
    url: `${urls.api}/repos/${repository.owner}/${repository.name}/check-runs/${run.id}`,
  };
}

export function commitStatus(status: SimCommitStatus): Shape<Schemas["simple-commit-status"]> {
  return {
    id: status.id,
    context: status.context,
    state: status.state,
    description: null,
    target_url: null,
    created_at: status.created_at,
    updated_at: status.created_at,
  };
}

export function issue(item: SimIssue, repository: SimRepository, urls: Urls): Shape<Schemas["issue"]> {
  const repo = `${repository.owner}/${repository.name}`;
  return {
    id: hashId(`${repository.id}:issue:${item.number}`),
    number: item.number,
    title: item.title,
    body: item.body,
    state: item.state,
    state_reason: item.state_reason,
    labels: item.labels.map((name) => label(name, repository, urls)) as Schemas["issue"]["labels"],
    assignees: item.assignees.map((login) =>
      user({ login, id: hashId(login), type: "User" }, urls),
    ) as Schemas["simple-user"][],
    assignee: item.assignees[0]
      ? (user(
          { login: item.assignees[0], id: hashId(item.assignees[0]), type: "User" },
          urls,
        ) as Schemas["simple-user"])
      : null,
    user: user(item.user, urls) as Schemas["simple-user"],
    created_at: item.created_at,
    updated_at: item.updated_at,
    closed_at: item.closed_at,
    closed_by: item.closed_by ? (user(item.closed_by, urls) as Schemas["simple-user"]) : null,
    comments: repository.comments.filter((comment) => comment.issueNumber === item.number).length,
    locked: false,
    html_url: `${urls.web}/${repo}/issues/${item.number}`,
    url: `${urls.api}/repos/${repo}/issues/${item.number}`,
  };
}

/**
 * A pull request as the issues API and `issue_comment` payloads show it: an issue with a
 * `pull_request` key holding its addresses and merge time, never its head commit.
 */
export function pullAsIssue(pull: SimPull, repository: SimRepository, urls: Urls) {
  const repo = `${repository.owner}/${repository.name}`;
  return {
    ...issue({ ...pull, state_reason: null, assignees: [], closed_by: null }, repository, urls),
    pull_request: {
      url: `${urls.api}/repos/${repo}/pulls/${pull.number}`,
      html_url: `${urls.web}/${repo}/pull/${pull.number}`,
      merged_at: pull.merged_at,
    },
  };
}

export function milestone(item: SimMilestone, repository: SimRepository, urls: Urls): Shape<Schemas["milestone"]> {
  return {
    id: hashId(`${repository.id}:milestone:${item.number}`),
    number: item.number,
    title: item.title,
    state: item.state,
    created_at: item.created_at,
    updated_at: item.updated_at,
    closed_at: item.closed_at,
    due_on: item.due_on,
    open_issues: 0,
    closed_issues: 0,
    html_url: `${urls.web}/${repository.owner}/${repository.name}/milestone/${item.number}`,
  };
}

export function alert(item: SimAlert, repository: SimRepository, urls: Urls): Shape<Schemas["dependabot-alert"]> {
  return {
    number: item.number,
    state: item.state,
    created_at: item.created_at,
    updated_at: item.updated_at,
    dependency: {
      package: item.package,
      manifest_path: "package.json",
      scope: "runtime",
    } as Schemas["dependabot-alert"]["dependency"],
    security_advisory: {
      severity: item.severity,
      summary: `Vulnerability in ${item.package.name}`,
    } as Schemas["dependabot-alert"]["security_advisory"],
    security_vulnerability: {
      severity: item.severity,
      package: item.package,
    } as Schemas["dependabot-alert"]["security_vulnerability"],
    html_url: `${urls.web}/${repository.owner}/${repository.name}/security/dependabot/${item.number}`,
    url: `${urls.api}/repos/${repository.owner}/${repository.name}/dependabot/alerts/${item.number}`,
  };
}

export function issueComment(
  comment: SimComment,
  repository: SimRepository,
  urls: Urls,
): Shape<Schemas["issue-comment"]> {
  const repo = `${repository.owner}/${repository.name}`;
  const isPull = repository.pulls.some((pull) => pull.number === comment.issueNumber);
  return {
    id: comment.id,
    body: comment.body,
    user: user(comment.user, urls) as Schemas["simple-user"],
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    html_url: `${urls.web}/${repo}/${isPull ? "pull" : "issues"}/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${urls.api}/repos/${repo}/issues/${comment.issueNumber}`,
    url: `${urls.api}/repos/${repo}/issues/comments/${comment.id}`,
    author_association: "NONE",
  };
}

export function pullCommit(
  commit: { sha: string; authoredAt: string },
  repository: SimRepository,
  urls: Urls,
): Shape<Schemas["commit"]> {
  const repo = `${repository.owner}/${repository.name}`;
  const person = { name: "Developer", email: "developer@example.com", date: commit.authoredAt };
  return {
    sha: commit.sha,
    commit: {
      author: person,
      committer: person,
      message: "Change",
      tree: { sha: commit.sha, url: `${urls.api}/repos/${repo}/git/trees/${commit.sha}` },
      url: `${urls.api}/repos/${repo}/git/commits/${commit.sha}`,
      comment_count: 0,
    } as Schemas["commit"]["commit"],
    html_url: `${urls.web}/${repo}/commit/${commit.sha}`,
    url: `${urls.api}/repos/${repo}/commits/${commit.sha}`,
  };
}

/** A stable positive id for objects the simulator does not number itself. */
export function hashId(text: string): number {
  let hash = 2166136261;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 16777619);
  }
  return (hash >>> 0) % 2_000_000_000;
}

/** Extensions of files GitHub shows as binary: their diff entries have no `patch`. */
const BINARY =
  /\.(?:png|jpe?g|gif|ico|webp|bmp|pdf|zip|gz|tgz|jar|woff2?|ttf|eot|otf|mp[34]|mov|wasm|exe|dll|so|dylib)$/i;

/**
 * The `patch` of a diff entry (`diff-entry` in GitHub's OpenAPI description, optional): the
 * unified diff's hunks without the file header. GitHub leaves it out for binary files and for
 * diffs too large to show; a seeded file without one gets lines standing for its counts.
 */
function patchOf(file: SimPull["files"][number]): { patch?: string } {
  if (file.patch === null) return {};
  if (file.patch !== undefined) return { patch: file.patch };
  if (BINARY.test(file.filename) || file.changes === 0) return {};
  const removed = Array.from({ length: file.deletions }, (_, index) => `-removed_line(${index + 1})`);
  const added = Array.from({ length: file.additions }, (_, index) => `+added_line(${index + 1})`);
  return { patch: [`@@ -1,${file.deletions} +1,${file.additions} @@`, ...removed, ...added].join("\n") };
}
