import { describe, expect, it } from "vitest";
import { say } from "../../src/practices/message.js";
import type { PracticeResult } from "../../src/practices/types.js";
import {
  applyWaivers,
  MIN_REASON_LENGTH,
  mentionsWaiver,
  NO_WAIVERS,
  parseWaiverCommands,
  resolveWaivers,
  type WaiverComment,
} from "../../src/practices/waivers.js";

/** Waivers in the situations reviewers meet, one row each. */
const writer = { ok: true as const, canWrite: true, role: "write" };
const reader = { ok: true as const, canWrite: false, role: "read" };
let nextId = 100;
const comment = (
  author: string,
  body: string,
  at: string,
  permission: WaiverComment["permission"] = writer,
  id = nextId++,
): WaiverComment => ({
  id,
  url: `https://github.com/acme/payments/pull/1#issuecomment-${id}`,
  author,
  at,
  body,
  permission,
});
const failing = (practice: PracticeResult["practice"]): PracticeResult => ({
  practice,
  enforcement: "error",
  outcome: "fail",
  summary: say`Not met.`,
});
const REASON = "Hotfix for the outage";

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
    expect(parseWaiverCommands(body).map((command) => [command.action, command.practice, command.reason])).toEqual(
      expected,
    );
  });

  it.each([
    ["a command in the middle of a sentence", "Maybe /shipshape waive tests Hotfix for the outage?"],
    ["a quoted command in a reply", "> /shipshape waive tests Hotfix for the outage"],
    ["a command inside a fenced code block", "```\n/shipshape waive tests Hotfix for the outage\n```"],
    ["a command inside a tilde fence", "~~~\n/shipshape waive tests Hotfix for the outage\n~~~"],
    [
      "a command after a backtick fence closed by tildes (still open)",
      "```\n~~~\n/shipshape waive tests Hotfix for the outage\n```x",
    ],
    ["a command indented as code (four spaces)", "    /shipshape waive tests Hotfix for the outage"],
    ["a longer word than waive", "/shipshape waiver tests Hotfix for the outage"],
    ["another app's command", "/otherbot waive tests Hotfix for the outage"],
  ])("ignores %s", (_situation, body) => {
    expect(parseWaiverCommands(body)).toEqual([]);
  });

  it("reads a command after a fenced block has closed", () => {
    expect(parseWaiverCommands("```\ncode\n```\n/shipshape waive tests Hotfix for the outage")).toEqual([
      { action: "waive", practice: "tests", reason: REASON },
    ]);
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
  it("replays by time, not by the order the comments were listed in", () => {
    const state = resolveWaivers([
      comment("alice", "/shipshape unwaive tests", "2026-11-20T11:00:00Z"),
      comment("alice", `/shipshape waive tests ${REASON}`, "2026-11-20T10:00:00Z"),
    ]);
    expect(state.byPractice.tests?.waiver).toBeUndefined();
  });

  it("lets a later waive win over an earlier unwaive, whatever the listing order", () => {
    const state = resolveWaivers([
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

  it("orders comments written in the same second by their id", () => {
    const state = resolveWaivers([
      comment("alice", "/shipshape unwaive tests", "2026-11-20T10:00:00Z", writer, 2),
      comment("alice", `/shipshape waive tests ${REASON}`, "2026-11-20T10:00:00Z", writer, 1),
    ]);
    expect(state.byPractice.tests?.waiver).toBeUndefined();
  });

  it("replays the commands of one comment in their order", () => {
    const state = resolveWaivers([
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
    const state = resolveWaivers([comment("alice", `/shipshape waive ${written} ${REASON}`, "2026-11-20T10:00:00Z")]);
    expect(state.byPractice[practice]?.waiver?.reason).toBe(REASON);
    expect(state.unknownPractices).toEqual([]);
  });

  it.each([
    ["a typo", "tsets"],
    ["another app's word", "lint"],
  ])("lists %s as an unknown practice, changing nothing", (_situation, written) => {
    const state = resolveWaivers([comment("alice", `/shipshape waive ${written} ${REASON}`, "2026-11-20T10:00:00Z")]);
    expect(state.byPractice).toEqual({});
    expect(state.unknownPractices).toEqual([
      { by: "alice", url: expect.stringContaining("issuecomment"), practice: written },
    ]);
  });

  it.each([
    ["a reason of exactly ten characters", "Flaky CI!!", true],
    ["a reason of nine characters", "Flaky CI!", false],
    ["a nine-character reason padded with spaces", "   Flaky CI!      ", false],
    ["a ten-character reason padded with spaces", "   Flaky CI!!      ", true],
    ["no reason", "", false],
  ])("with %s the waiver is accepted: %s", (_situation, reason, accepted) => {
    const state = resolveWaivers([comment("alice", `/shipshape waive tests ${reason}`, "2026-11-20T10:00:00Z")]);
    expect(state.byPractice.tests?.waiver !== undefined).toBe(accepted);
    expect(state.byPractice.tests?.refused?.why).toEqual(accepted ? undefined : { kind: "no-reason" });
  });

  it("needs no reason to take a waiver back", () => {
    expect(MIN_REASON_LENGTH).toBe(10);
    const state = resolveWaivers([
      comment("alice", `/shipshape waive tests ${REASON}`, "2026-11-20T10:00:00Z"),
      comment("alice", "/shipshape unwaive tests", "2026-11-20T11:00:00Z"),
    ]);
    expect(state.byPractice.tests).toEqual({});
  });

  it("keeps a long reason, cut at 300 characters", () => {
    const reason = `${"The payment provider is down. ".repeat(12)}End.`;
    const state = resolveWaivers([comment("alice", `/shipshape waive tests ${reason}`, "2026-11-20T10:00:00Z")]);
    expect(state.byPractice.tests?.waiver?.reason).toBe(reason.slice(0, 300));
    expect(state.byPractice.tests?.waiver?.reason).toHaveLength(300);
  });

  it("records who waived, where and when", () => {
    const waived = comment("alice", `/shipshape waive tests ${REASON}`, "2026-11-20T10:00:00Z");
    expect(resolveWaivers([waived]).byPractice.tests).toEqual({
      waiver: { by: "alice", reason: REASON, url: waived.url, at: "2026-11-20T10:00:00Z" },
    });
  });

  it.each([
    ["a reader's waive", reader, { kind: "permission", role: "read" }],
    [
      "a commenter whose permission GitHub would not tell",
      { ok: false as const, reason: "GitHub answered 502" },
      { kind: "permission-unknown", reason: "GitHub answered 502" },
    ],
  ])("refuses %s and keeps the waiver in force", (_situation, permission, why) => {
    const state = resolveWaivers([
      comment("alice", `/shipshape waive tests ${REASON}`, "2026-11-20T10:00:00Z"),
      comment("mallory", "/shipshape unwaive tests", "2026-11-20T11:00:00Z", permission),
    ]);
    expect(state.byPractice.tests?.waiver?.by).toBe("alice");
    expect(state.byPractice.tests?.refused).toEqual({
      by: "mallory",
      url: expect.stringContaining("issuecomment"),
      action: "unwaive",
      why,
    });
  });

  it("forgets a refusal once a later command is accepted", () => {
    const state = resolveWaivers([
      comment("mallory", `/shipshape waive tests ${REASON}`, "2026-11-20T10:00:00Z", reader),
      comment("alice", `/shipshape waive tests ${REASON}`, "2026-11-20T11:00:00Z"),
    ]);
    expect(state.byPractice.tests?.refused).toBeUndefined();
    expect(state.byPractice.tests?.waiver?.by).toBe("alice");
  });
});

describe("applying waivers to the verdicts", () => {
  it("turns only the waived practice's failure into waived", () => {
    const state = resolveWaivers([comment("alice", `/shipshape waive tests ${REASON}`, "2026-11-20T10:00:00Z")]);
    const [tests, staging] = applyWaivers([failing("tests"), failing("staging")], state);
    expect(tests).toMatchObject({ practice: "tests", outcome: "waived", waiver: { by: "alice" } });
    expect(staging).toEqual(failing("staging"));
  });

  it.each([
    ["met", "pass"],
    ["not applying", "skip"],
  ] as const)("keeps a %s practice's outcome, the waiver noted", (_situation, outcome) => {
    const state = resolveWaivers([comment("alice", `/shipshape waive tests ${REASON}`, "2026-11-20T10:00:00Z")]);
    const [result] = applyWaivers([{ ...failing("tests"), outcome }], state);
    expect(result?.outcome).toBe(outcome);
    expect(result?.waiver?.by).toBe("alice");
  });

  it("keeps a refused waiver's failure failing, with the refusal attached", () => {
    const state = resolveWaivers([comment("bob", `/shipshape waive tests ${REASON}`, "2026-11-20T10:00:00Z", reader)]);
    const [result] = applyWaivers([failing("tests")], state);
    expect(result?.outcome).toBe("fail");
    expect(result?.waiver).toBeUndefined();
    expect(result?.waiverRefused).toMatchObject({ by: "bob", why: { kind: "permission", role: "read" } });
  });

  it("starts from no waiver and no unknown practice", () => {
    expect(NO_WAIVERS).toEqual({ byPractice: {}, unknownPractices: [] });
  });

  it("changes nothing without waivers", () => {
    const results = [failing("tests"), failing("rollback")];
    expect(applyWaivers(results, NO_WAIVERS)).toEqual(results);
  });
});
