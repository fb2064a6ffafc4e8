import { describe, expect, it } from "vitest";
import { mentionsWaiver, parseWaiverCommands, type WaiverCommand } from "../../src/markdown/waiver-commands.js";
import { say } from "../../src/practices/message.js";
import type { PracticeResult } from "../../src/practices/types.js";
import {
  applyWaivers,
  MIN_REASON_LENGTH,
  NO_WAIVERS,
  resolveWaivers,
  type WaiverComment,
  type WaiverContext,
  type WaiverPermission,
} from "../../src/practices/waivers.js";

/** Waivers in the situations reviewers meet, one row each. */
const writer: WaiverPermission = { ok: true, canWrite: true, role: "write" };
const reader: WaiverPermission = { ok: true, canWrite: false, role: "read" };
let nextId = 100;
/** A comment by a person, its commands parsed as GitHub renders `body` (or given as `commands`). */
const comment = (author: string, body: string | WaiverCommand[], createdAt: string, id = nextId++): WaiverComment => ({
  id,
  url: `https://github.com/acme/payments/pull/1#issuecomment-${id}`,
  author,
  authorType: "User",
  createdAt,
  parsed: typeof body === "string" ? parseWaiverCommands(body) : { commands: body, dropped: 0 },
});
/** A pull request by dave whose head commit predates every comment below. */
const CONTEXT: WaiverContext = {
  pullAuthor: "dave",
  headSha: "abc1234abc1234abc1234abc1234abc1234abc12",
  headSince: "2026-11-20T09:00:00Z",
  keepOnPush: false,
  allowSelf: false,
};
/** The waiver state, GitHub answering each author's permission from `answers` (writer by default). */
function resolve(comments: WaiverComment[], answers: Record<string, WaiverPermission> = {}) {
  const permissions = new Map<string, WaiverPermission>();
  for (;;) {
    const { state, ask } = resolveWaivers(comments, CONTEXT, permissions);
    if (ask.length === 0) return state;
    for (const login of ask) permissions.set(login, answers[login] ?? writer);
  }
}
const failing = (practice: PracticeResult["practice"]): PracticeResult => ({
  practice,
  enforcement: "error",
  outcome: "fail",
  summary: say`Not met.`,
});
const REASON = "Hotfix for the outage";
const commandsOf = (body: string) =>
  parseWaiverCommands(body).commands.map((command) => [command.action, command.practice, command.reason]);

describe("waiver command lines", () => {
  it.each([
    ["a plain command", "/shipshape waive tests Hotfix for the outage", [["waive", "tests", REASON]]],
    ["in capitals", "/SHIPSHAPE WAIVE Tests Hotfix for the outage", [["waive", "Tests", REASON]]],
    ["indented by three spaces", "   /shipshape waive tests Hotfix for the outage", [["waive", "tests", REASON]]],
    ["with Windows line ends", "Sure.\r\n/shipshape unwaive staging\r\n", [["unwaive", "staging", ""]]],
    [
      "a padded reason, kept without its padding",
      "/shipshape waive tests    Hotfix for the outage   ",
      [["waive", "tests", REASON]],
    ],
    ["tabs between the words", "/shipshape\twaive\ttests\tHotfix for the outage", [["waive", "tests", REASON]]],
    ["two spaces after the app's name", "/shipshape  waive tests Hotfix for the outage", [["waive", "tests", REASON]]],
    [
      "a command after a line that starts with inline code",
      "`npm test` is flaky today.\n/shipshape waive tests Hotfix for the outage",
      [["waive", "tests", REASON]],
    ],
    [
      "a command after a struck-through line",
      "~~Revert plan~~ replaced.\n/shipshape waive tests Hotfix for the outage",
      [["waive", "tests", REASON]],
    ],
    [
      "a command after a sentence that mentions a fence",
      "Wrap logs in ``` next time.\n/shipshape waive tests Hotfix for the outage",
      [["waive", "tests", REASON]],
    ],
    [
      "a command after a fenced block has closed",
      "```\ncode\n```\n/shipshape waive tests Hotfix for the outage",
      [["waive", "tests", REASON]],
    ],
    ["an unwaive without a practice", "/shipshape unwaive", [["unwaive", "", ""]]],
    [
      "two commands in one comment",
      "/shipshape waive tests Hotfix for the outage\n/shipshape waive staging No staging environment yet",
      [
        ["waive", "tests", REASON],
        ["waive", "staging", "No staging environment yet"],
      ],
    ],
  ])("reads %s", (_situation, body, expected) => {
    expect(commandsOf(body)).toEqual(expected);
  });

  it.each([
    ["a command in the middle of a sentence", "Maybe /shipshape waive tests Hotfix for the outage?"],
    ["a command inside a tilde fence", "~~~\n/shipshape waive tests Hotfix for the outage\n~~~"],
    [
      "a command after a backtick fence closed by tildes (still open)",
      "```\n~~~\n/shipshape waive tests Hotfix for the outage\n```x",
    ],
    ["a command indented as code (four spaces)", "    /shipshape waive tests Hotfix for the outage"],
    ["a longer word than waive", "/shipshape waiver tests Hotfix for the outage"],
    ["another app's command", "/otherbot waive tests Hotfix for the outage"],
  ])("ignores %s", (_situation, body) => {
    expect(parseWaiverCommands(body)).toEqual({ commands: [], dropped: 0 });
  });

  it.each([
    ["a waive command", "please /shipshape waive tests now", true],
    ["an unwaive command", "/Shipshape  unwaive staging", true],
    ["a mention of shipshape only", "shipshape is great", false],
    ["a waiver word without the command", "/shipshape waiver", false],
    ["no body", null, false],
    ["an empty body", "", false],
  ])("tells whether a comment mentions a waiver: %s", (_situation, body, expected) => {
    expect(mentionsWaiver(body)).toBe(expected);
  });
});

