import type { ShipshapeConfig } from "../config/schema.js";
import type {
  AlertSeverity,
  AlertsFact,
  CadenceFacts,
  MaintenanceFacts,
  ReviewEvidence,
  SecurityAlert,
  UpdatePullRequest,
} from "../practices/repository-facts.js";
import { type Fact, known, unknown } from "../practices/types.js";
import { CHECK_NAME } from "../report/check-run.js";
import { UnknownIdentityError } from "./app-identity.js";
import { type CachedGet, describeFailure, httpStatus, type Octokit, type RepoRef, readPages } from "./octokit.js";

/** Page size of every list a sweep reads (GitHub's maximum). */
const PAGE = 100;
/**
 * The most pages a sweep reads of one list (1,000 items): enough for any repository a team can
 * still act on, bounded so one repository cannot spend an installation's budget. Reaching it is
 * said in the status issue.
 */
export const MAX_LIST_PAGES = 10;
export const MAX_LISTED = PAGE * MAX_LIST_PAGES;

interface Milestone {
  title: string;
  html_url: string;
  closed_at: string | null;
}

interface IssueListing {
  number: number;
  title: string;
  html_url: string;
  created_at: string;
  closed_at: string | null;
  pull_request?: unknown;
  labels?: (string | { name?: string })[];
}

export interface PullListing {
  number: number;
  state?: string;
  title: string;
  html_url: string;
  created_at: string;
  updated_at?: string;
  merged_at: string | null;
  user: { login: string } | null;
  head: { sha: string };
}

interface AlertListing {
  number: number;
  state?: string;
  html_url: string;
  created_at: string;
  security_advisory?: { severity?: string } | null;
  security_vulnerability?: { severity?: string; package?: { name?: string } } | null;
  dependency?: { package?: { name?: string } } | null;
}

/** A list read through a REST route, and the parameters of its first page besides the repository. */
export interface ListRead {
  route: string;
  parameters: Record<string, string>;
}

/**
 * The lists a sweep reads. Batched reads (see batched-lists.ts) answer for exactly these routes and
 * parameters, so they are written once, here.
 */
export const SWEEP_LISTS = {
  closedMilestones: {
    route: "GET /repos/{owner}/{repo}/milestones",
    parameters: { state: "closed", sort: "due_on", direction: "desc" },
  },
  openPulls: {
    route: "GET /repos/{owner}/{repo}/pulls",
    parameters: { state: "open", sort: "created", direction: "asc" },
  },
  closedPulls: {
    route: "GET /repos/{owner}/{repo}/pulls",
    parameters: { state: "closed", sort: "updated", direction: "desc" },
  },
  openAlerts: {
    route: "GET /repos/{owner}/{repo}/dependabot/alerts",
    parameters: { state: "open", sort: "created", direction: "asc" },
  },
  deployments: { route: "GET /repos/{owner}/{repo}/deployments", parameters: {} },
} satisfies Record<string, ListRead>;

/** Issues carrying a review label, recently updated first. */
export function labelledIssues(label: string): ListRead {
  return {
    route: "GET /repos/{owner}/{repo}/issues",
    parameters: { labels: label, state: "all", sort: "updated", direction: "desc" },
  };
}

/** The parameters of a list's first page. */
export function firstPage(repo: RepoRef, list: ListRead): Record<string, unknown> {
  return { ...repo, ...list.parameters, per_page: PAGE };
}

export interface RepositoryReads {
  octokit: Octokit;
  reader: CachedGet;
  repo: RepoRef;
}

/**
 * A list read page by page up to MAX_LIST_PAGES (or until `enough`, see readPages); when GitHub
 * has more, `cut` (what was left out) is added to `limits`, for the status issue to say.
 */
export async function readCapped<T>(
  { octokit, reader, repo }: RepositoryReads,
  list: ListRead,
  { limits, cut, enough }: { limits: string[]; cut: string; enough?: (page: readonly T[]) => boolean },
): Promise<T[]> {
  const listed = await readPages<T>(reader, octokit, list.route, firstPage(repo, list), MAX_LIST_PAGES, enough);
  if (!listed.complete) limits.push(cut);
  return listed.items;
}

