import { schema, validate } from "@octokit/graphql-schema";
import { GitHubSimulator, openPull, SCHEMA, type SimRepository } from "@shipshape/simulator";
import { buildClientSchema, type IntrospectionQuery, isEnumType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatchedLists, listsQuery } from "../src/github/batched-lists.js";
import { ConditionalReader } from "../src/github/conditional-reader.js";
import { DEPLOYMENTS_QUERY, ownRunsQuery } from "../src/github/gate-graphql.js";
import type { Octokit } from "../src/github/octokit.js";
import { firstPage, SWEEP_LISTS } from "../src/github/repository-facts.js";
import { simulatorProbot } from "./helpers/simulator-probot.js";

// biome-ignore lint/suspicious/noExplicitAny: raw JSON answers, read by path in the assertions
type Json = Record<string, any>;

/** What GitHub's GraphQL API answers, raw: data and errors side by side, as it sends them. */
async function post(simulator: GitHubSimulator, octokit: Octokit, query: string, variables: object = {}) {
  // Through the app's own client (its token), but as a plain request: nothing reads the answer for us.
  const response = await octokit.request("POST /api/graphql", { baseUrl: simulator.urls.web, query, variables });
  return {
    status: response.status,
    resource: response.headers["x-ratelimit-resource"],
    remaining: Number(response.headers["x-ratelimit-remaining"]),
    body: response.data as { data?: Json | null; errors?: Json[] },
  };
}

describe("the simulator's GraphQL API", () => {
  let simulator: GitHubSimulator;
  let octokit: Octokit;
  let repository: SimRepository;

  beforeAll(async () => {
    simulator = new GitHubSimulator();
    await simulator.start();
    const installation = simulator.store.addInstallation("acme");
    repository = simulator.store.addRepository("acme/api", installation.id);
    simulator.store.addRepository("other/secret", simulator.store.addInstallation("other").id);
    for (let index = 0; index < 3; index++) openPull(simulator.store, repository, { title: `Change ${index}` });
    const update = openPull(simulator.store, repository, { title: "Bump yaml" });
    update.user = { login: "dependabot[bot]", id: 49699333, type: "Bot" };
    const probot = simulatorProbot(simulator);
    octokit = (await probot.auth(installation.id)) as Octokit;
  });

  afterAll(async () => {
    await simulator.stop();
  });

  it("charges the documented points: connection requests, nested ones per possible parent, over 100, at least 1", async () => {
    const small = await post(
      simulator,
      octokit,
      '{ repository(owner: "acme", name: "api") { pullRequests(first: 100) { nodes { number } } } rateLimit { cost nodeCount } }',
    );
    expect(small.body.data?.rateLimit).toEqual({ cost: 1, nodeCount: 100 });
    expect(small.resource).toBe("graphql");
    // 1 request for the pull requests, 100 for their labels (one per possible pull request),
    // 100 × 100 for the labels' … there is no deeper connection here: 101 requests → 1 point;
    // three such repositories: 303 → 3 points.
    const aliases = ["a", "b", "c"]
      .map(
        (alias) =>
          `${alias}: repository(owner: "acme", name: "api") { pullRequests(first: 100) { nodes { labels(first: 100) { nodes { name } } } } }`,
      )
      .join(" ");
    const nested = await post(simulator, octokit, `{ ${aliases} rateLimit { cost } }`);
    expect(nested.body.data?.rateLimit).toEqual({ cost: 3 });
    expect(small.remaining - nested.remaining).toBe(3);
  });

  it("refuses a connection without first or last, or with more than 100, before running anything", async () => {
    const missing = await post(
      simulator,
      octokit,
      '{ repository(owner: "acme", name: "api") { pullRequests { nodes { number } } } }',
    );
    expect(missing.status).toBe(200);
    expect(missing.body.data).toBeUndefined();
    expect(missing.body.errors?.[0]?.type).toBe("MISSING_PAGINATION_BOUNDARIES");
    const excessive = await post(
      simulator,
      octokit,
      'query($n: Int!) { repository(owner: "acme", name: "api") { pullRequests(first: $n) { nodes { number } } } }',
      { n: 101 },
    );
    expect(excessive.body.errors?.[0]?.message).toBe(
      "Requesting 101 records on the `pullRequests` connection exceeds the `first` limit of 100 records.",
    );
    const unknownField = await post(
      simulator,
      octokit,
      '{ repository(owner: "acme", name: "api") { stargazerCount } }',
    );
    expect(unknownField.body.errors?.[0]?.message).toContain("stargazerCount");
  });

  it("names bots without [bot], pages with cursors, and answers another installation's repository as not found", async () => {
    const page = await post(
      simulator,
      octokit,
      '{ repository(owner: "acme", name: "api") { pullRequests(first: 3) { pageInfo { hasNextPage endCursor } nodes { number author { __typename login } } } } }',
    );
    const pulls = page.body.data?.repository.pullRequests;
    expect(pulls.pageInfo.hasNextPage).toBe(true);
    const rest = await post(
      simulator,
      octokit,
      'query($after: String) { repository(owner: "acme", name: "api") { pullRequests(first: 3, after: $after) { pageInfo { hasNextPage } nodes { number author { __typename login } } } } }',
      { after: pulls.pageInfo.endCursor },
    );
    expect(rest.body.data?.repository.pullRequests).toEqual({
      pageInfo: { hasNextPage: false },
      nodes: [{ number: 4, author: { __typename: "Bot", login: "dependabot" } }],
    });
    const hidden = await post(
      simulator,
      octokit,
      '{ mine: repository(owner: "acme", name: "api") { url } theirs: repository(owner: "other", name: "secret") { url } }',
    );
    expect(hidden.body.data?.mine.url).toMatch(/\/acme\/api$/);
    expect(hidden.body.data?.theirs).toBeNull();
    expect(hidden.body.errors).toEqual([
      expect.objectContaining({
        type: "NOT_FOUND",
        path: ["theirs"],
        message: "Could not resolve to a Repository with the name 'other/secret'.",
      }),
    ]);
  });

  it("batches repositories read at the same moment into one request, and keeps only what GitHub answered", async () => {
    const lists = new BatchedLists();
    const reader = new ConditionalReader();
    const plan = {
      closedMilestones: false,
      reviewLabels: [],
      openPulls: true,
      closedPulls: false,
      openAlerts: true,
      deployments: false,
    };
    repository.alertsForbidden = "permission";
    const before = simulator.calls.length;
    const kept = await Promise.all([
      lists.prefetch(octokit, reader, { owner: "acme", repo: "api" }, plan),
      lists.prefetch(octokit, reader, { owner: "acme", repo: "missing" }, plan),
    ]);
    repository.alertsForbidden = false;
    expect(simulator.calls.slice(before).map((call) => `${call.method} ${call.path}`)).toEqual(["POST /api/graphql"]);
    // The open pull requests of acme/api; its alerts were refused and the other repository does
    // not exist: those are left to REST.
    expect(kept).toEqual([1, 0]);
    const repo = { owner: "acme", repo: "api" };
    const page = reader.cachedPage<{ number: number; user: { login: string } }[]>(
      octokit,
      SWEEP_LISTS.openPulls.route,
      firstPage(repo, SWEEP_LISTS.openPulls),
      0,
    );
    expect(page?.data.map((pull) => `${pull.number} ${pull.user.login}`)).toEqual([
      "1 octocat",
      "2 octocat",
      "3 octocat",
      "4 dependabot[bot]",
    ]);
    expect(
      reader.cachedPage(octokit, SWEEP_LISTS.openAlerts.route, firstPage(repo, SWEEP_LISTS.openAlerts), 0),
    ).toBeUndefined();
  });
});

