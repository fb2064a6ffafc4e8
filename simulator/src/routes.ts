import type { Urls } from "./present.js";
import * as present from "./present.js";
import type { Handler, Router, SimRequest, SimResponse } from "./router.js";
import type { SimIssue, SimRepository, SimStore } from "./store.js";

/** GitHub lists at most this many files of a pull request. */
export const PULL_FILES_CAP = 3000;

const notFound = (): SimResponse => ({
  status: 404,
  body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" },
});
const invalid = (message: string): SimResponse => ({
  status: 422,
  body: { message, documentation_url: "https://docs.github.com/rest" },
});

/** Registers the REST routes Shipshape uses. */
export function registerRoutes(
  router: Router,
  store: SimStore,
  urls: () => Urls,
  issueToken: (installationId: number) => { token: string; expires_at: string },
): void {
  const repoRoute = (
    method: string,
    path: string,
    handler: (request: SimRequest & { repository: SimRepository }) => ReturnType<Handler>,
  ) =>
    router.on(method, `/repos/:owner/:repo${path}`, "installation", (request) =>
      request.repository ? handler(request as SimRequest & { repository: SimRepository }) : notFound(),
    );
  const owner = (repository: SimRepository) =>
    store.installations.get(repository.installationId)?.account ?? {
      login: repository.owner,
      id: 1,
      type: "User" as const,
    };

  // --- the app and its installations -------------------------------------------------------
  router.on("GET", "/app", "app", () => ({
    status: 200,
    body: { id: store.app.id, slug: store.app.slug, name: store.app.slug, owner: null },
  }));
  router.on("GET", "/app/installations", "app", () => ({
    list: [...store.installations.values()].map((installation) => ({
      id: installation.id,
      account: present.user(installation.account, urls()),
      app_id: store.app.id,
      target_type: "Organization",
      repository_selection: "selected",
    })),
  }));
  router.on("POST", "/app/installations/:id/access_tokens", "app", (request) => {
    const id = Number(request.params.id);
    if (!store.installations.has(id)) return notFound();
    return { status: 201, body: { ...issueToken(id), permissions: {}, repository_selection: "selected" } };
  });
  router.on("GET", "/repos/:owner/:repo/installation", "app", ({ params }) => {
    const repository = store.repository(params.owner ?? "", params.repo ?? "");
    const installation = repository && store.installations.get(repository.installationId);
    if (!installation) return notFound();
    return {
      status: 200,
      body: { id: installation.id, account: present.user(installation.account, urls()), app_id: store.app.id },
    };
  });
  router.on("GET", "/installation/repositories", "installation", (request) => {
    const installation = store.installations.get(request.installationId ?? -1);
    const repositories = (installation?.repositories ?? [])
      .map((fullName) => store.repository(...(fullName.split("/") as [string, string])))
      .filter((repository): repository is SimRepository => repository !== undefined);
    return {
      list: repositories.map((repository) => present.repositoryObject(repository, owner(repository), urls())),
      wrap: (page) => ({ total_count: repositories.length, repositories: page }),
    };
  });

  // --- repositories and contents -------------------------------------------------------------
  repoRoute("GET", "", ({ repository }) => ({
    status: 200,
    body: present.repositoryObject(repository, owner(repository), urls()),
  }));
  // GET /repos/{owner}/{repo}/contents/{path}: an empty path lists the root folder.
  repoRoute("GET", "/contents", (request) => listFolder(request.repository, "", request.query));
  repoRoute("GET", "/contents/", (request) => listFolder(request.repository, "", request.query));
  repoRoute("GET", "/contents/:path*", ({ repository, params, query, headers }) => {
    const ref = query.get("ref") ?? repository.defaultBranch;
    const path = params.path ?? "";
    const text = store.readFile(repository, path, ref);
    if (text === undefined) return listFolder(repository, path, query);
    if (String(headers.accept ?? "").includes("raw")) {
      return { status: 200, body: text, headers: { "content-type": "text/plain; charset=utf-8" } };
    }
    // "Get repository content": between 1 and 100 MB the JSON form has no content
    // (`content: ""`, `encoding: "none"`); only the raw media type returns it.
    const size = Buffer.byteLength(text);
    const tooLarge = size > 1024 * 1024;
    return {
      status: 200,
      body: {
        type: "file",
        encoding: tooLarge ? "none" : "base64",
        path,
        name: path.split("/").pop(),
        size,
        content: tooLarge ? "" : Buffer.from(text).toString("base64"),
      },
    };
  });

  /** A folder's listing: its files and sub-folders, one level deep, as the contents API gives it. */
  const listFolder = (repository: SimRepository, path: string, query: URLSearchParams): SimResponse => {
    const ref = query.get("ref") ?? repository.defaultBranch;
    const prefix = path === "" ? "" : `${path.replace(/\/$/, "")}/`;
    const entries = new Map<string, "file" | "dir">();
    for (const file of repository.files.get(ref)?.keys() ?? []) {
      if (!file.startsWith(prefix)) continue;
      const [name, ...rest] = file.slice(prefix.length).split("/");
      if (name) entries.set(name, rest.length > 0 ? "dir" : "file");
    }
    if (entries.size === 0 && path !== "") return notFound();
    return {
      status: 200,
      body: [...entries].map(([name, type]) => ({ type, name, path: `${prefix}${name}` })),
    };
  };

  // --- pull requests -------------------------------------------------------------------------
  repoRoute("GET", "/pulls", ({ repository, query }) => {
    const state = query.get("state") ?? "open";
    const pulls = repository.pulls.filter((pull) => state === "all" || pull.state === state);
    return { list: sortByDate(pulls, query).map((pull) => present.pullRequest(pull, repository, urls())) };
  });
  repoRoute("GET", "/pulls/:number", ({ repository, params }) => {
    const pull = repository.pulls.find((item) => item.number === Number(params.number));
    return pull ? { status: 200, body: present.pullRequest(pull, repository, urls()) } : notFound();
  });
  repoRoute("GET", "/pulls/:number/files", ({ repository, params }) => {
    const pull = repository.pulls.find((item) => item.number === Number(params.number));
    if (!pull) return notFound();
    return {
      list: pull.files
        .slice(0, PULL_FILES_CAP)
        .map((file) => present.diffEntry(file, repository, pull.head.sha, urls())),
    };
  });
  // GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls (OpenAPI): "Lists the merged pull request
  // that introduced the commit to the repository. If the commit is not present in the default
  // branch, it will return merged and open pull requests associated with the commit."
  repoRoute("GET", "/commits/:sha/pulls", ({ repository, params }) => {
    const onDefaultBranch = repository.defaultBranchCommits.has(params.sha ?? "");
    const pulls = repository.pulls.filter(
      (pull) => pull.head.sha === params.sha && (!onDefaultBranch || pull.merged_at !== null),
    );
    return { list: pulls.map((pull) => present.pullRequest(pull, repository, urls())) };
  });

  // GET /repos/{owner}/{repo}/pulls/{pull_number}/commits (OpenAPI): "Lists a maximum of 250
  // commits for a pull request", oldest first.
  repoRoute("GET", "/pulls/:number/commits", ({ repository, params }) => {
    const pull = repository.pulls.find((item) => item.number === Number(params.number));
    if (!pull) return notFound();
    const commits = pull.commits ?? [{ sha: pull.head.sha, authoredAt: pull.created_at }];
    return { list: commits.slice(0, 250).map((commit) => present.pullCommit(commit, repository, urls())) };
  });

  // --- collaborators ---------------------------------------------------------------------------
  // GET /repos/{owner}/{repo}/collaborators/{username}/permission (OpenAPI): "The possible
  // repository permissions are admin, write, read, and none. … the maintain role is mapped to
  // write and the triage role is mapped to read. To determine the role assigned to the
  // collaborator, see the role_name attribute." A user with no role reads a public repository.
  repoRoute("GET", "/collaborators/:username/permission", ({ repository, params }) => {
    const login = params.username ?? "";
    const role =
      login.toLowerCase() === repository.owner.toLowerCase()
        ? "admin"
        : (repository.collaborators.get(login) ?? (repository.private ? "none" : "read"));
    const permission = role === "maintain" ? "write" : role === "triage" ? "read" : role;
    return {
      status: 200,
      body: {
        permission,
        role_name: role,
        user: present.user({ login, id: present.hashId(login), type: "User" }, urls()),
      },
    };
  });

  // --- deployments ---------------------------------------------------------------------------
  repoRoute("GET", "/deployments", ({ repository, query }) => {
    const sha = query.get("sha");
    const environment = query.get("environment");
    const deployments = repository.deployments
      .filter((item) => (!sha || item.sha === sha) && (!environment || item.environment === environment))
      .sort((a, b) => b.id - a.id);
    return { list: deployments.map((item) => present.deployment(item, urls(), repository)) };
  });
  repoRoute("GET", "/deployments/:id/statuses", ({ repository, params }) => {
    const item = repository.deployments.find((deployment) => deployment.id === Number(params.id));
    if (!item) return notFound();
    const statuses = [...item.statuses].sort((a, b) => b.id - a.id);
    return { list: statuses.map((status) => present.deploymentStatus(status, item, urls(), repository)) };
  });

  // POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule ("Review custom
  // deployment protection rules for a workflow run"): `environment_name` and `state`
  // (approved | rejected) with an optional `comment`, or a `comment` alone; 204 No Content. "GitHub
  // Apps can only review their own custom deployment protection rules": here, the one app's.
  repoRoute("POST", "/actions/runs/:run_id/deployment_protection_rule", ({ repository, params, body }) => {
    const { environment_name: environment, state, comment } = (body ?? {}) as Record<string, unknown>;
    if (typeof environment !== "string") return invalid("environment_name is required");
    if (state !== undefined && state !== "approved" && state !== "rejected")
      return invalid(`state must be one of approved, rejected`);
    if (state === undefined && typeof comment !== "string") return invalid("comment is required without a state");
    const run = repository.protectionRuns.find(
      (item) => item.id === Number(params.run_id) && item.environment === environment,
    );
    if (!run) return notFound();
    if (state === undefined) {
      run.reviews.push({ state: "approved", comment: String(comment), at: store.now() });
      return { status: 204, body: undefined };
    }
    const outcome = store.answerProtectionRun(repository, run, state, typeof comment === "string" ? comment : "");
    return outcome === "answered"
      ? { status: 204, body: undefined }
      : invalid(`No pending deployment protection rule for ${environment} on this run`);
  });

  // --- checks and statuses ---------------------------------------------------------------------
  repoRoute("GET", "/commits/:ref/check-runs", ({ repository, params, query }) => {
    const name = query.get("check_name");
    const appId = query.get("app_id");
    let runs = repository.checkRuns.filter(
      (run) => run.head_sha === params.ref && (!name || run.name === name) && (!appId || run.app_id === Number(appId)),
    );
    if ((query.get("filter") ?? "latest") === "latest") {
      // Only the most recent run of each name, as GitHub's default filter does.
      runs = runs.filter((run) => !runs.some((other) => other.name === run.name && other.id > run.id));
    }
    const listed = runs.sort((a, b) => b.id - a.id).map((run) => present.checkRun(run, store.app, urls(), repository));
    return { list: listed, wrap: (page) => ({ total_count: listed.length, check_runs: page }) };
  });
  repoRoute("POST", "/check-runs", ({ repository, body }) => {
    const input = (body ?? {}) as Record<string, unknown>;
    if (typeof input.name !== "string" || typeof input.head_sha !== "string")
      return invalid("name and head_sha are required");
    const problem = checkRunEnums(input);
    if (problem) return invalid(problem);
    const output = (input.output ?? {}) as Record<string, string | undefined>;
    const conclusion = typeof input.conclusion === "string" ? input.conclusion : null;
    const run = {
      id: store.nextId(),
      name: input.name,
      head_sha: input.head_sha,
      status: (conclusion ? "completed" : (input.status ?? "queued")) as "completed",
      conclusion,
      external_id: typeof input.external_id === "string" ? input.external_id : null,
      output: { title: output.title ?? null, summary: output.summary ?? null, text: output.text ?? null },
      app_id: store.app.id,
      started_at: store.now(),
      completed_at: conclusion ? store.now() : null,
    };
    const outputProblem = input.output ? validateOutput(run.output) : undefined;
    if (outputProblem) return invalid(outputProblem);
    repository.checkRuns.push(run);
    return { status: 201, body: present.checkRun(run, store.app, urls(), repository) };
  });
  repoRoute("PATCH", "/check-runs/:id", ({ repository, params, body }) => {
    const run = repository.checkRuns.find((item) => item.id === Number(params.id));
    if (!run) return notFound();
    if (run.app_id !== store.app.id)
      return {
        status: 403,
        body: {
          message: `Invalid app_id \`${store.app.id}\` - check run can only be modified by the GitHub App that created it.`,
        },
      };
    const input = (body ?? {}) as Record<string, unknown>;
    const enumProblem = checkRunEnums(input);
    if (enumProblem) return invalid(enumProblem);
    if (input.output) {
      const output = input.output as Record<string, string | undefined>;
      const next = {
        title: output.title ?? null,
        summary: output.summary ?? null,
        text: output.text ?? run.output.text,
      };
      const problem = validateOutput(next);
      if (problem) return invalid(problem);
      run.output = next;
    }
    if (typeof input.external_id === "string") run.external_id = input.external_id;
    if (typeof input.conclusion === "string") {
      run.conclusion = input.conclusion;
      run.status = "completed";
      run.completed_at = store.now();
    }
    return { status: 200, body: present.checkRun(run, store.app, urls(), repository) };
  });
  repoRoute("GET", "/commits/:ref/status", ({ repository, params }) => {
    const latest = new Map<string, (typeof repository.statuses)[number]>();
    for (const status of [...repository.statuses].sort((a, b) => a.id - b.id)) {
      if (status.sha === params.ref) latest.set(status.context, status);
    }
    const statuses = [...latest.values()];
    const state = statuses.some((status) => status.state === "failure" || status.state === "error")
      ? "failure"
      : statuses.length > 0 && statuses.every((status) => status.state === "success")
        ? "success"
        : "pending";
    return {
      status: 200,
      body: { state, sha: params.ref, total_count: statuses.length, statuses: statuses.map(present.commitStatus) },
    };
  });

  // --- issues ------------------------------------------------------------------------------------
  repoRoute("GET", "/issues", ({ repository, query }) => {
    const state = query.get("state") ?? "open";
    const labels = query.get("labels")?.split(",").filter(Boolean) ?? [];
    const creator = query.get("creator");
    const since = query.get("since");
    const issues: SimIssue[] = repository.issues.filter(
      (item) =>
        (state === "all" || item.state === state) &&
        labels.every((name) => item.labels.includes(name)) &&
        (!creator || item.user.login === creator) &&
        (!since || item.updated_at >= since),
    );
    // GitHub's issues list includes pull requests, marked with a `pull_request` key.
    const pulls = repository.pulls.filter(
      (pull) =>
        (state === "all" || pull.state === state) &&
        labels.every((name) => pull.labels.includes(name)) &&
        (!creator || pull.user.login === creator) &&
        (!since || pull.updated_at >= since),
    );
    const listed = [
      ...issues.map((item) => ({
        item: present.issue(item, repository, urls()),
        created: item.created_at,
        updated: item.updated_at,
      })),
      ...pulls.map((pull) => ({
        item: present.pullAsIssue(pull, repository, urls()),
        created: pull.created_at,
        updated: pull.updated_at,
      })),
    ];
    const sortKey = query.get("sort") === "updated" ? "updated" : "created";
    const ascending = query.get("direction") === "asc";
    listed.sort((a, b) => (ascending ? 1 : -1) * (a[sortKey] < b[sortKey] ? -1 : a[sortKey] > b[sortKey] ? 1 : 0));
    return { list: listed.map((entry) => entry.item) };
  });
  // GET /repos/{owner}/{repo}/issues/{issue_number}/comments (OpenAPI): "Issue comments are
  // ordered by ascending ID." A pull request's conversation comments are issue comments.
  repoRoute("GET", "/issues/:number/comments", ({ repository, params }) => {
    const number = Number(params.number);
    if (
      !repository.issues.some((item) => item.number === number) &&
      !repository.pulls.some((pull) => pull.number === number)
    )
      return notFound();
    const comments = repository.comments
      .filter((comment) => comment.issueNumber === number)
      .sort((a, b) => a.id - b.id);
    return { list: comments.map((comment) => present.issueComment(comment, repository, urls())) };
  });
  repoRoute("GET", "/issues/:number", ({ repository, params }) => {
    const item = repository.issues.find((issue) => issue.number === Number(params.number));
    return item ? { status: 200, body: present.issue(item, repository, urls()) } : notFound();
  });
  repoRoute("POST", "/issues", ({ repository, body }) => {
    const input = (body ?? {}) as Record<string, unknown>;
    if (typeof input.title !== "string" || input.title.length === 0) return invalid("title is required");
    if (issueBodyTooLong(input.body)) return invalid("body is too long (maximum is 65536 characters)");
    const now = store.now();
    const item: SimIssue = {
      number: repository.nextNumber++,
      title: input.title,
      body: typeof input.body === "string" ? input.body : null,
      state: "open",
      state_reason: null,
      labels: stringList(input.labels),
      assignees: stringList(input.assignees),
      user: store.app.botUser,
      created_at: now,
      updated_at: now,
      closed_at: null,
      closed_by: null,
    };
    repository.issues.push(item);
    return { status: 201, body: present.issue(item, repository, urls()) };
  });
  repoRoute("PATCH", "/issues/:number", ({ repository, params, body }) => {
    const item = repository.issues.find((issue) => issue.number === Number(params.number));
    if (!item) return notFound();
    const input = (body ?? {}) as Record<string, unknown>;
    if (issueBodyTooLong(input.body)) return invalid("body is too long (maximum is 65536 characters)");
    // PATCH /repos/{owner}/{repo}/issues/{issue_number}: enums `state` and `state_reason` (OpenAPI).
    if (input.state !== undefined && !ISSUE_STATES.includes(String(input.state)))
      return invalid(`state is not included in the list`);
    if (input.state_reason != null && !STATE_REASONS.includes(String(input.state_reason)))
      return invalid(`state_reason is not included in the list`);
    if (typeof input.title === "string") item.title = input.title;
    if (typeof input.body === "string") item.body = input.body;
    if (Array.isArray(input.labels)) item.labels = stringList(input.labels);
    if (Array.isArray(input.assignees)) item.assignees = stringList(input.assignees);
    if (input.state === "closed" && item.state === "open") {
      item.state = "closed";
      item.state_reason = (input.state_reason as SimIssue["state_reason"]) ?? "completed";
      item.closed_at = store.now();
      item.closed_by = store.app.botUser;
    } else if (input.state === "open" && item.state === "closed") {
      item.state = "open";
      item.state_reason = "reopened";
      item.closed_at = null;
      item.closed_by = null;
    }
    item.updated_at = store.now();
    return { status: 200, body: present.issue(item, repository, urls()) };
  });

  // --- milestones and Dependabot alerts -------------------------------------------------------
  repoRoute("GET", "/milestones", ({ repository, query }) => {
    const state = query.get("state") ?? "open";
    const milestones = repository.milestones.filter((item) => state === "all" || item.state === state);
    const sortKey = query.get("sort") === "completeness" ? "number" : "due_on";
    const ascending = query.get("direction") !== "desc";
    const sorted = [...milestones].sort(
      (a, b) => (ascending ? 1 : -1) * String(a[sortKey] ?? "").localeCompare(String(b[sortKey] ?? "")),
    );
    return { list: sorted.map((item) => present.milestone(item, repository, urls())) };
  });
  // GET /repos/{owner}/{repo}/dependabot/alerts (OpenAPI): sorted by `created`, newest first
  // unless `direction=asc`; cursor pagination only (`before`, `after`, `per_page`): since
  // 2025-10-14 GitHub answers 400 to `page`, `first` and `last` (changelog "Dependabot alerts API
  // offset-based pagination parameters deprecated"). A 403 says why: the app's permission, or
  // alerts turned off in the repository ("Dependabot alerts are disabled for this repository.").
  repoRoute("GET", "/dependabot/alerts", ({ repository, query }) => {
    if (repository.alertsForbidden === "permission")
      return { status: 403, body: { message: "Resource not accessible by integration" } };
    if (repository.alertsForbidden === "disabled")
      return { status: 403, body: { message: "Dependabot alerts are disabled for this repository." } };
    for (const offset of ["page", "first", "last"]) {
      if (query.has(offset))
        return { status: 400, body: { message: `Pagination using the ${offset} parameter is not supported.` } };
    }
    const states = query.get("state")?.split(",") ?? [];
    const severities = query.get("severity")?.split(",") ?? [];
    const alerts = repository.alerts.filter(
      (item) =>
        (states.length === 0 || states.includes(item.state)) &&
        (severities.length === 0 || severities.includes(item.severity)),
    );
    const ascending = query.get("direction") === "asc";
    alerts.sort((a, b) => (ascending ? 1 : -1) * (a.created_at.localeCompare(b.created_at) || a.number - b.number));
    return {
      list: alerts.map((item) => present.alert(item, repository, urls())),
      cursor: alerts.map((item) => String(item.number)),
    };
  });
}