describe("replaying waiver commands", () => {
  it("lets a later waive win over an earlier unwaive, whatever the listing order", () => {
    const state = resolve([
      comment("bob", "/shipshape waive tests Second try, reviewed by Bob", "2026-11-20T12:00:00Z"),
      comment("alice", "/shipshape unwaive tests", "2026-11-20T11:00:00Z"),
      comment("alice", `/shipshape waive tests ${REASON}`, "2026-11-20T10:00:00Z"),
    ]);
    expect(state.byPractice.tests?.waiver).toMatchObject({
      by: "bob",
      reason: "Second try, reviewed by Bob",
      at: "2026-11-20T12:00:00Z",
    });
  });

  it.each([
    ["the unwaive has the higher id", 2, 1, false],
    ["the waive has the higher id", 1, 2, true],
  ])(
    "orders comments written in the same second by their id: %s, waived %s",
    (_situation, unwaiveId, waiveId, waived) => {
      const state = resolve([
        comment("alice", "/shipshape unwaive tests", "2026-11-20T10:00:00Z", unwaiveId),
        comment("alice", `/shipshape waive tests ${REASON}`, "2026-11-20T10:00:00Z", waiveId),
      ]);
      expect(state.byPractice.tests?.waiver !== undefined).toBe(waived);
    },
  );

  it("replays the commands of one comment in their order", () => {
    const state = resolve([
      comment("alice", `/shipshape waive tests ${REASON}\n/shipshape unwaive tests`, "2026-11-20T10:00:00Z"),
      comment("alice", `/shipshape unwaive staging\n/shipshape waive staging ${REASON}`, "2026-11-20T10:00:00Z"),
    ]);
    expect(state.byPractice.tests?.waiver).toBeUndefined();
    expect(state.byPractice.staging?.waiver?.reason).toBe(REASON);
  });

  it.each([
    ["tests", "tests"],
    ["TESTS", "tests"],
    ["Tests", "tests"],
    ["test", "tests"],
    ["Test", "tests"],
    ["staging", "staging"],
    ["Staging", "staging"],
    ["rollback", "rollback"],
    ["ROLLBACK", "rollback"],
    ["requirement", "requirements"],
    ["Requirements", "requirements"],
    ["dependency", "dependencies"],
    ["Dependencies", "dependencies"],
  ] as const)("takes the practice written %s for %s", (written, practice) => {
    const state = resolve([comment("alice", `/shipshape waive ${written} ${REASON}`, "2026-11-20T10:00:00Z")]);
    expect(state.byPractice[practice]?.waiver?.reason).toBe(REASON);
    expect(state.notes).toEqual([]);
  });

  it.each([
    ["a typo", "tsets"],
    ["another app's word", "lint"],
    ["an object's constructor", "constructor"],
    ["an object's prototype", "__proto__"],
    ["an object's method", "toString"],
    ["an object's own-property test", "hasOwnProperty"],
  ])("notes %s as an unknown practice, changing nothing", (_situation, written) => {
    // Given as parsed: written in a comment, `__proto__` renders as a bold "proto".
    const state = resolve([
      comment("alice", [{ action: "waive", practice: written, reason: REASON }], "2026-11-20T10:00:00Z"),
    ]);
    expect(state.byPractice).toEqual({});
    expect(Object.keys(state.byPractice)).toEqual([]);
    expect(state.notes).toEqual([
      { kind: "unknown-practice", by: "alice", url: expect.stringContaining("issuecomment"), practice: written },
    ]);
  });

  it.each([
    ["constructor", "constructor"],
    ["toString", "toString"],
    ["__proto__ (bold as GitHub shows it)", "proto"],
    ["\\_\\_proto\\_\\_ (escaped)", "__proto__"],
  ])("notes /shipshape waive %s written in a comment as an unknown practice", (written, practice) => {
    const text = written.split(" ")[0] as string;
    const state = resolve([comment("alice", `/shipshape waive ${text} ${REASON}`, "2026-11-20T10:00:00Z")]);
    expect(state.byPractice).toEqual({});
    expect(state.notes).toMatchObject([{ kind: "unknown-practice", practice }]);
  });

  it.each([
    ["a reason of exactly ten characters", "Flaky CI!!", true],
    ["a reason of nine characters", "Flaky CI!", false],
    ["a nine-character reason padded with spaces", "   Flaky CI!      ", false],
    ["a ten-character reason padded with spaces", "   Flaky CI!!      ", true],
    // Markdown drops spaces around a line; a copied no-break space survives it.
    ["a nine-character reason padded with no-break spaces", "\u00a0Flaky CI!\u00a0\u00a0", false],
    ["a ten-character reason padded with no-break spaces", "\u00a0Flaky CI!!\u00a0\u00a0", true],
    ["no reason", "", false],
  ])("with %s (reason %j) the waiver is accepted: %s", (_situation, reason, accepted) => {
    const state = resolve([comment("alice", `/shipshape waive tests ${reason}`, "2026-11-20T10:00:00Z")]);
    expect(state.byPractice.tests?.waiver !== undefined).toBe(accepted);
    expect(state.byPractice.tests?.refused?.why).toEqual(accepted ? undefined : { kind: "no-reason" });
  });

  it("needs no reason to take a waiver back", () => {
    expect(MIN_REASON_LENGTH).toBe(10);
    const state = resolve([
      comment("alice", `/shipshape waive tests ${REASON}`, "2026-11-20T10:00:00Z"),
      comment("alice", "/shipshape unwaive tests", "2026-11-20T11:00:00Z"),
    ]);
    expect(state.byPractice.tests).toEqual({});
  });

  it("keeps a long reason, cut at 300 characters", () => {
    const reason = `${"The payment provider is down. ".repeat(12)}End.`;
    const state = resolve([comment("alice", `/shipshape waive tests ${reason}`, "2026-11-20T10:00:00Z")]);
    expect(state.byPractice.tests?.waiver?.reason).toBe(reason.slice(0, 300));
    expect(state.byPractice.tests?.waiver?.reason).toHaveLength(300);
  });

  it("records who waived, where and when", () => {
    const waived = comment("alice", `/shipshape waive tests ${REASON}`, "2026-11-20T10:00:00Z");
    expect(resolve([waived]).byPractice.tests).toEqual({
      waiver: { by: "alice", reason: REASON, url: waived.url, at: "2026-11-20T10:00:00Z" },
    });
  });

  it("refuses a reader's unwaive and keeps the waiver in force", () => {
    const state = resolve(
      [
        comment("alice", `/shipshape waive tests ${REASON}`, "2026-11-20T10:00:00Z"),
        comment("mallory", "/shipshape unwaive tests", "2026-11-20T11:00:00Z"),
      ],
      { mallory: reader },
    );
    expect(state.byPractice.tests?.waiver?.by).toBe("alice");
    expect(state.byPractice.tests?.refused).toEqual({
      by: "mallory",
      url: expect.stringContaining("issuecomment"),
      action: "unwaive",
      why: { kind: "permission", role: "read" },
    });
  });

  it("forgets a refusal once a later command is accepted", () => {
    const state = resolve(
      [
        comment("mallory", `/shipshape waive tests ${REASON}`, "2026-11-20T10:00:00Z"),
        comment("alice", `/shipshape waive tests ${REASON}`, "2026-11-20T11:00:00Z"),
      ],
      { mallory: reader },
    );
    expect(state.byPractice.tests?.refused).toBeUndefined();
    expect(state.byPractice.tests?.waiver?.by).toBe("alice");
  });
});

