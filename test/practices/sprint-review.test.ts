import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/schema.js";
import type { ReviewEvidence } from "../../src/practices/repository-facts.js";
import { evaluateSprintReview, snoozedUntil } from "../../src/practices/sprint-review.js";
import { known, unknown } from "../../src/practices/types.js";
import { renderMessage } from "../../src/report/escape.js";

const NOW = new Date("2026-11-25T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const config = defaultConfig.cadence.sprint_review; // every 14d, grace 2d
const milestone = (days: number): ReviewEvidence => ({
  kind: "milestone",
  title: "Sprint",
  url: "https://ghe/m/1",
  at: daysAgo(days),
});
const labelled = (days: number): ReviewEvidence => ({
  kind: "issue",
  title: "Review",
  url: "https://ghe/i/1",
  at: daysAgo(days),
});

describe("sprint-review practice", () => {
  it.each<[string, ReviewEvidence[], Date | null, "pass" | "fail" | "skip"]>([
    ["a milestone closed 3 days ago", [milestone(3)], null, "pass"],
    ["a milestone closed 20 days ago", [milestone(20)], null, "fail"],
    ["exactly every + grace ago: still on time", [milestone(16)], null, "pass"],
    ["a minute past every + grace", [{ ...milestone(16), at: new Date(daysAgo(16).getTime() - 60_000) }], null, "fail"],
    ["inside the grace period", [milestone(15)], null, "pass"],
    ["an old milestone but a recent labelled issue", [milestone(40), labelled(2)], null, "pass"],
    ["only a labelled issue, long ago", [labelled(30)], null, "fail"],
    ["no evidence ever, watching for a day", [], daysAgo(1), "pass"],
    ["no evidence ever, watching for three weeks", [], daysAgo(21), "fail"],
    ["no evidence and nothing known about watching", [], null, "skip"],
  ])("%s → %s", (_situation, evidence, watchingSince, outcome) => {
    expect(evaluateSprintReview(config, { evidence: known(evidence), watchingSince }, NOW).outcome).toBe(outcome);
  });

  it("gives the last review and the due dates", () => {
    const verdict = evaluateSprintReview(
      config,
      { evidence: known([milestone(20), labelled(25)]), watchingSince: null },
      NOW,
    );
    expect(renderMessage(verdict.summary)).toBe(
      "Last review 2026-11-05 (milestone closed); the next was due 2026-11-19 and is overdue.",
    );
    expect(verdict.lapsesAt?.toISOString()).toBe("2026-11-21T12:00:00.000Z");
  });

  it("honours custom durations", () => {
    const weekly = { ...config, every: "1w", grace: "1d" };
    expect(evaluateSprintReview(weekly, { evidence: known([milestone(9)]), watchingSince: null }, NOW).outcome).toBe(
      "fail",
    );
  });

  it("does not pass when the evidence could not be read", () => {
    const verdict = evaluateSprintReview(
      config,
      { evidence: unknown("GitHub answered 502"), watchingSince: null },
      NOW,
    );
    expect(verdict).toMatchObject({ outcome: "fail", unreadable: "GitHub answered 502" });
  });

  it("is skipped when turned off", () => {
    expect(
      evaluateSprintReview({ ...config, enforcement: "off" }, { evidence: known([]), watchingSince: null }, NOW)
        .outcome,
    ).toBe("skip");
  });

  it("snoozes a lapse closed by hand until the next due date after the closing, plus grace", () => {
    const verdict = evaluateSprintReview(config, { evidence: known([milestone(20)]), watchingSince: null }, NOW);
    // due 2026-11-19; closed 2026-11-25 → next due 2026-12-03, quiet until 2026-12-05
    expect(snoozedUntil(config, verdict, NOW)?.toISOString()).toBe("2026-12-05T12:00:00.000Z");
  });
});
