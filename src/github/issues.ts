import { truncate } from "../report/escape.js";
import type { IssueContent } from "../report/lapse-issues.js";
import { type AppIdentity, type Author, isAppAuthor, UnknownIdentityError } from "./app-identity.js";
import { httpStatus, type Octokit, type RepoRef, readPages } from "./octokit.js";
import type { RepositoryReads } from "./repository-facts.js";
import { NO_BLIND_RETRY, type RetryOptions, retryWrite } from "./retry-write.js";

export interface IssueRef {
  number: number;
  url: string;
}

export interface ManagedIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  url: string;
  createdAt: Date;
  closedAt: Date | null;
}

interface IssueListing {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  html_url: string;
  created_at: string;
  closed_at: string | null;
  pull_request?: unknown;
  user?: Author | null;
}

/**
 * The issues the app opened in a repository that a sweep needs: every open one (the status issue
 * and the lapse issues; their hidden markers tell them apart) and the most recently updated
 * closed ones (a lapse issue a person closed, a status issue closed by hand). Two conditional
 * reads; reading "all, newest first" instead would lose the long-lived status issue off the first
 * page once a hundred lapse issues had come and gone. Only issues the app's bot account opened
 * count (see isAppAuthor): an issue with the same marker opened by a person, another bot or a
 * deleted account (`user: null`) is neither edited nor read. Throws while the app's identity is
 * unknown: no issue can then be told to be the app's.
 */
export async function listOwnIssues(
  { octokit, reader, repo }: RepositoryReads,
  identity: AppIdentity,
): Promise<ManagedIssue[]> {
  if (!identity.botLogin) throw new UnknownIdentityError("its status and lapse issues");
  const common = { ...repo, creator: identity.botLogin, per_page: 100 };
  const route = "GET /repos/{owner}/{repo}/issues";
  const [open, closed] = await Promise.all([
    readPages<IssueListing>(reader, octokit, route, { ...common, state: "open", sort: "created", direction: "asc" }, 5),
    reader.get<IssueListing[]>(octokit, route, { ...common, state: "closed", sort: "updated", direction: "desc" }),
  ]);
  // A lenient server may ignore `state`: each issue once.
  const unique = new Map([...open.items, ...closed].map((issue) => [issue.number, issue]));
  return [...unique.values()]
    .filter((issue) => !issue.pull_request && isAppAuthor(issue.user, identity))
    .map((issue) => ({
      number: issue.number,
      title: issue.title,
      body: issue.body ?? "",
      state: issue.state === "closed" ? "closed" : "open",
      url: issue.html_url,
      createdAt: new Date(issue.created_at),
      closedAt: issue.closed_at ? new Date(issue.closed_at) : null,
    }));
}

/** The open issue with a marker (the oldest, if several), and the most recently closed one. */
export function findMarked(
  issues: readonly ManagedIssue[],
  marker: string,
): { open?: ManagedIssue; lastClosed?: ManagedIssue } {
  const marked = issues.filter((issue) => issue.body.includes(marker));
  const open = marked.filter((issue) => issue.state === "open").sort((a, b) => a.number - b.number)[0];
  const lastClosed = marked
    .filter((issue) => issue.state === "closed")
    .sort((a, b) => (b.closedAt?.getTime() ?? 0) - (a.closedAt?.getTime() ?? 0))[0];
  return { ...(open ? { open } : {}), ...(lastClosed ? { lastClosed } : {}) };
}

/** Who closed an issue (the issues list does not say; the single issue does). */
export async function closedBy({ octokit, reader, repo }: RepositoryReads, number: number): Promise<Author | null> {
  const issue = await reader.get<{ closed_by?: Author | null }>(
    octokit,
    "GET /repos/{owner}/{repo}/issues/{issue_number}",
    {
      ...repo,
      issue_number: number,
    },
  );
  return issue.closed_by ?? null;
}

/**
 * GitHub refuses issue bodies over 65,536 characters with a 422 that no retry fixes. The hidden
 * markers and data come first in every body, so a cut keeps them. (UTF-16 units overcount
 * characters, so cutting by `length` stays within the limit.)
 */
const MAX_ISSUE_BODY = 65_000;