/** Closed milestones and labelled issues: the evidence of sprint reviews. */
export async function readReviewEvidence(
  { octokit, reader, repo }: RepositoryReads,
  config: ShipshapeConfig["cadence"]["sprint_review"],
  limits: string[] = [],
): Promise<Fact<ReviewEvidence[]>> {
  try {
    const evidence: ReviewEvidence[] = [];
    if (config.evidence.milestones) {
      // GitHub sorts milestones by `due_on` or `completeness`, never by closing time, and a
      // milestone without a due date can sort anywhere: read them all (up to the cap).
      const milestones = await readCapped<Milestone>({ octokit, reader, repo }, SWEEP_LISTS.closedMilestones, {
        limits,
        cut: `only ${MAX_LISTED.toLocaleString("en-US")} closed milestones were read`,
      });
      for (const milestone of milestones) {
        if (milestone.closed_at)
          evidence.push({
            kind: "milestone",
            title: milestone.title,
            url: milestone.html_url,
            at: new Date(milestone.closed_at),
          });
      }
    }
    for (const label of config.evidence.labels) {
      const list = labelledIssues(label);
      const issues = await reader.get<IssueListing[]>(octokit, list.route, firstPage(repo, list));
      for (const issue of issues) {
        // The query already filters by label; checking again keeps a lenient server from faking reviews.
        if (issue.pull_request || !labelNames(issue).includes(label)) continue;
        const opened = new Date(issue.created_at);
        const closed = issue.closed_at ? new Date(issue.closed_at) : null;
        evidence.push({
          kind: "issue",
          title: issue.title,
          url: issue.html_url,
          at: closed && closed > opened ? closed : opened,
        });
      }
    }
    return known(evidence);
  } catch (error) {
    return unknown(`reading milestones and review issues failed (${describeFailure(error)})`);
  }
}

/** Open pull requests (update PRs among them, and the status issue's list), oldest first. */
export async function readOpenPullRequests(
  { octokit, reader, repo }: RepositoryReads,
  limits: string[] = [],
): Promise<Fact<PullListing[]>> {
  try {
    // Oldest first: the stale update PRs are the old ones, so a cut list still holds them.
    const pulls = await readCapped<PullListing>({ octokit, reader, repo }, SWEEP_LISTS.openPulls, {
      limits,
      cut: `only the oldest ${MAX_LISTED.toLocaleString("en-US")} open pull requests were read`,
    });
    return known(pulls.filter((pull) => pull.state === undefined || pull.state === "open"));
  } catch (error) {
    return unknown(`reading open pull requests failed (${describeFailure(error)})`);
  }
}

/**
 * Recently closed pull requests, to record the merged ones' verdicts: the last updated page, or,
 * with `since`, pages until one updated before it (a pull request merged since then was updated
 * since then too), up to the page cap.
 */
export async function readRecentlyClosedPullRequests(
  reads: RepositoryReads,
  since?: number,
  limits: string[] = [],
): Promise<Fact<PullListing[]>> {
  try {
    return known(
      await readCapped<PullListing>(reads, SWEEP_LISTS.closedPulls, {
        limits,
        cut: `only the ${MAX_LISTED.toLocaleString("en-US")} most recently closed pull requests were read`,
        enough: (page) => since === undefined || endsBefore(page, since, (pull) => pull.updated_at ?? pull.created_at),
      }),
    );
  } catch (error) {
    return unknown(`reading closed pull requests failed (${describeFailure(error)})`);
  }
}

/**
 * Whether a page of a list sorted newest first by `timeOf` ends before `since` (or is empty): the
 * pages after it hold nothing newer.
 */
export function endsBefore<T>(page: readonly T[], since: number, timeOf: (item: T) => string): boolean {
  const oldest = page.at(-1);
  return oldest === undefined || Date.parse(timeOf(oldest)) < since;
}

export function toUpdatePullRequests(pulls: Fact<PullListing[]>): Fact<UpdatePullRequest[]> {
  if (!pulls.ok) return pulls;
  return known(
    pulls.value.map((pull) => ({
      number: pull.number,
      title: pull.title,
      author: pull.user?.login ?? "",
      url: pull.html_url,
      createdAt: new Date(pull.created_at),
    })),
  );
}

