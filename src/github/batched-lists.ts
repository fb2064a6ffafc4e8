import type { Logger } from "probot";
import type { ConditionalReader } from "./conditional-reader.js";
import { describeFailure, type Octokit, type RepoRef } from "./octokit.js";
import { firstPage, type ListRead, labelledIssues, SWEEP_LISTS } from "./repository-facts.js";

/**
 * A reconcile reads every list of every repository in full: installation tokens are renewed
 * hourly and GitHub's ETags belong to the token, so a daily read gets no 304s. GraphQL reads the
 * same lists of many repositories in one request (a repository per alias), for about one point
 * per batch ("Rate limits and node limits for the GraphQL API": the requests each connection
 * needs, divided by 100; the GraphQL limit is apart from the REST one). The answers are kept in
 * the conditional reader as the REST reads' answers, in REST's shape, so the sweep reads them
 * unchanged. Whatever GraphQL does not answer (an error, a field this GitHub lacks, a list that
 * continues where REST's next page would not) is read through REST as before.
 */

/** Which lists a repository's sweep reads, from its configuration. */
export interface ListPlan {
  closedMilestones: boolean;
  reviewLabels: readonly string[];
  openPulls: boolean;
  closedPulls: boolean;
  openAlerts: boolean;
  deployments: boolean;
}

/** Repositories in one GraphQL request, and how long a first one waits for others. */
const MAX_BATCH = 20;
const BATCH_WINDOW_MS = 20;

type Node = Record<string, unknown>;

/** One list asked in GraphQL, and how its nodes become the REST items the sweep reads. */
interface BatchedList {
  read: ListRead;
  /** The connection and its arguments; `$label` stands for this list's label. */
  connection: string;
  fields: string;
  toRest: (node: Node, repositoryUrl: string) => unknown;
  /**
   * REST's second page continues GraphQL's first (the same order and page size): a longer list is
   * kept with a link to REST's page 2. Otherwise only a complete list is kept.
   */
  continues: boolean;
  label?: string;
  /** REST's order, when GraphQL's differs. */
  sort?: (items: unknown[]) => unknown[];
}

const lower = (value: unknown) => String(value ?? "").toLowerCase();

/** GraphQL names an app's bot without the `[bot]` REST adds to its login. */
function restUser(author: unknown): { login: string; type: string } | null {
  if (!author || typeof author !== "object") return null;
  const { login, __typename: type } = author as { login?: string; __typename?: string };
  if (typeof login !== "string") return null;
  return { login: type === "Bot" ? `${login}[bot]` : login, type: type ?? "User" };
}

const PULL_FIELDS =
  "number title state url isDraft createdAt updatedAt closedAt mergedAt headRefOid headRefName author { __typename login }";

function restPull(node: Node) {
  return {
    number: node.number,
    title: node.title,
    state: node.state === "OPEN" ? "open" : "closed",
    html_url: node.url,
    draft: node.isDraft,
    created_at: node.createdAt,
    updated_at: node.updatedAt,
    closed_at: node.closedAt,
    merged_at: node.mergedAt,
    user: restUser(node.author),
    head: { sha: node.headRefOid, ref: node.headRefName },
  };
}

/** GraphQL's `MODERATE` is REST's `medium`. */
function restSeverity(value: unknown): string {
  return value === "MODERATE" ? "medium" : lower(value);
}