function sortByDate<T extends { created_at: string; updated_at: string }>(items: T[], query: URLSearchParams): T[] {
  const key = query.get("sort") === "updated" ? "updated_at" : "created_at";
  const ascending = query.get("direction") === "asc";
  return [...items].sort((a, b) => (ascending ? 1 : -1) * a[key].localeCompare(b[key]));
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value
        .map((item) => (typeof item === "string" ? item : String((item as { name?: unknown }).name ?? "")))
        .filter(Boolean)
    : [];
}

/** GitHub refuses an issue body over 65,536 characters (its 422 says so); characters, not UTF-16 units. */
function issueBodyTooLong(body: unknown): boolean {
  return typeof body === "string" && body.length > 65_536 && [...body].length > 65_536;
}

// POST /repos/{owner}/{repo}/check-runs (OpenAPI): enums of `status` and `conclusion`.
const CHECK_RUN_STATUSES = ["queued", "in_progress", "completed", "waiting", "requested", "pending"];
const CHECK_RUN_CONCLUSIONS = [
  "action_required",
  "cancelled",
  "failure",
  "neutral",
  "success",
  "skipped",
  "stale",
  "timed_out",
];
const ISSUE_STATES = ["open", "closed"];
const STATE_REASONS = ["completed", "not_planned", "duplicate", "reopened"];

function checkRunEnums(input: Record<string, unknown>): string | undefined {
  if (input.status !== undefined && !CHECK_RUN_STATUSES.includes(String(input.status)))
    return "status is not included in the list";
  if (input.conclusion !== undefined && !CHECK_RUN_CONCLUSIONS.includes(String(input.conclusion)))
    return "conclusion is not included in the list";
  return undefined;
}

/**
 * GitHub rejects a missing title or summary, and a summary or text over 65,535 *bytes* of UTF-8:
 * the OpenAPI description says "characters", but the API answers 422 "summary exceeds a maximum
 * bytesize of 65535" (github/docs issue 35252).
 */
function validateOutput(output: {
  title: string | null;
  summary: string | null;
  text: string | null;
}): string | undefined {
  if (output.title === null || output.summary === null) return "output.title and output.summary are required";
  for (const field of ["summary", "text"] as const) {
    const value = output[field];
    if (value !== null && Buffer.byteLength(value, "utf8") > 65_535)
      return `${field} exceeds a maximum bytesize of 65535`;
  }
  return undefined;
}
