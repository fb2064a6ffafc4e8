import nock from "nock";
import { INSTALLATION_ID } from "./payloads.js";

export const API = "https://api.github.com";
export const OWNER = "Codertocat";
export const REPO = "Hello-World";
export const HEAD_SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
export const BASE_SHA = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
export const APP_ID = 1;

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

type Files = { filename: string; status?: string; changes?: number; previous_filename?: string }[];

/**
 * A nock-backed stand-in for the GitHub REST API with helpers for the routes Shipshape reads and
 * writes. Every request that reaches it is recorded, so tests count requests and read bodies.
 */
export class GitHubMock {
  readonly scope = nock(API);
  readonly requests: RecordedRequest[] = [];
  /** Check runs this mock has created or updated, listed back like GitHub does. */
  readonly checkRunState: Record<string, unknown>[] = [];
  #checkRunId = 100;
  #templateFoldersMocked = false;

  constructor(
    readonly owner = OWNER,
    readonly repo = REPO,
  ) {
    this.scope.on("request", (request: { method: string; path: string }, _interceptor: unknown, body: string) => {
      if (request.path.includes("/access_tokens")) return; // the installation token, fetched once an hour
      this.requests.push({ method: request.method, path: decodeURIComponent(request.path), body: parse(body) });
    });
    this.scope
      .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
      .optionally()
      .reply(201, { token: "test-token", expires_at: "2999-01-01T00:00:00Z", permissions: {} });
  }

  get writes(): RecordedRequest[] {
    return this.requests.filter((request) => request.method !== "GET");
  }

  get reads(): RecordedRequest[] {
    return this.requests.filter((request) => request.method === "GET");
  }

  /**
   * The folders GitHub looks in for a pull-request template: `.github` (holding `template`, when
   * given, as `pull_request_template.md`) and the root (without `docs`), read once per repository
   * when a body has a rollback or dependencies section with text. Optional: many tests never ask.
   */
  templateFolders(template: string | null = null, repo = this.repo, owner = this.owner): this {
    const listing = (path: string) =>
      this.scope.get(
        (uri) =>
          decodeURIComponent(uri.split("?")[0] ?? "").replace(/\/$/, "") ===
          `/repos/${owner}/${repo}/contents${path ? `/${path}` : ""}`,
      );
    const github =
      template === null
        ? []
        : [{ type: "file", name: "pull_request_template.md", path: ".github/pull_request_template.md" }];
    listing(".github").optionally().reply(200, github);
    if (template === null)
      listing("")
        .optionally()
        .reply(200, [{ type: "dir", name: "src", path: "src" }]);
    else
      listing(".github/pull_request_template.md").optionally().reply(200, template, {
        "content-type": "application/vnd.github.raw+json; charset=utf-8",
      });
    return this;
  }

  /** `.github/shipshape.yml` of a repository (this one by default); null answers 404. */
  config(text: string | null, repo = this.repo, owner = this.owner): this {
    if (text !== null && !this.#templateFoldersMocked) {
      this.#templateFoldersMocked = true;
      this.templateFolders(null, this.repo, this.owner);
    }
    const path = `/repos/${owner}/${repo}/contents/${encodeURIComponent(".github/shipshape.yml")}`;
    const interceptor = this.scope.get(
      (uri) => decodeURIComponent(uri.split("?")[0] ?? "") === decodeURIComponent(path),
    );
    if (text === null) interceptor.reply(404, { message: "Not Found" });
    else interceptor.reply(200, text, { "content-type": "application/vnd.github.raw+json; charset=utf-8" });
    return this;
  }

  /** No config in the repository nor in the organisation's `.github` repository. */
  noConfig(): this {
    return this.config(null).config(null, ".github");
  }

  /** A file's raw content at a ref (for manifests). */
  file(path: string, ref: string, text: string | null): this {
    const interceptor = this.scope
      .get(
        (uri) => decodeURIComponent(uri.split("?")[0] ?? "") === `/repos/${this.owner}/${this.repo}/contents/${path}`,
      )
      .query((query) => query.ref === ref);
    if (text === null) interceptor.reply(404, { message: "Not Found" });
    else interceptor.reply(200, text, { "content-type": "application/vnd.github.raw+json; charset=utf-8" });
    return this;
  }

  files(files: Files, number = 2): this {
    const data = files.map((file) => ({ status: "modified", changes: 2, ...file }));
    for (let page = 0; page * 100 < Math.max(data.length, 1); page++) {
      const last = (page + 1) * 100 >= data.length;
      const link: Record<string, string> = last
        ? {}
        : {
            link: `<${API}/repos/${this.owner}/${this.repo}/pulls/${number}/files?per_page=100&page=${page + 2}>; rel="next"`,
          };
      this.scope
        .get(`/repos/${this.owner}/${this.repo}/pulls/${number}/files`)
        .query((query) => Number(query.page ?? 1) === page + 1)
        .reply(200, data.slice(page * 100, page * 100 + 100), link);
    }
    return this;
  }

  filesFail(status: number, number = 2): this {
    this.scope
      .get(`/repos/${this.owner}/${this.repo}/pulls/${number}/files`)
      .query(true)
      .reply(status, { message: "boom" });
    return this;
  }