describe("applying waivers to the verdicts", () => {
  it("turns only the waived practice's failure into waived", () => {
    const state = resolve([comment("alice", `/shipshape waive tests ${REASON}`, "2026-11-20T10:00:00Z")]);
    const [tests, staging] = applyWaivers([failing("tests"), failing("staging")], state);
    expect(tests).toMatchObject({ practice: "tests", outcome: "waived", waiver: { by: "alice" } });
    expect(staging).toEqual(failing("staging"));
  });

  it("keeps a practice that does not apply skipped, the waiver noted", () => {
    const state = resolve([comment("alice", `/shipshape waive tests ${REASON}`, "2026-11-20T10:00:00Z")]);
    const [result] = applyWaivers([{ ...failing("tests"), outcome: "skip" }], state);
    expect(result?.outcome).toBe("skip");
    expect(result?.waiver?.by).toBe("alice");
  });

  it("keeps a refused waiver's failure failing, with the refusal attached", () => {
    const state = resolve([comment("bob", `/shipshape waive tests ${REASON}`, "2026-11-20T10:00:00Z")], {
      bob: reader,
    });
    const [result] = applyWaivers([failing("tests")], state);
    expect(result?.outcome).toBe("fail");
    expect(result?.waiver).toBeUndefined();
    expect(result?.waiverRefused).toMatchObject({ by: "bob", why: { kind: "permission", role: "read" } });
  });

  it("starts from no waiver and no note", () => {
    expect(NO_WAIVERS).toEqual({ byPractice: {}, notes: [], noteCount: 0 });
  });

  it("changes nothing without waivers", () => {
    const results = [failing("tests"), failing("rollback")];
    expect(applyWaivers(results, NO_WAIVERS)).toEqual(results);
  });
});
