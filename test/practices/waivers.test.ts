import { describe, expect, it } from "vitest";
import { parseWaiverCommands } from "../../src/markdown/waiver-commands.js";
import { say } from "../../src/practices/message.js";
import type { PracticeResult } from "../../src/practices/types.js";
import {
  applyWaivers,
  resolveWaivers,
  type WaiverComment,
  type WaiverContext,
  type WaiverPermission,
} from "../../src/practices/waivers.js";

const writer: WaiverPermission = { ok: true, canWrite: true, role: "write" };
const reader: WaiverPermission = { ok: true, canWrite: false, role: "read" };
const unanswered: WaiverPermission = { ok: false, reason: "GitHub answered 502" };
let nextId = 1;
const comment = (author: string, body: string, createdAt: string, authorType = "User"): WaiverComment => {
  const id = nextId++;
  return {
    id,
    url: `https://github.com/acme/payments/pull/1#issuecomment-${id}`,
    author,
    authorType,
    createdAt,
    parsed: parseWaiverCommands(body),
  };
};
const CONTEXT: WaiverContext = {
  pullAuthor: "dave",
  headSha: "def5678def5678def5678def5678def5678def56",
  headSince: "2026-11-20T09:00:00Z",
  keepOnPush: false,
  allowSelf: false,
};
const failing: PracticeResult = {
  practice: "tests",
  enforcement: "error",
  outcome: "fail",
  summary: say`Source changed without tests.`,
};

/** Resolves with GitHub answering each author's permission from `answers` (writer by default). */
function resolve(
  comments: WaiverComment[],
  answers: Record<string, WaiverPermission> = {},
  context: WaiverContext = CONTEXT,
) {
  const permissions = new Map<string, WaiverPermission>();
  const asked: string[] = [];
  for (;;) {
    const { state, ask } = resolveWaivers(comments, context, permissions);
    if (ask.length === 0) return { state, asked };
    for (const login of ask) {
      asked.push(login);
      permissions.set(login, answers[login] ?? writer);
    }
  }
}

describe("waiver commands as GitHub renders them", () => {
  it.each([
    ["a line of a paragraph", "Thanks!\n/shipshape waive tests Hotfix for the outage", 1],
    ["a line after a hard break", "Thanks!  \n/shipshape waive tests Hotfix for the outage", 1],
    ["a quoted reply", "> /shipshape waive tests Hotfix for the outage", 0],
    ["a fenced code block", "```\n/shipshape waive tests Hotfix for the outage\n```", 0],
    ["an indented code block", "Look:\n\n    /shipshape waive tests Hotfix for the outage", 0],
    ["an HTML comment", "<!--\n/shipshape waive tests Hotfix for the outage\n-->", 0],
    ["an inline HTML comment", "Hi <!--\n/shipshape waive tests Hotfix for the outage\n--> there", 0],
    ["inline code", "`/shipshape waive tests Hotfix for the outage`", 0],
    ["a collapsed <details>", "<details>\n\n/shipshape waive tests Hotfix for the outage\n\n</details>", 0],
    ["a list item", "- /shipshape waive tests Hotfix for the outage", 0],
    ["a heading underlined with ===", "/shipshape waive tests Hotfix for the outage\n===", 0],
    ["a table's header row", "/shipshape waive tests Hotfix for the outage\n| --- |", 0],
    [
      "the 20th command-like line, underlined",
      `${"/shipshape waive x y\n".repeat(19)}/shipshape waive tests Hotfix for the outage\n===`,
      0,
    ],
    [
      "after a closed <details>",
      "<details>\n\nhidden\n\n</details>\n\n/shipshape waive tests Hotfix for the outage",
      1,
    ],
  ])("%s", (_situation, body, commands) => {
    expect(parseWaiverCommands(body).commands).toHaveLength(commands);
  });

  it("reads the first 5 commands of a comment and counts the rest", () => {
    // 2,800 lines of 23 characters: GitHub's 65,536-character limit on a comment.
    const body = Array.from({ length: 2_800 }, () => "/shipshape waive x y z").join("\n");
    const parsed = parseWaiverCommands(body);
    expect(parsed.commands).toHaveLength(5);
    expect(parsed.dropped).toBe(2_795);
  });

  it("keeps action, practice and reason", () => {
    expect(parseWaiverCommands("/SHIPSHAPE Unwaive requirements").commands).toEqual([
      { action: "unwaive", practice: "requirements", reason: "" },
    ]);
  });
});

