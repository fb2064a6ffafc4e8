import { describe, expect, it } from "vitest";
import { say } from "../../src/practices/message.js";
import type { PracticeResult } from "../../src/practices/types.js";
import { applyWaivers, parseWaiverCommands, resolveWaivers, type WaiverComment } from "../../src/practices/waivers.js";

const writer = { ok: true as const, canWrite: true, role: "write" };
const reader = { ok: true as const, canWrite: false, role: "read" };
let nextId = 1;
const comment = (author: string, body: string, at: string, permission = writer): WaiverComment => ({
  id: nextId++,
  url: `https://github.com/acme/payments/pull/1#issuecomment-${nextId}`,
  author,
  at,
  body,
  permission,
});
const failing: PracticeResult = {
  practice: "tests",
  enforcement: "error",
  outcome: "fail",
  summary: say`Source changed without tests.`,
};

describe("waiver commands", () => {
  it("reads commands that start a line, outside code blocks and quotes", () => {
    expect(
      parseWaiverCommands(
        "Thanks!\n/shipshape waive tests Hotfix for the outage\n> /shipshape waive staging quoted\n```\n/shipshape waive rollback in code\n```\n  /SHIPSHAPE Unwaive requirements",
      ),
    ).toEqual([
      { action: "waive", practice: "tests", reason: "Hotfix for the outage" },
      { action: "unwaive", practice: "requirements", reason: "" },
    ]);
  });

  it("lets the newest accepted command decide, and keeps a refused one only to explain it", () => {
    const state = resolveWaivers([
      comment("alice", "/shipshape waive tests Hotfix for the outage", "2026-11-20T10:00:00Z"),
      comment("bob", "/shipshape unwaive tests", "2026-11-20T11:00:00Z", reader),
    ]);
    expect(state.byPractice.tests?.waiver?.by).toBe("alice");
    expect(state.byPractice.tests?.refused).toMatchObject({ by: "bob", why: { kind: "permission", role: "read" } });
    const [result] = applyWaivers([failing], state);
    expect(result?.outcome).toBe("waived");
  });

  it("takes a waiver back with unwaive, and needs a reason of ten characters", () => {
    const state = resolveWaivers([
      comment("alice", "/shipshape waive tests Hotfix for the outage", "2026-11-20T10:00:00Z"),
      comment("alice", "/shipshape unwaive tests", "2026-11-20T11:00:00Z"),
      comment("alice", "/shipshape waive tests short", "2026-11-20T12:00:00Z"),
    ]);
    expect(state.byPractice.tests?.waiver).toBeUndefined();
    expect(state.byPractice.tests?.refused?.why).toEqual({ kind: "no-reason" });
    expect(applyWaivers([failing], state)[0]?.outcome).toBe("fail");
  });

  it("leaves a met practice met, the waiver noted", () => {
    const state = resolveWaivers([
      comment("alice", "/shipshape waive tests Hotfix for the outage", "2026-11-20T10:00:00Z"),
    ]);
    const [result] = applyWaivers([{ ...failing, outcome: "pass" }], state);
    expect(result?.outcome).toBe("pass");
    expect(result?.waiver?.by).toBe("alice");
  });

  it("lists commands that name no practice", () => {
    const state = resolveWaivers([
      comment("alice", "/shipshape waive unit Hotfix for the outage", "2026-11-20T10:00:00Z"),
    ]);
    expect(state.unknownPractices).toEqual([expect.objectContaining({ practice: "unit" })]);
  });
});
