import { createRequire } from "node:module";
import {
  addComment,
  closeMilestone,
  deliver,
  deploy,
  GitHubSimulator,
  mergePull,
  openPull,
  PayloadFactory,
  type RecordedCall,
  requestDeployment,
  sha,
} from "@shipshape/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp, UNPACED } from "../../demo/start-app.js";
import { runSweep } from "../../src/sweep/cli-sweep.js";

/**
 * Every route, query parameter and body field the app used in a run that exercises all of its
 * handlers must exist in GitHub's OpenAPI description (@octokit/openapi), for api.github.com and
 * for the oldest GitHub Enterprise Server release that package describes (the oldest supported).
 */
const require = createRequire(import.meta.url);
const DESCRIPTIONS = ["api.github.com", "ghes-3.17"] as const;

interface BodySchema {
  $ref?: string;
  properties?: Record<string, unknown>;
  anyOf?: BodySchema[];
  oneOf?: BodySchema[];
}
interface Operation {
  parameters?: ({ $ref?: string; name?: string; in?: string } | undefined)[];
  requestBody?: { content?: Record<string, { schema?: BodySchema }> };
}
interface Description {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters: Record<string, { name: string; in: string }>; schemas: Record<string, BodySchema> };
}

/** The body fields a schema allows: its properties, or those of any of its alternatives (`anyOf`, `oneOf`). */
function bodyFields(description: Description, schema: BodySchema | undefined): Set<string> {
  const resolved = schema?.$ref ? description.components.schemas[schema.$ref.split("/").pop() ?? ""] : schema;
  const fields = new Set(Object.keys(resolved?.properties ?? {}));
  for (const alternative of [...(resolved?.anyOf ?? []), ...(resolved?.oneOf ?? [])])
    for (const field of bodyFields(description, alternative)) fields.add(field);
  return fields;
}

function load(name: string): Description {
  return require(`@octokit/openapi/generated/${name}.json`) as Description;
}

/** The description's path template matching a concrete path, e.g. /repos/{owner}/{repo}/pulls. */
function templateOf(description: Description, path: string): string | undefined {
  const segments = path.split("/");
  return Object.keys(description.paths).find((template) => {
    const parts = template.split("/");
    if (parts.length !== segments.length) {
      // `{path}` of the contents API spans several segments.
      if (!template.endsWith("/{path}")) return false;
      const fixed = parts.slice(0, -1);
      return segments.length >= fixed.length && fixed.every((part, i) => part.startsWith("{") || part === segments[i]);
    }
    return parts.every((part, i) => part.startsWith("{") || part === segments[i]);
  });
}

function queryParameters(description: Description, operation: Operation): Set<string> {
  const names = new Set<string>();
  for (const parameter of operation.parameters ?? []) {
    const resolved = parameter?.$ref
      ? description.components.parameters[parameter.$ref.split("/").pop() ?? ""]
      : parameter;
    if (resolved?.in === "query" && resolved.name) names.add(resolved.name);
  }
  return names;
}

function problemsWith(description: Description, call: RecordedCall): string[] {
  const url = new URL(`http://x${call.path}`);
  const template = templateOf(description, url.pathname);
  const operation = template ? description.paths[template]?.[call.method.toLowerCase()] : undefined;
  if (!template || !operation) return [`${call.method} ${url.pathname}: no such route`];
  const problems: string[] = [];
  const known = queryParameters(description, operation);
  for (const name of url.searchParams.keys()) {
    if (!known.has(name)) problems.push(`${call.method} ${template}: no query parameter ${name}`);
  }
  const body = bodyFields(description, operation.requestBody?.content?.["application/json"]?.schema);
  for (const key of call.bodyKeys ?? []) {
    if (!body.has(key)) problems.push(`${call.method} ${template}: no body field ${key}`);
  }
  return problems;
}