function fitBody(content: IssueContent): IssueContent {
  if (content.body.length <= MAX_ISSUE_BODY) return content;
  const note = "\n\n… (cut to fit GitHub's limit on issue bodies)";
  return { ...content, body: `${truncate(content.body, MAX_ISSUE_BODY - note.length)}${note}` };
}

export class IssueWriter {
  writes = 0;

  constructor(
    private readonly octokit: Octokit,
    private readonly repo: RepoRef,
    private readonly identity: AppIdentity,
    private readonly retry: RetryOptions,
  ) {}

  /**
   * Opens an issue. A create that failed with a 5xx may still have happened, so a retry first
   * looks for an open issue of the app's with the same marker (the body's first line). Another
   * process (a CLI sweep beside the server) may open the same issue at the same moment: after
   * creating, the oldest open one is kept and any other is closed, so one remains.
   */
  async create(full: IssueContent, labels: string[], assignees: string[]): Promise<IssueRef> {
    const content = fitBody(full);
    this.writes++;
    const marker = content.body.split("\n", 1)[0] ?? "";
    const created = await retryWrite(
      "create issue",
      async (attempt) => {
        const existing = attempt > 1 ? (await this.#openWithMarker(marker))[0] : undefined;
        return existing ?? this.#open(content, labels, assignees);
      },
      this.retry,
    );
    return this.#settleDuplicates(marker, created);
  }

  async #open(content: IssueContent, labels: string[], assignees: string[]): Promise<IssueRef> {
    const request = { ...this.repo, title: content.title, body: content.body, labels, assignees, ...NO_BLIND_RETRY };
    try {
      const { data } = await this.octokit.rest.issues.create(request);
      return { number: data.number, url: data.html_url };
    } catch (error) {
      // An assignee who cannot be assigned (no access, a typo) must not cost the whole issue.
      if (httpStatus(error) !== 422 || assignees.length === 0) throw error;
      this.retry.log.warn(
        { repo: `${this.repo.owner}/${this.repo.repo}`, assignees },
        "assignees rejected; opening the issue unassigned",
      );
      const { data } = await this.octokit.rest.issues.create({ ...request, assignees: [] });
      return { number: data.number, url: data.html_url };
    }
  }

  /** The app's open issues whose body starts with a marker, oldest first. */
  async #openWithMarker(marker: string): Promise<IssueRef[]> {
    if (!this.identity.botLogin) return [];
    const { data } = await this.octokit.rest.issues.listForRepo({
      ...this.repo,
      creator: this.identity.botLogin,
      state: "open",
      sort: "created",
      direction: "desc",
      per_page: 30,
    });
    return data
      .filter(
        (issue) => !issue.pull_request && issue.body?.startsWith(marker) && isAppAuthor(issue.user, this.identity),
      )
      .sort((a, b) => a.number - b.number)
      .map((issue) => ({ number: issue.number, url: issue.html_url }));
  }

  async #settleDuplicates(marker: string, created: IssueRef): Promise<IssueRef> {
    let open: IssueRef[];
    try {
      open = await this.#openWithMarker(marker);
    } catch {
      return created; // the next sweep settles it
    }
    const [oldest, ...duplicates] = open;
    if (!oldest || duplicates.length === 0) return created;
    for (const duplicate of duplicates) await this.close(duplicate, "not_planned");
    return oldest;
  }

  /** Edits title and body, only when they differ from what GitHub has. */
  async update(issue: ManagedIssue, full: IssueContent): Promise<boolean> {
    const content = fitBody(full);
    if (issue.title === content.title && issue.body === content.body) return false;
    this.writes++;
    await retryWrite(
      "update issue",
      () =>
        this.octokit.rest.issues.update({
          ...this.repo,
          issue_number: issue.number,
          title: content.title,
          body: content.body,
          ...NO_BLIND_RETRY,
        }),
      this.retry,
    );
    return true;
  }

  async close(issue: IssueRef, reason: "completed" | "not_planned" = "completed"): Promise<void> {
    this.writes++;
    await retryWrite(
      reason === "completed" ? "close issue" : "close duplicate issue",
      () =>
        this.octokit.rest.issues.update({
          ...this.repo,
          issue_number: issue.number,
          state: "closed",
          state_reason: reason,
          ...NO_BLIND_RETRY,
        }),
      this.retry,
    );
  }
}