describe("waivers fail closed", () => {
  const waive = (at: string, author = "alice") => comment(author, "/shipshape waive tests Hotfix for the outage", at);

  it("lets the newest accepted command decide, and keeps a refused newer one only to explain it", () => {
    const { state } = resolve(
      [waive("2026-11-20T10:00:00Z"), comment("bob", "/shipshape unwaive tests", "2026-11-20T11:00:00Z")],
      { bob: reader },
    );
    expect(state.byPractice.tests?.waiver?.by).toBe("alice");
    expect(state.byPractice.tests?.refused).toMatchObject({ by: "bob", why: { kind: "permission", role: "read" } });
    expect(applyWaivers([failing], state)[0]?.outcome).toBe("waived");
  });

  it("a refused waive changes nothing, a refused unwaive still takes the waiver back", () => {
    const refusedWaive = resolve([waive("2026-11-20T10:00:00Z")], { alice: unanswered }).state;
    expect(refusedWaive.byPractice.tests?.waiver).toBeUndefined();
    expect(refusedWaive.byPractice.tests?.refused?.why.kind).toBe("permission-unknown");

    const refusedUnwaive = resolve(
      [waive("2026-11-20T10:00:00Z"), comment("carol", "/shipshape unwaive tests", "2026-11-20T11:00:00Z")],
      { carol: unanswered },
    ).state;
    expect(refusedUnwaive.byPractice.tests?.waiver).toBeUndefined();
    expect(refusedUnwaive.byPractice.tests?.refused).toMatchObject({ by: "carol", action: "unwaive" });
    expect(applyWaivers([failing], refusedUnwaive)[0]?.outcome).toBe("fail");
  });

  it("orders commands by when the comment was written: an edited old comment does not override a later unwaive", () => {
    // Listed oldest id first, as GitHub does; the waive was edited after the unwaive (updated_at
    // is not what counts).
    const old = waive("2026-11-20T10:00:00Z");
    const unwaive = comment("alice", "/shipshape unwaive tests", "2026-11-20T11:00:00Z");
    const { state } = resolve([unwaive, old]);
    expect(state.byPractice.tests?.waiver).toBeUndefined();
  });

  it("asks GitHub only about the authors whose answer decides, newest first", () => {
    const readers = Array.from({ length: 20 }, (_, index) =>
      comment(`reader-${index}`, "/shipshape waive staging Just because I can", `2026-11-20T10:${10 + index}:00Z`),
    );
    const { state, asked } = resolve([
      waive("2026-11-20T10:00:00Z"),
      ...readers,
      comment("alice", "/shipshape unwaive tests", "2026-11-20T11:00:00Z"),
    ]);
    expect(state.byPractice.tests?.waiver).toBeUndefined();
    // The unwaive decided tests; the newest staging waiver decided staging: two questions.
    expect(asked).toEqual(["alice", "reader-19"]);
  });

  it("binds a waiver to the head commit it was given for, unless waivers.keep_on_push", () => {
    const before = [waive("2026-11-20T08:00:00Z")];
    const stale = resolve(before).state;
    expect(stale.byPractice.tests?.waiver).toBeUndefined();
    expect(stale.byPractice.tests?.stale).toMatchObject({ by: "alice", headSha: CONTEXT.headSha });
    expect(applyWaivers([failing], stale)[0]?.waiverStale?.by).toBe("alice");
    expect(resolve(before, {}, { ...CONTEXT, keepOnPush: true }).state.byPractice.tests?.waiver?.by).toBe("alice");
  });

  it("does not let the pull request's author waive their own, unless waivers.allow_self", () => {
    const own = [waive("2026-11-20T10:00:00Z", "dave")];
    const { state, asked } = resolve(own);
    expect(state.byPractice.tests?.waiver).toBeUndefined();
    expect(state.byPractice.tests?.refused?.why).toEqual({ kind: "self" });
    expect(asked).toEqual([]);
    expect(resolve(own, {}, { ...CONTEXT, allowSelf: true }).state.byPractice.tests?.waiver?.by).toBe("dave");
  });

  it("takes waivers from people only, not bots", () => {
    const { state, asked } = resolve([
      comment("deploy-bot[bot]", "/shipshape waive tests Hotfix for the outage", "2026-11-20T10:00:00Z", "Bot"),
    ]);
    expect(state.byPractice.tests?.waiver).toBeUndefined();
    expect(state.byPractice.tests?.refused?.why).toEqual({ kind: "not-a-person", type: "Bot" });
    expect(asked).toEqual([]);
  });

  it("needs a reason of ten characters", () => {
    const { state } = resolve([comment("alice", "/shipshape waive tests short", "2026-11-20T10:00:00Z")]);
    expect(state.byPractice.tests?.refused?.why).toEqual({ kind: "no-reason" });
  });

  it("leaves a met practice met, the waiver noted", () => {
    const { state } = resolve([waive("2026-11-20T10:00:00Z")]);
    const [result] = applyWaivers([{ ...failing, outcome: "pass" }], state);
    expect(result?.outcome).toBe("pass");
    expect(result?.waiver?.by).toBe("alice");
  });

  it("notes commands that name no practice, and long comments' extra commands, a bounded number of times", () => {
    const body = Array.from({ length: 2_800 }, () => "/shipshape waive unit").join("\n");
    const comments = Array.from({ length: 100 }, (_, index) =>
      comment("alice", body, `2026-11-20T10:${String(index % 60).padStart(2, "0")}:00Z`),
    );
    const { state } = resolve(comments);
    expect(state.notes.length).toBeLessThanOrEqual(50);
    expect(state.noteCount).toBe(600);
    expect(state.notes).toContainEqual(expect.objectContaining({ kind: "unknown-practice", practice: "unit" }));
    expect(state.notes).toContainEqual(expect.objectContaining({ kind: "too-many-commands", dropped: 2_795 }));
  });
});