describe("the GitHub API the app uses, against GitHub's OpenAPI description", () => {
  let simulator: GitHubSimulator;
  let app: RunningApp;

  beforeAll(async () => {
    simulator = new GitHubSimulator();
    await simulator.start();
    app = await startApp(simulator);
    const installation = simulator.store.addInstallation("acme");
    const repository = simulator.store.addRepository("acme/payments", installation.id);
    simulator.store.putFile(repository, ".github/shipshape.yml", "pull_requests:\n  staging:\n    checks: [deploy*]\n");
    simulator.store.putFile(repository, "package.json", '{"dependencies":{"left-pad":"1"}}');
    const payloads = new PayloadFactory(simulator);
    const send = (event: string, payload: unknown) =>
      deliver({ url: app.webhookUrl, secret: app.secret }, event, payload);

    const pull = openPull(simulator.store, repository, { title: "Refunds", files: ["src/a.ts", "package.json"] });
    simulator.store.putFile(repository, "package.json", '{"dependencies":{"left-pad":"1","ms":"2"}}', pull.head.sha);
    await send("pull_request", payloads.pullRequest("opened", repository, pull));
    const deployment = deploy(simulator.store, repository, pull.head.sha, "staging", "success");
    await send("deployment_status", payloads.deploymentStatus(repository, deployment));
    deploy(simulator.store, repository, pull.head.sha, "staging-eu", "success"); // read back, not told
    await send("check_suite", payloads.checkSuite("rerequested", repository, pull));
    await send("merge_group", payloads.mergeGroup(repository, pull));
    repository.collaborators.set("mona", "write");
    const waiver = addComment(
      simulator.store,
      repository,
      pull.number,
      "mona",
      "/shipshape waive tests Hotfix for the outage",
    );
    await send("issue_comment", payloads.issueComment("created", repository, waiver));
    const release = deploy(simulator.store, repository, sha("release-0"), "production", "success");
    release.created_at = new Date(Date.now() - 3_600_000).toISOString();
    const shipped = openPull(simulator.store, repository, { title: "Shipped", files: ["src/b.ts"] });
    mergePull(simulator.store, repository, shipped);
    // The gate: production protected by the app's rule, a deployment of the merged commit waiting.
    repository.protectedEnvironments.add("production");
    const { run } = requestDeployment(simulator.store, repository, shipped.head.sha, "production");
    if (run) await send("deployment_protection_rule", payloads.deploymentProtectionRule(repository, run));
    deploy(simulator.store, repository, shipped.head.sha, "production", "success");

    closeMilestone(repository, "Sprint 1", new Date(Date.now() - 30 * 86_400_000).toISOString());
    repository.alerts.push({
      number: 1,
      state: "open",
      severity: "critical",
      package: { ecosystem: "npm", name: "left-pad" },
      created_at: new Date(Date.now() - 10 * 86_400_000).toISOString(),
      updated_at: new Date().toISOString(),
    });
    await runSweep(undefined, { ...simulator.appEnvironment(), LOG_LEVEL: "silent" }, () => {}, undefined, UNPACED);
  }, 60_000);

  afterAll(async () => {
    await app.stop();
    await simulator.stop();
  });

  it("exercised every kind of call: reads, creates and updates of check runs and issues", () => {
    const kinds = new Set(simulator.calls.map((call) => `${call.method} ${new URL(`http://x${call.path}`).pathname}`));
    expect([...kinds]).toEqual(
      expect.arrayContaining([
        "POST /repos/acme/payments/check-runs",
        "GET /repos/acme/payments/dependabot/alerts",
        "GET /repos/acme/payments/milestones",
        "POST /repos/acme/payments/issues",
        expect.stringMatching(/^PATCH \/repos\/acme\/payments\/check-runs\/\d+$/),
        expect.stringMatching(/^GET \/repos\/acme\/payments\/deployments\/\d+\/statuses$/),
        expect.stringMatching(/^GET \/repos\/acme\/payments\/commits\/\w+\/status$/),
        "GET /repos/acme/payments/issues/1/comments",
        "GET /repos/acme/payments/collaborators/mona/permission",
        "GET /repos/acme/payments/deployments",
        expect.stringMatching(/^GET \/repos\/acme\/payments\/pulls\/\d+\/commits$/),
        expect.stringMatching(/^POST \/repos\/acme\/payments\/actions\/runs\/\d+\/deployment_protection_rule$/),
      ]),
    );
    expect(simulator.unknownRoutes).toEqual([]);
  });

  it.each(DESCRIPTIONS)("uses only routes, parameters and fields that %s describes", (name) => {
    const description = load(name);
    // GraphQL reads are held to GitHub's GraphQL schema instead (test/simulator-graphql.test.ts).
    const rest = simulator.calls.filter((call) => call.path !== "/api/graphql");
    const problems = new Set(rest.flatMap((call) => problemsWith(description, call)));
    expect([...problems]).toEqual([]);
  });
});