function listsOf(plan: ListPlan): BatchedList[] {
  const lists: BatchedList[] = [];
  if (plan.closedMilestones)
    lists.push({
      read: SWEEP_LISTS.closedMilestones,
      connection: "milestones(first: 100, states: [CLOSED], orderBy: {field: DUE_DATE, direction: DESC})",
      fields: "number title state url closedAt dueOn createdAt",
      // Milestones without a due date sort differently in REST: only a complete list is kept.
      continues: false,
      toRest: (node) => ({
        number: node.number,
        title: node.title,
        state: lower(node.state),
        html_url: node.url,
        closed_at: node.closedAt,
        due_on: node.dueOn,
        created_at: node.createdAt,
      }),
    });
  for (const label of plan.reviewLabels)
    lists.push({
      read: labelledIssues(label),
      label,
      connection: "issues(first: 100, labels: [$label], orderBy: {field: UPDATED_AT, direction: DESC})",
      fields: "number title state url createdAt updatedAt closedAt labels(first: 20) { nodes { name } }",
      continues: true,
      toRest: (node) => ({
        number: node.number,
        title: node.title,
        state: lower(node.state),
        html_url: node.url,
        created_at: node.createdAt,
        updated_at: node.updatedAt,
        closed_at: node.closedAt,
        labels: ((node.labels as { nodes?: { name: string }[] } | null)?.nodes ?? []).map(({ name }) => ({ name })),
      }),
    });
  if (plan.openPulls)
    lists.push({
      read: SWEEP_LISTS.openPulls,
      connection: "pullRequests(first: 100, states: [OPEN], orderBy: {field: CREATED_AT, direction: ASC})",
      fields: PULL_FIELDS,
      continues: true,
      toRest: restPull,
    });
  if (plan.closedPulls)
    lists.push({
      read: SWEEP_LISTS.closedPulls,
      connection: "pullRequests(first: 100, states: [CLOSED, MERGED], orderBy: {field: UPDATED_AT, direction: DESC})",
      fields: PULL_FIELDS,
      continues: true,
      toRest: restPull,
    });
  if (plan.openAlerts)
    lists.push({
      read: SWEEP_LISTS.openAlerts,
      connection: "vulnerabilityAlerts(first: 100, states: [OPEN])",
      fields: "number state createdAt securityVulnerability { severity package { name } }",
      // REST pages alerts by cursors of its own: only a complete list is kept.
      continues: false,
      toRest: (node, repositoryUrl) => {
        const vulnerability = node.securityVulnerability as { severity?: unknown; package?: { name?: string } } | null;
        const severity = restSeverity(vulnerability?.severity);
        return {
          number: node.number,
          state: lower(node.state),
          html_url: `${repositoryUrl}/security/dependabot/${String(node.number)}`,
          created_at: node.createdAt,
          security_vulnerability: { severity, package: { name: vulnerability?.package?.name } },
          security_advisory: { severity },
        };
      },
      sort: (items) =>
        [...items].sort((a, b) => String((a as Node).created_at).localeCompare(String((b as Node).created_at))),
    });
  if (plan.deployments)
    lists.push({
      read: SWEEP_LISTS.deployments,
      connection: "deployments(first: 100, orderBy: {field: CREATED_AT, direction: DESC})",
      fields: "databaseId commitOid environment createdAt",
      continues: true,
      toRest: (node) => ({
        id: node.databaseId,
        sha: node.commitOid,
        environment: node.environment,
        created_at: node.createdAt,
      }),
    });
  return lists;
}

interface Pending {
  octokit: Octokit;
  repo: RepoRef;
  lists: BatchedList[];
  done: (answer: Node | null | undefined) => void;
}

interface Connection {
  pageInfo?: { hasNextPage?: boolean };
  nodes?: (Node | null)[];
}

/**
 * Batches the list reads of repositories swept at about the same time in one installation (one
 * app installation per account, so the owner names it) into GraphQL requests.
 */
export class BatchedLists {
  readonly #waiting = new Map<string, { pending: Pending[]; timer: NodeJS.Timeout }>();
  #warned = false;
  constructor(private readonly log?: Logger) {}

