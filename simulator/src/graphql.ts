import {
  buildSchema,
  type DocumentNode,
  execute,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLObjectType,
  getNamedType,
  isObjectType,
  Kind,
  parse,
  type SelectionSetNode,
  type ValueNode,
  validate,
} from "graphql";
import type { Urls } from "./present.js";
import type {
  SimAlert,
  SimCheckRun,
  SimDeployment,
  SimIssue,
  SimMilestone,
  SimPull,
  SimRepository,
  SimStore,
  SimUser,
} from "./store.js";

/**
 * The part of GitHub's GraphQL API (`POST /graphql`, on Enterprise Server `POST /api/graphql`)
 * Shipshape reads, with GitHub's type, field, argument and enum names (github/docs,
 * `src/graphql/data/fpt/schema.docs.graphql`). What is not here is answered as GitHub answers
 * an unknown field: a validation error, no data.
 */
const SDL = /* GraphQL */ `
  scalar DateTime
  scalar URI
  scalar GitObjectID

  type Query {
    repository(owner: String!, name: String!, followRenames: Boolean = true): Repository
    rateLimit(dryRun: Boolean = false): RateLimit
  }

  type RateLimit {
    cost: Int!
    limit: Int!
    nodeCount: Int!
    remaining: Int!
    resetAt: DateTime!
    used: Int!
  }

  type PageInfo {
    endCursor: String
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
  }

  enum OrderDirection {
    ASC
    DESC
  }

  input IssueOrder {
    field: IssueOrderField!
    direction: OrderDirection!
  }
  enum IssueOrderField {
    CREATED_AT
    UPDATED_AT
    COMMENTS
  }
  input MilestoneOrder {
    field: MilestoneOrderField!
    direction: OrderDirection!
  }
  enum MilestoneOrderField {
    DUE_DATE
    CREATED_AT
    UPDATED_AT
    NUMBER
  }
  input DeploymentOrder {
    field: DeploymentOrderField!
    direction: OrderDirection!
  }
  enum DeploymentOrderField {
    CREATED_AT
  }

  enum IssueState {
    OPEN
    CLOSED
  }
  enum MilestoneState {
    OPEN
    CLOSED
  }
  enum PullRequestState {
    OPEN
    CLOSED
    MERGED
  }
  enum RepositoryVulnerabilityAlertState {
    OPEN
    FIXED
    DISMISSED
    AUTO_DISMISSED
  }
  enum SecurityAdvisorySeverity {
    LOW
    MODERATE
    HIGH
    CRITICAL
  }
  enum DeploymentStatusState {
    PENDING
    SUCCESS
    FAILURE
    INACTIVE
    ERROR
    QUEUED
    IN_PROGRESS
    WAITING
  }

  interface Actor {
    login: String!
    url: URI!
  }
  type User implements Actor {
    login: String!
    url: URI!
  }
  type Bot implements Actor {
    login: String!
    url: URI!
  }

  type Repository {
    nameWithOwner: String!
    url: URI!
    issues(
      after: String
      before: String
      first: Int
      last: Int
      labels: [String!]
      orderBy: IssueOrder
      states: [IssueState!]
    ): IssueConnection!
    milestones(
      after: String
      before: String
      first: Int
      last: Int
      orderBy: MilestoneOrder
      states: [MilestoneState!]
    ): MilestoneConnection
    pullRequests(
      after: String
      before: String
      first: Int
      last: Int
      labels: [String!]
      orderBy: IssueOrder
      states: [PullRequestState!]
    ): PullRequestConnection!
    vulnerabilityAlerts(
      after: String
      before: String
      first: Int
      last: Int
      states: [RepositoryVulnerabilityAlertState!]
    ): RepositoryVulnerabilityAlertConnection
    deployments(
      after: String
      before: String
      first: Int
      last: Int
      environments: [String!]
      orderBy: DeploymentOrder = { field: CREATED_AT, direction: ASC }
    ): DeploymentConnection!
    object(expression: String, oid: GitObjectID): GitObject
  }

  interface GitObject {
    oid: GitObjectID!
  }
  type Commit implements GitObject {
    oid: GitObjectID!
    deployments(
      after: String
      before: String
      environments: [String!]
      first: Int
      last: Int
      orderBy: DeploymentOrder = { field: CREATED_AT, direction: ASC }
    ): DeploymentConnection
    checkSuites(after: String, before: String, filterBy: CheckSuiteFilter, first: Int, last: Int): CheckSuiteConnection
  }
  input CheckSuiteFilter {
    appId: Int
    checkName: String
  }
  input CheckRunFilter {
    appId: Int
    checkName: String
    checkType: CheckRunType
    conclusions: [CheckConclusionState!]
    status: CheckStatusState
    statuses: [CheckStatusState!]
  }
  enum CheckRunType {
    ALL
    LATEST
  }
  enum CheckStatusState {
    COMPLETED
    IN_PROGRESS
    PENDING
    QUEUED
    REQUESTED
    WAITING
  }
  enum CheckConclusionState {
    ACTION_REQUIRED
    CANCELLED
    FAILURE
    NEUTRAL
    SKIPPED
    STALE
    STARTUP_FAILURE
    SUCCESS
    TIMED_OUT
  }
  type App {
    databaseId: Int
    name: String!
  }
  type CheckSuite {
    app: App
    checkRuns(after: String, before: String, filterBy: CheckRunFilter, first: Int, last: Int): CheckRunConnection
  }
  type CheckRun {
    databaseId: Int
    name: String!
    status: CheckStatusState!
    conclusion: CheckConclusionState
    externalId: String
    text: String
  }

  type Label {
    name: String!
  }
  type Issue {
    number: Int!
    title: String!
    body: String!
    state: IssueState!
    url: URI!
    createdAt: DateTime!
    updatedAt: DateTime!
    closedAt: DateTime
    author: Actor
    labels(after: String, before: String, first: Int, last: Int): LabelConnection
  }
  type Milestone {
    number: Int!
    title: String!
    state: MilestoneState!
    url: URI!
    closed: Boolean!
    closedAt: DateTime
    dueOn: DateTime
    createdAt: DateTime!
  }
  type PullRequest {
    number: Int!
    title: String!
    state: PullRequestState!
    url: URI!
    isDraft: Boolean!
    createdAt: DateTime!
    updatedAt: DateTime!
    closedAt: DateTime
    mergedAt: DateTime
    author: Actor
    headRefName: String!
    headRefOid: GitObjectID!
    baseRefName: String!
    labels(after: String, before: String, first: Int, last: Int): LabelConnection
  }
  type SecurityAdvisoryPackage {
    name: String!
  }
  type SecurityVulnerability {
    severity: SecurityAdvisorySeverity!
    package: SecurityAdvisoryPackage!
  }
  type SecurityAdvisory {
    severity: SecurityAdvisorySeverity!
  }
  type RepositoryVulnerabilityAlert {
    number: Int!
    state: RepositoryVulnerabilityAlertState!
    createdAt: DateTime!
    securityVulnerability: SecurityVulnerability
    securityAdvisory: SecurityAdvisory
  }
  type DeploymentStatus {
    state: DeploymentStatusState!
    createdAt: DateTime!
  }
  type Deployment {
    databaseId: Int
    commitOid: String!
    environment: String
    createdAt: DateTime!
    latestStatus: DeploymentStatus
    statuses(after: String, before: String, first: Int, last: Int): DeploymentStatusConnection
  }

  type LabelEdge {
    cursor: String!
    node: Label
  }
  type LabelConnection {
    edges: [LabelEdge]
    nodes: [Label]
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type IssueEdge {
    cursor: String!
    node: Issue
  }
  type IssueConnection {
    edges: [IssueEdge]
    nodes: [Issue]
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type MilestoneEdge {
    cursor: String!
    node: Milestone
  }
  type MilestoneConnection {
    edges: [MilestoneEdge]
    nodes: [Milestone]
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type PullRequestEdge {
    cursor: String!
    node: PullRequest
  }
  type PullRequestConnection {
    edges: [PullRequestEdge]
    nodes: [PullRequest]
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type RepositoryVulnerabilityAlertEdge {
    cursor: String!
    node: RepositoryVulnerabilityAlert
  }
  type RepositoryVulnerabilityAlertConnection {
    edges: [RepositoryVulnerabilityAlertEdge]
    nodes: [RepositoryVulnerabilityAlert]
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type DeploymentEdge {
    cursor: String!
    node: Deployment
  }
  type DeploymentConnection {
    edges: [DeploymentEdge]
    nodes: [Deployment]
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type DeploymentStatusEdge {
    cursor: String!
    node: DeploymentStatus
  }
  type DeploymentStatusConnection {
    edges: [DeploymentStatusEdge]
    nodes: [DeploymentStatus]
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type CheckSuiteEdge {
    cursor: String!
    node: CheckSuite
  }
  type CheckSuiteConnection {
    edges: [CheckSuiteEdge]
    nodes: [CheckSuite]
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type CheckRunEdge {
    cursor: String!
    node: CheckRun
  }
  type CheckRunConnection {
    edges: [CheckRunEdge]
    nodes: [CheckRun]
    pageInfo: PageInfo!
    totalCount: Int!
  }
`;

