import { describe, expect, it } from "vitest";
import { readDeploymentHistory, readOwnRuns } from "../src/github/gate-graphql.js";
import type { Octokit } from "../src/github/octokit.js";

/** An Octokit whose GraphQL answers `answer` (or throws it), recording the variables it was asked with. */
function graphqlAnswering(answer: unknown) {
  const asked: Record<string, unknown>[] = [];
  const octokit = {
    graphql: async (_query: string, variables: Record<string, unknown>) => {
      asked.push(variables);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as Octokit;
  return { reads: { octokit, repo: { owner: "acme", repo: "payments" } }, asked };
}

const deployment = (id: number, environment: string, statuses: [string, string][]) => ({
  databaseId: id,
  commitOid: "a".repeat(40),
  environment,
  createdAt: "2026-11-24T10:00:00Z",
  statuses: { nodes: statuses.map(([state, createdAt]) => ({ state, createdAt })) },
});

describe("the gate's GraphQL reads", () => {
  it("reads each deployment's first success, whatever the order of its statuses", async () => {
    const { reads } = graphqlAnswering({
      repository: {
        commit: {
          deployments: {
            nodes: [
              deployment(2, "staging", [
                ["INACTIVE", "2026-11-24T12:00:00Z"],
                ["SUCCESS", "2026-11-24T10:05:00Z"],
                ["IN_PROGRESS", "2026-11-24T10:01:00Z"],
              ]),
              deployment(1, "preview", [["FAILURE", "2026-11-24T10:02:00Z"]]),
            ],
          },
        },
        environment: { nodes: [] },
      },
    });
    const history = await readDeploymentHistory(reads, "a".repeat(40), "production");
    expect(history?.ofCommit.map((item) => [item.id, item.environment, item.successAt])).toEqual([
      [2, "staging", Date.parse("2026-11-24T10:05:00Z")],
      [1, "preview", null],
    ]);
  });

  it("leaves to REST a commit GitHub does not resolve, and a GraphQL that fails", async () => {
    const unresolved = graphqlAnswering({ repository: { commit: null, environment: { nodes: [] } } });
    expect(await readDeploymentHistory(unresolved.reads, "a".repeat(40), "production")).toBeNull();
    const failing = graphqlAnswering(new Error("Field 'statuses' doesn't exist on type 'Deployment'"));
    expect(await readDeploymentHistory(failing.reads, "a".repeat(40), "production")).toBeNull();
  });

  it("takes the app's newest run of the name, and leaves out commits GitHub does not resolve", async () => {
    const run = (databaseId: number, name: string, conclusion: string) => ({
      databaseId,
      name,
      conclusion,
      externalId: `e${databaseId}`,
      text: null,
    });
    const { reads, asked } = graphqlAnswering({
      repository: {
        c0: {
          checkSuites: {
            nodes: [
              { app: { databaseId: 99 }, checkRuns: { nodes: [run(9, "Shipshape", "SUCCESS")] } },
              {
                app: { databaseId: 42 },
                checkRuns: {
                  nodes: [run(3, "Shipshape", "FAILURE"), run(5, "Shipshape", "SUCCESS"), run(7, "lint", "FAILURE")],
                },
              },
            ],
          },
        },
        c1: null,
        c2: { checkSuites: { nodes: [] } },
      },
    });
    const runs = await readOwnRuns(reads, ["a".repeat(40), "b".repeat(40), "c".repeat(40)], "Shipshape", 42);
    expect(asked[0]).toMatchObject({ appId: 42, checkName: "Shipshape", c0: "a".repeat(40), c2: "c".repeat(40) });
    expect(runs?.get("a".repeat(40))).toEqual({ conclusion: "success", external_id: "e5", output: { text: null } });
    expect(runs?.has("b".repeat(40))).toBe(false);
    expect(runs?.get("c".repeat(40))).toBeNull();
  });
});