/**
 * GitHub's published schema (@octokit/graphql-schema, github.com's public schema): the
 * simulator's part of it must say what GitHub's says, and the app's queries must be valid there.
 */
describe("GraphQL against GitHub's own schema", () => {
  const github = buildClientSchema(schema.json as unknown as IntrospectionQuery);

  it("has every simulated type, field, argument and enum value as GitHub has them", () => {
    const problems: string[] = [];
    for (const type of Object.values(SCHEMA.getTypeMap())) {
      if (type.name.startsWith("__") || ["String", "Int", "Boolean", "ID", "Float"].includes(type.name)) continue;
      const theirs = github.getType(type.name);
      if (!theirs) {
        problems.push(`${type.name}: no such type`);
        continue;
      }
      if (isEnumType(type) && isEnumType(theirs)) {
        const values = new Set(theirs.getValues().map((value) => value.name));
        for (const value of type.getValues()) if (!values.has(value.name)) problems.push(`${type.name}.${value.name}`);
        continue;
      }
      if (!("getFields" in type) || !("getFields" in theirs)) continue;
      const fields = theirs.getFields() as Record<
        string,
        { type: unknown; args?: readonly { name: string; type: unknown }[] }
      >;
      for (const field of Object.values(type.getFields()) as {
        name: string;
        type: unknown;
        args?: readonly { name: string; type: unknown }[];
      }[]) {
        const their = fields[field.name];
        if (!their) {
          problems.push(`${type.name}.${field.name}: no such field`);
          continue;
        }
        if (String(their.type) !== String(field.type))
          problems.push(`${type.name}.${field.name}: ${String(field.type)}, GitHub says ${String(their.type)}`);
        for (const argument of field.args ?? []) {
          const theirArgument = their.args?.find((candidate) => candidate.name === argument.name);
          if (String(theirArgument?.type) !== String(argument.type))
            problems.push(
              `${type.name}.${field.name}(${argument.name}): ${String(argument.type)}, GitHub says ${String(theirArgument?.type)}`,
            );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("sends a batched read GitHub's schema accepts", () => {
    const plan = {
      closedMilestones: true,
      reviewLabels: ["sprint-review", "demo day"],
      openPulls: true,
      closedPulls: true,
      openAlerts: true,
      deployments: true,
    };
    const { query, variables } = listsQuery([
      { repo: { owner: "acme", repo: "api" }, plan },
      { repo: { owner: "acme", repo: "web" }, plan: { ...plan, reviewLabels: [] } },
    ]);
    expect(validate(query)).toEqual([]);
    expect(Object.values(variables)).toEqual(["acme", "api", "sprint-review", "demo day", "acme", "web"]);
  });

  it("takes the gate's two queries as GitHub's schema does", () => {
    expect(validate(DEPLOYMENTS_QUERY)).toEqual([]);
    const runs = ownRunsQuery({ owner: "acme", repo: "api" }, ["a".repeat(40), "b".repeat(40)], "Shipshape", 42);
    expect(validate(runs.query)).toEqual([]);
    expect(runs.variables).toMatchObject({ c0: "a".repeat(40), c1: "b".repeat(40), appId: 42 });
    expect(
      validate(ownRunsQuery({ owner: "acme", repo: "api" }, ["a".repeat(40)], "Shipshape", undefined).query),
    ).toEqual([]);
  });
});
