import { describe, expect, it } from "vitest";
import { configSchema, type GateConfig } from "../../src/config/schema.js";
import { type GateFacts, gateEnvironmentMatcher, judgeGate, type ShippedPull } from "../../src/practices/gate.js";
import { plainText } from "../../src/practices/message.js";
import { known, unknown } from "../../src/practices/types.js";

const NOW = new Date("2026-11-25T12:00:00Z"); // a Wednesday
const STAGING = ["staging", "staging-*"];
const gate = (overrides: Record<string, unknown> = {}): GateConfig => configSchema.parse({ gate: overrides }).gate;
const pull = (number: number, standing: ShippedPull["standing"], extra: Partial<ShippedPull> = {}): ShippedPull => ({
  number,
  title: `Change ${number}`,
  standing,
  failing: [],
  waived: [],
  ...extra,
});
const facts = (overrides: Partial<GateFacts> = {}): GateFacts => ({
  environment: "production",
  sha: "0123456789abcdef",
  staged: known({ environment: "staging", at: NOW.getTime() - 3_600_000 }),
  shipped: known({ since: { sha: "fedcba9876543210", at: NOW.getTime() - 86_400_000 }, pulls: [pull(1, "met")] }),
  ...overrides,
});
const verdictOf = (decision: ReturnType<typeof judgeGate>, rule: string) => {
  const verdict = decision.verdicts.find((item) => item.rule === rule);
  return (
    verdict && {
      outcome: verdict.outcome,
      summary: plainText(verdict.summary),
      details: verdict.details?.map(plainText),
    }
  );
};

describe("the gate's verdicts", () => {
  it("approves a staged commit shipping pull requests that met their practices", () => {
    const decision = judgeGate(gate(), STAGING, facts(), NOW);
    expect(decision.state).toBe("approved");
    expect(verdictOf(decision, "freeze")?.outcome).toBe("skip");
  });

  it.each([
    [
      "never staged",
      { staged: known(null) },
      "staged",
      "0123456 never reached success on a staging environment (staging, staging-*) within 7d.",
    ],
    [
      "staging unreadable",
      { staged: unknown("could not read the deployments of the commit (GitHub answered 502)") },
      "staged",
      "Could not check whether 0123456 was staged: could not read the deployments of the commit (GitHub answered 502).",
    ],
    [
      "a shipped pull request failed",
      {
        shipped: known({
          since: { sha: "f", at: 0 },
          pulls: [pull(1, "met"), pull(7, "failed", { failing: ["rollback"] })],
        }),
      },
      "practices",
      "1 of 2 pull requests shipped did not meet their error-level practices.",
    ],
    [
      "a shipped pull request was never checked",
      { shipped: known({ since: { sha: "f", at: 0 }, pulls: [pull(8, "unchecked")] }) },
      "practices",
      "1 of 1 pull requests shipped did not meet their error-level practices.",
    ],
    [
      "the shipped pull requests unreadable",
      { shipped: unknown("could not read the closed pull requests (GitHub answered 500)") },
      "practices",
      "Could not check the pull requests this deployment ships: could not read the closed pull requests (GitHub answered 500).",
    ],
  ])("rejects when %s (fail closed)", (_name, overrides, rule, summary) => {
    const decision = judgeGate(gate(), STAGING, facts(overrides as Partial<GateFacts>), NOW);
    expect(decision.state).toBe("rejected");
    expect(verdictOf(decision, rule)).toMatchObject({ outcome: "fail", summary });
  });

  it("names each pull request that did not meet its practices", () => {
    const shipped = known({
      since: { sha: "f", at: 0 },
      pulls: [
        pull(7, "failed", { failing: ["rollback", "tests"] }),
        pull(8, "unchecked"),
        pull(9, "met", { waived: ["tests"] }),
      ],
    });
    expect(verdictOf(judgeGate(gate(), STAGING, facts({ shipped }), NOW), "practices")?.details).toEqual([
      "#7 Change 7: failed rollback, tests without a waiver",
      "#8 Change 8: has no Shipshape verdict on its head commit",
    ]);
  });

  it("approves the first deployment to an environment: nothing to compare with", () => {
    const decision = judgeGate(gate(), STAGING, facts({ shipped: known({ since: null, pulls: [] }) }), NOW);
    expect(decision.state).toBe("approved");
    expect(verdictOf(decision, "practices")?.summary).toMatch(/^No earlier successful deployment to production/);
  });

  it("approves at warn, saying what failed", () => {
    const decision = judgeGate(gate({ staged: "warn" }), STAGING, facts({ staged: known(null) }), NOW);
    expect(decision.state).toBe("approved");
    expect(decision.verdicts.find((verdict) => verdict.rule === "staged")).toMatchObject({
      outcome: "fail",
      level: "warn",
    });
  });

  it("skips a rule that is off, naming its key", () => {
    const decision = judgeGate(gate({ staged: "off" }), STAGING, facts({ staged: undefined }), NOW);
    expect(decision.state).toBe("approved");
    expect(verdictOf(decision, "staged")).toMatchObject({ outcome: "skip", summary: "Off (gate.staged)." });
  });

  it.each([
    ["inside the window", "2026-11-27T17:00:00Z", "rejected"],
    ["after it", "2026-11-30T08:00:00Z", "approved"],
  ])("a freeze window: %s", (_name, now, state) => {
    const decision = judgeGate(gate({ freeze: ["Fri 16:00 - Mon 08:00"] }), STAGING, facts(), new Date(now));
    expect(decision.state).toBe(state);
  });

  it("judges the production environments unless gate.environments says otherwise", () => {
    const production = ["production", "prod-*"];
    expect(gateEnvironmentMatcher(gate(), production)("Production")).toBe(true);
    expect(gateEnvironmentMatcher(gate(), production)("staging")).toBe(false);
    expect(gateEnvironmentMatcher(gate({ environments: ["live"] }), production)("production")).toBe(false);
  });
});
