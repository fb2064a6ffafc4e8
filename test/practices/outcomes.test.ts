import { describe, expect, it } from "vitest";
import {
  changeFailureBand,
  computeOutcomes,
  frequencyBand,
  leadTimeBand,
  median,
  type ProductionDeployment,
  restoreBand,
} from "../../src/practices/outcomes.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const END = Date.parse("2026-11-25T12:00:00Z");
const window = { start: END - 30 * DAY, end: END, failureWindowMs: DAY };
let nextId = 1;
const deployment = (
  sha: string,
  daysAgo: number,
  state: ProductionDeployment["state"],
  environment = "production",
) => ({
  id: nextId++,
  sha,
  environment,
  createdAt: END - daysAgo * DAY,
  state,
});

describe("delivery outcomes", () => {
  it("takes the median of an even count as the mean of the middle two", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it("bands each figure at DORA's boundaries", () => {
    expect(frequencyBand(30, 30 * DAY)).toBe("elite");
    expect(frequencyBand(29, 30 * DAY)).toBe("high");
    expect(frequencyBand(5, 30 * DAY)).toBe("high");
    expect(frequencyBand(4, 30 * DAY)).toBe("medium");
    expect(frequencyBand(0, 30 * DAY)).toBe("low");
    expect(leadTimeBand(DAY - 1)).toBe("elite");
    expect(leadTimeBand(DAY)).toBe("high");
    expect(leadTimeBand(30 * DAY)).toBe("low");
    expect(changeFailureBand(5)).toBe("elite");
    expect(changeFailureBand(6)).toBe("high");
    expect(changeFailureBand(15)).toBe("medium");
    expect(changeFailureBand(16)).toBe("low");
    expect(restoreBand(HOUR - 1)).toBe("elite");
    expect(restoreBand(7 * DAY)).toBe("low");
  });

  it("does not take a redeploy of the same commit, or a deployment to another environment, for a rollback", () => {
    const outcomes = computeOutcomes(
      [
        deployment("a", 10, "success"),
        deployment("b", 5, "success"),
        deployment("b", 4.9, "success"), // the same commit again
        deployment("a", 4.8, "success", "prod-eu"), // `a` never ran in prod-eu
      ],
      [],
      window,
    );
    expect(outcomes?.changeFailure).toMatchObject({ failed: 0, of: 4, percent: 0 });
  });

  it("takes a return to an earlier commit within the failure window for a rollback, not one after it", () => {
    const outcomes = computeOutcomes(
      [deployment("a", 10, "success"), deployment("b", 5, "success"), deployment("a", 3, "success")],
      [],
      window,
    );
    expect(outcomes?.changeFailure?.failed).toBe(0);
    const rolledBack = computeOutcomes(
      [deployment("a", 10, "success"), deployment("b", 5, "success"), deployment("a", 4.5, "success")],
      [],
      window,
    );
    expect(rolledBack?.changeFailure?.failures).toEqual([
      expect.objectContaining({ kind: "rolled back", restoredAfterMs: 0.5 * DAY }),
    ]);
  });

  it("blames a revert on the last successful deployment before it only", () => {
    const first = deployment("a", 3, "success");
    const second = deployment("b", 2.9, "success");
    const outcomes = computeOutcomes(
      [first, second],
      [{ number: 9, title: 'Revert "Add b"', mergedAt: END - 2.8 * DAY, firstCommitAt: END - 2.85 * DAY }],
      window,
    );
    expect(outcomes?.changeFailure?.failures).toEqual([
      { deployment: second.id, kind: "reverted", restoredAfterMs: null },
    ]);
  });

  it("has no figures without a production deployment in the window", () => {
    expect(computeOutcomes([deployment("a", 40, "success")], [], window)).toBeNull();
  });

  it("leaves deployments without a final status out of the change failure rate", () => {
    const outcomes = computeOutcomes([deployment("a", 3, "success"), deployment("b", 1, null)], [], window);
    expect(outcomes?.frequency.deployments).toBe(1);
    expect(outcomes?.changeFailure?.of).toBe(1);
  });

  it.each([
    ["unknown staging says nothing", [undefined, undefined], null],
    ["one of two staged first", [true, false], { staged: 1, of: 2, percent: 50 }],
    ["only the known ones count", [true, undefined], { staged: 1, of: 1, percent: 100 }],
  ])("staged before production: %s", (_name, staged, expected) => {
    const deployments = staged.map((value, index) => ({
      ...deployment(`s${index}`, 10 - index, "success"),
      ...(value === undefined ? {} : { staged: value }),
    }));
    expect(computeOutcomes(deployments, [], window)?.stagedFirst).toEqual(expected);
  });

  it("compares the change failures of staged and unstaged deployments", () => {
    const outcomes = computeOutcomes(
      [
        { ...deployment("a", 10, "success"), staged: true },
        { ...deployment("b", 8, "failure"), staged: false },
        { ...deployment("c", 6, "success"), staged: false },
      ],
      [],
      window,
    );
    expect(outcomes?.stagingJoin).toEqual({ staged: { failed: 0, of: 1 }, unstaged: { failed: 1, of: 2 } });
  });
});