/**
 * Open Dependabot alerts, oldest first (those past their SLA are the old ones), through the
 * cursor pagination GitHub requires for this route (`GET /repos/{owner}/{repo}/dependabot/alerts`:
 * `before`/`after` only; `page` is answered 400). A 403 is a fact, not a failure: GitHub says in
 * its message whether the repository has alerts turned off or the app may not read them.
 */
export async function readAlerts(
  { octokit, reader, repo }: RepositoryReads,
  limits: string[] = [],
): Promise<AlertsFact> {
  let alerts: AlertListing[];
  try {
    alerts = await readCapped<AlertListing>({ octokit, reader, repo }, SWEEP_LISTS.openAlerts, {
      limits,
      cut: `only the oldest ${MAX_LISTED.toLocaleString("en-US")} open Dependabot alerts were read`,
    });
  } catch (error) {
    if (httpStatus(error) === 403 && /disabled/i.test(errorMessage(error)))
      return { ok: false, forbidden: true, reason: "Dependabot alerts are turned off in this repository" };
    if (httpStatus(error) === 403)
      return { ok: false, forbidden: true, reason: "alerts not readable: grant Dependabot alerts read" };
    if (httpStatus(error) === 404)
      return {
        ok: false,
        forbidden: true,
        reason: "alerts not readable: Dependabot alerts are off in this repository",
      };
    return unknown(`reading Dependabot alerts failed (${describeFailure(error)})`);
  }
  return known(alerts.filter((alert) => alert.state === undefined || alert.state === "open").map(toAlert));
}

function errorMessage(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown } } }).response?.data;
  return typeof data?.message === "string" ? data.message : error instanceof Error ? error.message : "";
}

function labelNames(issue: IssueListing): string[] {
  return (issue.labels ?? []).map((label) => (typeof label === "string" ? label : (label.name ?? "")));
}

function toAlert(alert: AlertListing): SecurityAlert {
  const severity = (alert.security_vulnerability?.severity ??
    alert.security_advisory?.severity ??
    "low") as AlertSeverity;
  return {
    number: alert.number,
    severity: ["critical", "high", "medium", "low"].includes(severity) ? severity : "low",
    packageName: alert.security_vulnerability?.package?.name ?? alert.dependency?.package?.name ?? "unknown package",
    url: alert.html_url,
    createdAt: new Date(alert.created_at),
  };
}

interface CheckRunListing {
  id: number;
  name: string;
  conclusion: string | null;
  external_id: string | null;
  app?: { id?: number } | null;
  output?: { text?: string | null } | null;
}

/**
 * Shipshape's own check run on a commit (id, conclusion and recorded verdicts), or null. Anything
 * that can create check runs (a workflow, another app) can name one `Shipshape`: only a run whose
 * `app.id` is this app's counts (`GET /repos/{owner}/{repo}/commits/{ref}/check-runs`: each run's
 * `app` is the GitHub App that created it, `id` and `slug`; docs.github.com "REST API endpoints for
 * check runs"). Throws while the app's id is unknown: no run can then be trusted.
 */
export async function readShipshapeRun(
  { octokit, reader, repo }: RepositoryReads,
  sha: string,
  appId: number | null | undefined,
): Promise<CheckRunListing | null> {
  if (typeof appId !== "number") throw new UnknownIdentityError("its own check run");
  const { check_runs: runs } = await reader.get<{ check_runs: CheckRunListing[] }>(
    octokit,
    "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
    {
      ...repo,
      ref: sha,
      check_name: CHECK_NAME,
      // Other apps' runs of the same name share the list: a page holds ours among them.
      per_page: 100,
    },
  );
  return runs.find((run) => run.name === CHECK_NAME && run.app?.id === appId) ?? null;
}

export function cadenceFacts(evidence: Fact<ReviewEvidence[]>, watchingSince: Date | null): CadenceFacts {
  return { evidence, watchingSince };
}

export function maintenanceFacts(openPullRequests: Fact<PullListing[]>, alerts: AlertsFact): MaintenanceFacts {
  return { openPullRequests: toUpdatePullRequests(openPullRequests), alerts };
}