/** The schema the simulator answers (a part of GitHub's; a test holds it to GitHub's own). */
export const SCHEMA = buildSchema(SDL);

/**
 * "Rate limits and node limits for the GraphQL API": clients must supply `first` or `last` on any
 * connection, within 1-100; a call may not request more than 500,000 nodes.
 */
const MAX_PAGE = 100;
const MAX_NODES = 500_000;

/** An error as GitHub's GraphQL API words it: a `type`, a message, and where it happened. */
interface GitHubGraphqlError {
  type?: string;
  message: string;
  path?: readonly (string | number)[];
  locations?: readonly { line: number; column: number }[];
}

/** A resolver's failure that GitHub reports with a `type` (NOT_FOUND, FORBIDDEN). */
class TypedFailure extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export interface GraphqlAnswer {
  body: { data?: unknown; errors?: GitHubGraphqlError[] };
  /** The points the call cost (0 when it was refused before running). */
  cost: number;
}

/** What a query asks for, worked out before running it. */
interface QueryCost {
  /** "Add up the number of requests needed to fulfill each unique connection in the call." */
  requests: number;
  nodes: number;
  errors: GitHubGraphqlError[];
}

/**
 * The point cost GitHub charges ("Calculating a rate limit score before running the call"): the
 * requests needed to fulfil each connection, assuming every one reaches its `first`/`last` (a
 * connection inside another costs one request per possible parent), divided by 100 and rounded;
 * at least 1.
 */
