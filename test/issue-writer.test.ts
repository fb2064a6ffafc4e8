import { pino } from "pino";
import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { isUnchanged } from "../src/github/check-run.js";
import { IssueWriter, listOwnIssues } from "../src/github/issues.js";
import { type Octokit, uncachedGet } from "../src/github/octokit.js";
import { useNock } from "./helpers/app.js";
import { GitHubMock } from "./helpers/github-mock.js";

const octokit = new ProbotOctokit({
  auth: { token: "test" },
  retry: { enabled: false },
  throttle: { enabled: false },
}) as unknown as Octokit;
const repo = { owner: "Codertocat", repo: "Hello-World" };
const bot = { login: "shipshape[bot]", type: "Bot" };
const MARKER = "<!-- shipshape:lapse:sprint_review -->";

describe("opening issues", () => {
  useNock();

  it("keeps the oldest and closes the other when another process opened the same issue at once", async () => {
    const github = new GitHubMock();
    github.scope.post("/repos/Codertocat/Hello-World/issues").reply(201, { number: 5, html_url: "https://ghe/i/5" });
    github.scope
      .get("/repos/Codertocat/Hello-World/issues")
      .query(true)
      .reply(200, [
        { number: 5, html_url: "https://ghe/i/5", body: `${MARKER}\nours`, user: bot },
        { number: 4, html_url: "https://ghe/i/4", body: `${MARKER}\ntheirs`, user: bot },
        {
          number: 3,
          html_url: "https://ghe/i/3",
          body: `${MARKER}\na person's copy`,
          user: { login: "mona", type: "User" },
        },
      ]);
    github.scope
      .patch("/repos/Codertocat/Hello-World/issues/5", { state: "closed", state_reason: "not_planned" })
      .reply(200, {});
    const writer = new IssueWriter(
      octokit,
      repo,
      { botLogin: "shipshape[bot]", appId: 1 },
      { sleep: async () => {}, log: pino({ level: "silent" }) },
    );
    const kept = await writer.create({ title: "Sprint review overdue", body: `${MARKER}\nbody` }, ["shipshape"], []);
    expect(kept).toEqual({ number: 4, url: "https://ghe/i/4" });
    expect(github.writes.map((write) => `${write.method} ${write.path}`)).toEqual([
      "POST /repos/Codertocat/Hello-World/issues",
      "PATCH /repos/Codertocat/Hello-World/issues/5",
    ]);
  });

  it("opens the issue unassigned when GitHub rejects an assignee", async () => {
    const github = new GitHubMock();
    github.scope
      .post("/repos/Codertocat/Hello-World/issues", (body) => body.assignees.length === 1)
      .reply(422, { message: "Validation Failed" });
    github.scope
      .post("/repos/Codertocat/Hello-World/issues", (body) => body.assignees.length === 0)
      .reply(201, { number: 6, html_url: "https://ghe/i/6" });
    github.scope
      .get("/repos/Codertocat/Hello-World/issues")
      .query(true)
      .reply(200, [{ number: 6, html_url: "https://ghe/i/6", body: `${MARKER}\nx`, user: bot }]);
    const writer = new IssueWriter(
      octokit,
      repo,
      { botLogin: "shipshape[bot]", appId: 1 },
      { sleep: async () => {}, log: pino({ level: "silent" }) },
    );
    expect(await writer.create({ title: "t", body: `${MARKER}\nx` }, [], ["not-a-collaborator"])).toEqual({
      number: 6,
      url: "https://ghe/i/6",
    });
  });
});

describe("editing issues", () => {
  useNock();
  const writer = () =>
    new IssueWriter(
      octokit,
      repo,
      { botLogin: "shipshape[bot]", appId: 1 },
      { sleep: async () => {}, log: pino({ level: "silent" }) },
    );

  it("cuts a body over GitHub's limit, keeping the markers at its start, and then sees it as unchanged", async () => {
    const github = new GitHubMock();
    github.scope.patch("/repos/Codertocat/Hello-World/issues/9").reply(200, {});
    const content = { title: "Status", body: `${MARKER}\n${"| row |\n".repeat(20_000)}` };
    const issue = {
      number: 9,
      title: "Status",
      body: "old",
      state: "open" as const,
      url: "u",
      createdAt: new Date(),
      closedAt: null,
    };
    expect(await writer().update(issue, content)).toBe(true);
    const sent = (github.writes[0]?.body as { body: string } | undefined)?.body ?? "";
    expect(sent.length).toBeLessThan(65_536);
    expect(sent.startsWith(MARKER)).toBe(true);
    expect(await writer().update({ ...issue, body: sent }, content)).toBe(false);
  });
});

describe("comparing a check run with what GitHub shows", () => {
  const output = {
    conclusion: "failure" as const,
    title: "t",
    summary: "s",
    text: "details",
    externalId: "shipshape:v1:tests=fail",
  };
  const existing = {
    id: 1,
    conclusion: "failure",
    title: "t",
    summary: "s",
    text: "details",
    externalId: "shipshape:v1:tests=fail",
  };

  it.each([
    ["identical", existing, true],
    ["another conclusion", { ...existing, conclusion: "success" }, false],
    ["other details", { ...existing, text: "other" }, false],
    ["other recorded verdicts", { ...existing, externalId: "shipshape:v1:tests=pass" }, false],
    ["a server that drops text and external_id", { ...existing, text: null, externalId: null }, true],
  ])("%s → unchanged: %s", (_name, run, unchanged) => {
    expect(isUnchanged(run, output)).toBe(unchanged);
  });
});

describe("reading the app's own issues", () => {
  useNock();

  it("counts only issues its bot account opened: not a deleted account's (`user: null`), another bot's or a person's", async () => {
    const github = new GitHubMock();
    // A server that ignores `creator` lists them all: the authors are checked all the same.
    const listed = [
      { number: 1, title: "t", body: "<!-- shipshape:status -->\nghost", state: "open", user: null },
      {
        number: 2,
        title: "t",
        body: "<!-- shipshape:status -->\nbot",
        state: "open",
        user: { login: "other[bot]", type: "Bot" },
      },
      {
        number: 3,
        title: "t",
        body: "<!-- shipshape:status -->\nperson",
        state: "open",
        user: { login: "shipshape[bot]", type: "User" },
      },
      { number: 4, title: "t", body: "<!-- shipshape:status -->\nours", state: "open", user: bot },
    ].map((issue) => ({
      ...issue,
      html_url: `https://ghe/i/${issue.number}`,
      created_at: "2026-01-01T00:00:00Z",
      closed_at: null,
    }));
    github.scope
      .get("/repos/Codertocat/Hello-World/issues")
      .query({ creator: "shipshape[bot]", per_page: "100", state: "open", sort: "created", direction: "asc" })
      .reply(200, listed);
    github.scope
      .get("/repos/Codertocat/Hello-World/issues")
      .query({ creator: "shipshape[bot]", per_page: "100", state: "closed", sort: "updated", direction: "desc" })
      .reply(200, []);
    const issues = await listOwnIssues(
      { octokit, reader: uncachedGet, repo },
      { botLogin: "shipshape[bot]", appId: 1 },
    );
    expect(issues.map((issue) => issue.number)).toEqual([4]);
  });

  it("reads none while the app's identity is unknown", async () => {
    await expect(
      listOwnIssues({ octokit, reader: uncachedGet, repo }, { botLogin: null, appId: null }),
    ).rejects.toThrow("the app's identity is unknown");
  });
});