  /**
   * Deployments of the head commit, newest first, each with its latest status (null: none). The
   * repository deploys (an older production deployment answers the repository-wide read, made when
   * the head commit has none; optional, since a cached answer saves it) unless `repositoryDeploys`
   * is false.
   */
  deployments(
    deployments: { id: number; environment: string; state?: string | null }[],
    sha = HEAD_SHA,
    repositoryDeploys = true,
  ): this {
    this.scope
      .get(`/repos/${this.owner}/${this.repo}/deployments`)
      .query((query) => query.sha === sha)
      .reply(
        200,
        deployments.map(({ id, environment }) => ({ id, environment, sha, ref: "changes", task: "deploy" })),
      );
    if (deployments.length === 0) this.repositoryDeployments(repositoryDeploys);
    return this;
  }

  /** The repository-wide deployments read (`per_page=1`): one older production deployment, or none. */
  repositoryDeployments(deploys: boolean): this {
    this.scope
      .get(`/repos/${this.owner}/${this.repo}/deployments`)
      .query((query) => query.sha === undefined && query.per_page === "1")
      .optionally()
      .reply(
        200,
        deploys ? [{ id: 1, environment: "production", sha: "0".repeat(40), ref: "main", task: "deploy" }] : [],
      );
    return this;
  }

  deploymentStatus(id: number, state: string | null): this {
    this.scope
      .get(`/repos/${this.owner}/${this.repo}/deployments/${id}/statuses`)
      .query(true)
      .reply(200, state ? [{ id: id * 10, state, environment: "staging" }] : []);
    return this;
  }

  /** The check runs GitHub lists for the head commit (Shipshape's own included when given). */
  checkRuns(runs: Record<string, unknown>[] = [], sha = HEAD_SHA): this {
    this.scope
      .get(`/repos/${this.owner}/${this.repo}/commits/${sha}/check-runs`)
      .query(true)
      .reply(200, () => {
        const all = [...runs, ...this.checkRunState];
        return { total_count: all.length, check_runs: all };
      });
    return this;
  }

  commitStatuses(statuses: { context: string; state: string }[], sha = HEAD_SHA): this {
    this.scope
      .get(`/repos/${this.owner}/${this.repo}/commits/${sha}/status`)
      .query(true)
      .reply(200, { state: "pending", sha, total_count: statuses.length, statuses });
    return this;
  }

  pullsForCommit(pulls: Record<string, unknown>[], sha = HEAD_SHA): this {
    this.scope.get(`/repos/${this.owner}/${this.repo}/commits/${sha}/pulls`).query(true).reply(200, pulls);
    return this;
  }

  /** Answers the next check-run create; a failing status answers with an error and creates nothing. */
  createCheckRun(status = 201, headers: Record<string, string> = {}): this {
    this.scope.post(`/repos/${this.owner}/${this.repo}/check-runs`).reply(
      status,
      (_uri, body) => {
        if (status >= 300) return { message: errorMessage(status, headers) };
        const id = this.#checkRunId++;
        this.checkRunState.push(existingRun(id, body as CheckRunBody));
        return { id, ...(body as object) };
      },
      headers,
    );
    return this;
  }

  updateCheckRun(id: number, status = 200): this {
    this.scope.patch(`/repos/${this.owner}/${this.repo}/check-runs/${id}`).reply(status, (_uri, body) => {
      if (status >= 300) return { message: errorMessage(status, {}) };
      const index = this.checkRunState.findIndex((run) => run.id === id);
      if (index >= 0) this.checkRunState[index] = existingRun(id, body as CheckRunBody);
      return { id, ...(body as object) };
    });
    return this;
  }

  /** The body of the one check-run write this test made. */
  get checkRunWrite(): CheckRunBody {
    const writes = this.writes.filter((write) => write.path.includes("/check-runs"));
    if (writes.length !== 1) throw new Error(`expected one check-run write, saw ${writes.length}`);
    return (writes[0] as RecordedRequest).body as CheckRunBody;
  }
}

export interface CheckRunBody {
  name?: string;
  external_id?: string;
  head_sha?: string;
  status: string;
  conclusion: string;
  output: { title: string; summary: string; text: string };
}

/** Shipshape's own check run as GitHub lists it after `body` was written. */
export function existingRun(id: number, body: CheckRunBody): Record<string, unknown> {
  return {
    id,
    name: "Shipshape",
    head_sha: HEAD_SHA,
    status: "completed",
    conclusion: body.conclusion,
    external_id: body.external_id ?? null,
    app: { id: APP_ID, slug: "shipshape" },
    output: { ...body.output, annotations_count: 0 },
  };
}

/** The row of the check-run table for one practice. */
export function rowOf(body: CheckRunBody, practice: string): string {
  const row = body.output.summary.split("\n").find((line) => line.includes(`| ${practice} |`));
  if (!row) throw new Error(`no row for ${practice} in:\n${body.output.summary}`);
  return row;
}

function errorMessage(status: number, headers: Record<string, string>): string {
  if (status === 403 && headers["retry-after"])
    return "You have exceeded a secondary rate limit. Please wait a few minutes.";
  if (status === 403) return "Resource not accessible by integration";
  return "Server Error";
}

function parse(body: string): unknown {
  if (!body) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