export function pointsFor(requests: number): number {
  return Math.max(1, Math.round(requests / 100));
}

function measure(document: DocumentNode, variables: Record<string, unknown>): QueryCost {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const cost: QueryCost = { requests: 0, nodes: 0, errors: [] };
  const argumentValue = (node: ValueNode | undefined): unknown => {
    if (!node) return undefined;
    if (node.kind === Kind.VARIABLE) return variables[node.name.value];
    if (node.kind === Kind.INT) return Number(node.value);
    return undefined;
  };
  const walk = (selections: SelectionSetNode, parent: GraphQLObjectType | undefined, parents: number) => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet, typeNamed(fragment.typeCondition.name.value) ?? parent, parents);
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, typeNamed(selection.typeCondition?.name.value) ?? parent, parents);
        continue;
      }
      const field = parent?.getFields()[selection.name.value];
      if (!field || !selection.selectionSet) continue;
      const type = getNamedType(field.type);
      let inner = parents;
      if (type.name.endsWith("Connection")) {
        const argument = (name: string) => selection.arguments?.find((item) => item.name.value === name)?.value;
        const first = argumentValue(argument("first"));
        const last = argumentValue(argument("last"));
        const size = typeof first === "number" ? first : typeof last === "number" ? last : undefined;
        const name = selection.name.value;
        if (size === undefined) {
          cost.errors.push({
            type: "MISSING_PAGINATION_BOUNDARIES",
            message: `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`,
            path: [name],
          });
        } else if (size > MAX_PAGE || size < 0) {
          cost.errors.push({
            type: "EXCESSIVE_PAGINATION",
            message: `Requesting ${size} records on the \`${name}\` connection exceeds the \`${typeof first === "number" ? "first" : "last"}\` limit of ${MAX_PAGE} records.`,
            path: [name],
          });
        }
        cost.requests += parents;
        inner = parents * (size ?? 0);
        cost.nodes += inner;
      }
      walk(selection.selectionSet, isObjectType(type) ? type : undefined, inner);
    }
  };
  for (const definition of document.definitions)
    if (definition.kind === Kind.OPERATION_DEFINITION)
      walk(definition.selectionSet, SCHEMA.getQueryType() ?? undefined, 1);
  if (cost.nodes > MAX_NODES)
    cost.errors.push({
      type: "MAX_NODE_LIMIT_EXCEEDED",
      message: `This query requests up to ${cost.nodes.toLocaleString("en-US")} possible nodes which exceeds the maximum limit of ${MAX_NODES.toLocaleString("en-US")}.`,
    });
  return cost;
}

function typeNamed(name: string | undefined): GraphQLObjectType | undefined {
  const type = name ? SCHEMA.getType(name) : undefined;
  return type && isObjectType(type) ? type : undefined;
}