  /**
   * Reads the planned lists of a repository (batched with others) into `reader`, answered as the
   * REST reads of them would be. Never fails: a list it could not read is left to REST. Returns
   * how many lists were kept.
   */
  async prefetch(octokit: Octokit, reader: ConditionalReader, repo: RepoRef, plan: ListPlan): Promise<number> {
    const lists = listsOf(plan);
    if (lists.length === 0) return 0;
    const answer = await new Promise<Node | null | undefined>((done) => this.#enqueue({ octokit, repo, lists, done }));
    if (!answer) return 0;
    const repositoryUrl = String(answer.url ?? "");
    let kept = 0;
    lists.forEach((list, index) => {
      const found = answer[`l${index}`] as Connection | null | undefined;
      if (!found || !Array.isArray(found.nodes)) return;
      const more = found.pageInfo?.hasNextPage === true;
      if (more && !list.continues) return;
      const items = found.nodes
        .filter((node): node is Node => node !== null)
        .map((node) => list.toRest(node, repositoryUrl));
      const parameters = firstPage(repo, list.read);
      const next = more ? octokit.request.endpoint(list.read.route, { ...parameters, page: 2 }).url : undefined;
      reader.remember(octokit, list.read.route, parameters, { data: list.sort ? list.sort(items) : items, next });
      kept++;
    });
    return kept;
  }

  #enqueue(entry: Pending): void {
    const key = entry.repo.owner.toLowerCase();
    const waiting = this.#waiting.get(key);
    if (waiting) {
      waiting.pending.push(entry);
      if (waiting.pending.length >= MAX_BATCH) this.#flush(key);
      return;
    }
    const timer = setTimeout(() => this.#flush(key), BATCH_WINDOW_MS);
    timer.unref();
    this.#waiting.set(key, { pending: [entry], timer });
  }

  #flush(key: string): void {
    const waiting = this.#waiting.get(key);
    if (!waiting) return;
    this.#waiting.delete(key);
    clearTimeout(waiting.timer);
    void this.#send(waiting.pending);
  }

  async #send(batch: Pending[]): Promise<void> {
    const { query, variables } = batchQuery(batch);
    let data: Node | null | undefined;
    try {
      data = (await (batch[0] as Pending).octokit.graphql<Node>(query, variables)) ?? undefined;
    } catch (error) {
      // GitHub answers the fields it could with `data`, and says what failed in `errors` (a
      // repository not found, alerts this app may not read): the rest is still good.
      data = (error as { data?: Node | null }).data ?? undefined;
      // Said once as a warning (a GitHub without GraphQL fails every batch), then quietly.
      const level = this.#warned ? "debug" : "warn";
      this.#warned = true;
      this.log?.[level](
        { err: error, repositories: batch.length, partial: data !== undefined },
        `batched list read failed in part or in full (${describeFailure(error)}); REST reads the rest`,
      );
    }
    batch.forEach((entry, index) => {
      entry.done(data?.[`r${index}`] as Node | null | undefined);
    });
  }
}

/** The query a batch of repositories with these plans is read with (for checking it against GitHub's schema). */
export function listsQuery(requests: readonly { repo: RepoRef; plan: ListPlan }[]) {
  return batchQuery(requests.map(({ repo, plan }) => ({ repo, lists: listsOf(plan) })));
}

/** One query for a batch: a repository per alias, a list per alias inside it; all names are variables. */
function batchQuery(batch: readonly Pick<Pending, "repo" | "lists">[]): {
  query: string;
  variables: Record<string, string>;
} {
  const variables: Record<string, string> = {};
  const declarations: string[] = [];
  const repositories = batch.map((entry, index) => {
    variables[`o${index}`] = entry.repo.owner;
    variables[`n${index}`] = entry.repo.repo;
    declarations.push(`$o${index}: String!`, `$n${index}: String!`);
    const lists = entry.lists.map((list, position) => {
      let connection = list.connection;
      if (list.label !== undefined) {
        const name = `label${index}_${position}`;
        variables[name] = list.label;
        declarations.push(`$${name}: String!`);
        connection = connection.replace("$label", `$${name}`);
      }
      return `l${position}: ${connection} { pageInfo { hasNextPage } nodes { ${list.fields} } }`;
    });
    return `r${index}: repository(owner: $o${index}, name: $n${index}) { url ${lists.join(" ")} }`;
  });
  return { query: `query SweepLists(${declarations.join(", ")}) { ${repositories.join(" ")} }`, variables };
}