interface Page {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

const cursorOf = (index: number) => Buffer.from(`cursor:v2:${index}`).toString("base64");
const indexOf = (cursor: string | null | undefined): number | undefined => {
  if (!cursor) return undefined;
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  return match ? Number(match[1]) : undefined;
};

/** A Relay connection over a sorted list, paged with `first`/`after` or `last`/`before`. */
function connection<T, N>(items: readonly T[], page: Page, present: (item: T) => N) {
  const afterIndex = indexOf(page.after);
  const beforeIndex = indexOf(page.before);
  let start = afterIndex === undefined ? 0 : afterIndex + 1;
  let end = beforeIndex === undefined ? items.length : Math.min(beforeIndex, items.length);
  if (typeof page.first === "number") end = Math.min(end, start + page.first);
  else if (typeof page.last === "number") start = Math.max(start, end - page.last);
  const edges = items
    .slice(start, end)
    .map((item, offset) => ({ cursor: cursorOf(start + offset), node: present(item) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    totalCount: items.length,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

interface Order {
  field: string;
  direction: "ASC" | "DESC";
}

function ordered<T>(items: readonly T[], key: (item: T) => string | number | null, direction: Order["direction"]) {
  const sign = direction === "DESC" ? -1 : 1;
  return [...items].sort((a, b) => {
    const x = key(a) ?? "";
    const y = key(b) ?? "";
    return sign * (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y)));
  });
}

/** An issue or pull request's sort key by `IssueOrderField`. */
function issueKey(field: string | undefined) {
  return (item: { created_at: string; updated_at: string; number: number }) =>
    field === "UPDATED_AT" ? item.updated_at : field === "CREATED_AT" ? item.created_at : item.number;
}

export class GraphqlEndpoint {
  constructor(
    private readonly store: SimStore,
    private readonly urls: () => Urls,
  ) {}

  /**
   * Answers a query (the JSON body `{ query, variables }`) for an installation, with `remaining`
   * points left in its hour. GitHub answers 200 even with errors; a query over the remaining points
   * is refused with `RATE_LIMITED` ("If you exceed your primary rate limit, the response status
   * will still be 200, but you will receive an error message").
   */
  answer(
    request: unknown,
    installationId: number,
    budget: { remaining: number; used: number; limit: number; resetAt: number },
  ): GraphqlAnswer {
    const { query, variables } = (request ?? {}) as { query?: unknown; variables?: unknown };
    if (typeof query !== "string")
      return { body: { errors: [{ message: "A query attribute must be specified and must be a string." }] }, cost: 0 };
    const variableValues = (variables && typeof variables === "object" ? variables : {}) as Record<string, unknown>;
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return { body: { errors: [{ type: "PARSE_ERROR", message: (error as Error).message }] }, cost: 0 };
    }
    const invalid = validate(SCHEMA, document);
    if (invalid.length > 0) return { body: { errors: invalid.map(toGitHubError) }, cost: 0 };
    const measured = measure(document, variableValues);
    if (measured.errors.length > 0) return { body: { errors: measured.errors }, cost: 0 };
    const cost = pointsFor(measured.requests);
    if (cost > budget.remaining)
      return {
        body: {
          errors: [{ type: "RATE_LIMITED", message: `API rate limit exceeded for installation ID ${installationId}.` }],
        },
        cost: 0,
      };
    const root = {
      repository: ({ owner, name }: { owner: string; name: string }) => {
        const repository = this.store.repository(owner, name);
        if (!repository || repository.installationId !== installationId)
          throw new TypedFailure("NOT_FOUND", `Could not resolve to a Repository with the name '${owner}/${name}'.`);
        return this.#repository(repository);
      },
      rateLimit: ({ dryRun }: { dryRun: boolean }) => ({
        cost,
        limit: budget.limit,
        nodeCount: measured.nodes,
        used: budget.used + (dryRun ? 0 : cost),
        remaining: budget.remaining - (dryRun ? 0 : cost),
        resetAt: new Date(budget.resetAt).toISOString(),
      }),
    };
    const result = execute({ schema: SCHEMA, document, rootValue: root, variableValues }) as {
      data?: unknown;
      errors?: readonly GraphQLError[];
    };
    return {
      body: {
        data: result.data ?? null,
        ...(result.errors?.length ? { errors: result.errors.map(toGitHubError) } : {}),
      },
      cost,
    };
  }

  #repository(repository: SimRepository) {
    const web = `${this.urls().web}/${repository.owner}/${repository.name}`;
    const actor = (user: SimUser) => ({
      // GraphQL names an app's bot without the `[bot]` REST adds to it.
      __typename: user.type === "Bot" ? "Bot" : "User",
      login: user.type === "Bot" ? user.login.replace(/\[bot\]$/, "") : user.login,
      url: `${this.urls().web}/${user.type === "Bot" ? `apps/${user.login.replace(/\[bot\]$/, "")}` : user.login}`,
    });
    // GraphQL tells a merged pull request from a closed one; REST's `state` says `closed` for both.
    const pullState = (item: SimPull) => (item.merged_at ? "MERGED" : item.state.toUpperCase());
    const labels = (names: readonly string[]) => (page: Page) => connection(names, page, (name) => ({ name }));
    const issue = (item: SimIssue) => ({
      number: item.number,
      title: item.title,
      body: item.body ?? "",
      state: item.state.toUpperCase(),
      url: `${web}/issues/${item.number}`,
      createdAt: item.created_at,
      updatedAt: item.updated_at,
      closedAt: item.closed_at,
      author: actor(item.user),
      labels: labels(item.labels),
    });
    const pull = (item: SimPull) => ({
      number: item.number,
      title: item.title,
      state: pullState(item),
      url: `${web}/pull/${item.number}`,
      isDraft: item.draft,
      createdAt: item.created_at,
      updatedAt: item.updated_at,
      closedAt: item.closed_at,
      mergedAt: item.merged_at,
      author: actor(item.user),
      headRefName: item.head.ref,
      headRefOid: item.head.sha,
      baseRefName: item.base.ref,
      labels: labels(item.labels),
    });
    const milestone = (item: SimMilestone) => ({
      number: item.number,
      title: item.title,
      state: item.state.toUpperCase(),
      url: `${web}/milestone/${item.number}`,
      closed: item.state === "closed",
      closedAt: item.closed_at,
      dueOn: item.due_on,
      createdAt: item.created_at,
    });
    const severity = (item: SimAlert) => (item.severity === "medium" ? "MODERATE" : item.severity.toUpperCase());
    const alert = (item: SimAlert) => ({
      number: item.number,
      state: item.state.toUpperCase(),
      createdAt: item.created_at,
      securityVulnerability: { severity: severity(item), package: { name: item.package.name } },
      securityAdvisory: { severity: severity(item) },
    });
    const deploymentStatus = (status: { state: string; created_at: string }) => ({
      state: status.state.toUpperCase(),
      createdAt: status.created_at,
    });
    const deployment = (item: SimDeployment) => {
      const latest = item.statuses.at(-1);
      return {
        databaseId: item.id,
        commitOid: item.sha,
        environment: item.environment,
        createdAt: item.created_at,
        latestStatus: latest ? deploymentStatus(latest) : null,
        // GitHub does not document this connection's order; here oldest first (Shipshape reads all).
        statuses: (page: Page) => connection(item.statuses, page, deploymentStatus),
      };
    };
    const deploymentsOf = (
      items: readonly SimDeployment[],
      args: Page & { environments?: string[] | null; orderBy: Order },
    ) =>
      connection(
        ordered(
          items.filter((item) => !args.environments || args.environments.includes(item.environment)),
          (item) => item.id,
          args.orderBy.direction,
        ),
        args,
        deployment,
      );
    const checkRun = (run: SimCheckRun) => ({
      databaseId: run.id,
      name: run.name,
      status: run.status.toUpperCase(),
      conclusion: run.conclusion?.toUpperCase() ?? null,
      externalId: run.external_id,
      text: run.output.text,
    });
    /**
     * "About checks": GitHub keeps one check suite per app and commit, and each check run belongs
     * to its app's suite. `checkType: LATEST` keeps the newest run of each name.
     */
    const checkSuites = (
      oid: string,
      args: Page & { filterBy?: { appId?: number | null; checkName?: string | null } | null },
    ) => {
      const runs = repository.checkRuns.filter((run) => run.head_sha === oid);
      const apps = [...new Set(runs.map((run) => run.app_id))].filter(
        (appId) =>
          (args.filterBy?.appId == null || args.filterBy.appId === appId) &&
          (args.filterBy?.checkName == null ||
            runs.some((run) => run.app_id === appId && run.name === args.filterBy?.checkName)),
      );
      return connection(apps, args, (appId) => {
        const own = runs.filter((run) => run.app_id === appId);
        return {
          app: { databaseId: appId, name: own[0]?.app_slug ?? this.store.app.slug },
          checkRuns: (page: Page & { filterBy?: { checkName?: string | null; checkType?: string | null } | null }) => {
            let listed = own.filter((run) => page.filterBy?.checkName == null || run.name === page.filterBy.checkName);
            if (page.filterBy?.checkType === "LATEST")
              listed = listed.filter((run) => !listed.some((other) => other.name === run.name && other.id > run.id));
            return connection(listed, page, checkRun);
          },
        };
      });
    };
    /** A commit the repository knows (a branch's, a pull request's head, a deployment's or a check run's). */
    const knownCommit = (oid: string) =>
      repository.defaultBranchCommits.has(oid) ||
      repository.files.has(oid) ||
      repository.pulls.some((item) => item.head.sha === oid || item.merge_commit_sha === oid) ||
      repository.deployments.some((item) => item.sha === oid) ||
      repository.checkRuns.some((run) => run.head_sha === oid);
    return {
      nameWithOwner: `${repository.owner}/${repository.name}`,
      url: web,
      // Repository.issues lists issues only; pull requests are `pullRequests`.
      issues: (args: Page & { labels?: string[] | null; states?: string[] | null; orderBy?: Order | null }) => {
        const items = repository.issues.filter(
          (item) =>
            (!args.states || args.states.includes(item.state.toUpperCase())) &&
            (args.labels ?? []).every((name) => item.labels.includes(name)),
        );
        const order = args.orderBy ?? { field: "CREATED_AT", direction: "ASC" };
        return connection(ordered(items, issueKey(order.field), order.direction), args, issue);
      },
      pullRequests: (args: Page & { labels?: string[] | null; states?: string[] | null; orderBy?: Order | null }) => {
        const items = repository.pulls.filter(
          (item) =>
            (!args.states || args.states.includes(pullState(item))) &&
            (args.labels ?? []).every((name) => item.labels.includes(name)),
        );
        const order = args.orderBy ?? { field: "CREATED_AT", direction: "ASC" };
        return connection(ordered(items, issueKey(order.field), order.direction), args, pull);
      },
      milestones: (args: Page & { states?: string[] | null; orderBy?: Order | null }) => {
        const items = repository.milestones.filter(
          (item) => !args.states || args.states.includes(item.state.toUpperCase()),
        );
        const order = args.orderBy ?? { field: "NUMBER", direction: "ASC" };
        const key = (item: SimMilestone) =>
          order.field === "DUE_DATE"
            ? item.due_on
            : order.field === "CREATED_AT"
              ? item.created_at
              : order.field === "UPDATED_AT"
                ? item.updated_at
                : item.number;
        return connection(ordered(items, key, order.direction), args, milestone);
      },
      // The same permission and setting as the REST alerts route: without them the field is null
      // with an error ("Resource not accessible by integration"), the rest of the query answers.
      vulnerabilityAlerts: (args: Page & { states?: string[] | null }) => {
        if (repository.alertsForbidden === "permission")
          throw new TypedFailure("FORBIDDEN", "Resource not accessible by integration");
        if (repository.alertsForbidden === "disabled")
          throw new TypedFailure("FORBIDDEN", "Dependabot alerts are disabled for this repository.");
        const items = repository.alerts.filter(
          (item) => !args.states || args.states.includes(item.state.toUpperCase()),
        );
        return connection(
          ordered(items, (item) => item.number, "ASC"),
          args,
          alert,
        );
      },
      deployments: (args: Page & { environments?: string[] | null; orderBy: Order }) =>
        deploymentsOf(repository.deployments, args),
      // Only commits are modelled; `expression` (a rev-parse expression) is not.
      object: ({ oid }: { oid?: string | null }) =>
        oid && knownCommit(oid)
          ? {
              __typename: "Commit",
              oid,
              deployments: (args: Page & { environments?: string[] | null; orderBy: Order }) =>
                deploymentsOf(
                  repository.deployments.filter((item) => item.sha === oid),
                  args,
                ),
              checkSuites: (args: Parameters<typeof checkSuites>[1]) => checkSuites(oid, args),
            }
          : null,
    };
  }
}

function toGitHubError(error: GraphQLError): GitHubGraphqlError {
  const typed = error.originalError instanceof TypedFailure ? error.originalError.type : undefined;
  return {
    ...(typed ? { type: typed } : {}),
    message: error.message,
    ...(error.path ? { path: error.path } : {}),
    ...(error.locations ? { locations: error.locations } : {}),
  };
}
