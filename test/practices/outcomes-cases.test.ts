import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/schema.js";
import {
  type Band,
  changeFailureBand,
  computeOutcomes,
  EMPTY_MEMORY,
  frequencyBand,
  isFinalDeploymentState,
  leadTimeBand,
  type MergedPull,
  median,
  outcomeFigures,
  outcomesShown,
  type ProductionDeployment,
  productionEnvironmentMatcher,
  restoreBand,
  weekStartOf,
} from "../../src/practices/outcomes.js";

/**
 * Delivery outcomes in the situations users meet: each row is one, named as a user would tell it.
 * These pin the boundaries and orderings that a plausible slip (text sorting, `<` for `<=`, a week
 * starting on Sunday) would move without any other test noticing.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const at = (iso: string) => Date.parse(iso);
/** A 30-day window ending on Wednesday 25 November 2026 at noon. */
const END = at("2026-11-25T12:00:00Z");
const window = { start: END - 30 * DAY, end: END, failureWindowMs: DAY };

let nextId = 1;
const deployed = (
  sha: string,
  createdAt: number,
  state: ProductionDeployment["state"] = "success",
  environment = "production",
): ProductionDeployment => ({ id: nextId++, sha, environment, createdAt, state });
const pull = (title: string, mergedAt: number, firstCommitAt: number | null = mergedAt - HOUR): MergedPull => ({
  number: nextId++,
  title,
  mergedAt,
  firstCommitAt,
});

describe("medians", () => {
  it.each([
    ["three lead times of 9, 10 and 100 minutes: the middle one by size, not by text", [100, 9, 10], 10],
    ["four values sorted as numbers: the mean of 9 and 10", [100, 9, 10, 2], 9.5],
    ["a single value is its own median", [42], 42],
    ["two values: their mean", [1, 4], 2.5],
    ["values given in descending order", [5, 4, 3, 2, 1], 3],
  ])("%s", (_situation, values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it("leaves the input in its order (the caller's list is not sorted in place)", () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it("has no median of nothing", () => {
    expect(median([])).toBeNull();
  });
});

describe("bands at the boundaries users hit", () => {
  it.each<[string, number, number, Band]>([
    ["one deployment in 30 days (monthly) is medium", 1, 30 * DAY, "medium"],
    ["one deployment in 31 days is less than monthly: low", 1, 31 * DAY, "low"],
    ["no deployment at all is low", 0, 30 * DAY, "low"],
    ["one a week over four weeks (weekly) is high", 4, 28 * DAY, "high"],
    ["three in four weeks is less than weekly: medium", 3, 28 * DAY, "medium"],
    ["one a day (daily) is elite", 30, 30 * DAY, "elite"],
    ["29 in 30 days is just under daily: high", 29, 30 * DAY, "high"],
    ["several a day is elite", 90, 30 * DAY, "elite"],
  ])("deployment frequency: %s", (_situation, deployments, windowMs, band) => {
    expect(frequencyBand(deployments, windowMs)).toBe(band);
  });

  it.each<[string, number, Band]>([
    ["a change shipped within the hour is elite", HOUR, "elite"],
    ["a minute short of a day is elite", DAY - MINUTE, "elite"],
    ["exactly one day is high (a day to a week)", DAY, "high"],
    ["a minute short of a week is high", WEEK - MINUTE, "high"],
    ["exactly one week is medium (a week to a month)", WEEK, "medium"],
    ["a minute short of 30 days is medium", 30 * DAY - MINUTE, "medium"],
    ["exactly 30 days is low", 30 * DAY, "low"],
  ])("lead time: %s", (_situation, ms, band) => {
    expect(leadTimeBand(ms)).toBe(band);
  });

  it.each<[string, number, Band]>([
    ["no failure is elite", 0, "elite"],
    ["exactly 5 % is elite", 5, "elite"],
    ["6 % is high", 6, "high"],
    ["exactly 10 % (one failure in ten deployments) is high", 10, "high"],
    ["11 % is medium", 11, "medium"],
    ["exactly 15 % is medium", 15, "medium"],
    ["16 % is low", 16, "low"],
    ["every deployment failing is low", 100, "low"],
  ])("change failure rate: %s", (_situation, percent, band) => {
    expect(changeFailureBand(percent)).toBe(band);
  });

  it.each<[string, number, Band]>([
    ["restored in ten minutes is elite", 10 * MINUTE, "elite"],
    ["exactly one hour is high", HOUR, "high"],
    ["a minute short of a day is high", DAY - MINUTE, "high"],
    ["exactly one day is medium", DAY, "medium"],
    ["a minute short of a week is medium", WEEK - MINUTE, "medium"],
    ["exactly one week is low", WEEK, "low"],
  ])("time to restore: %s", (_situation, ms, band) => {
    expect(restoreBand(ms)).toBe(band);
  });
});

describe("final deployment states", () => {
  it.each([
    ["success", true],
    ["failure", true],
    ["error", true],
    ["inactive", false],
    ["in_progress", false],
    ["queued", false],
    ["pending", false],
  ])("%s is final: %s", (state, final) => {
    expect(isFinalDeploymentState(state)).toBe(final);
  });
});

describe("deployment frequency over a window", () => {
  it("counts one successful deployment in a 30-day window as monthly (medium), 0.2 a week", () => {
    const outcomes = computeOutcomes([deployed("a", END - 3 * DAY)], [], window);
    expect(outcomes?.frequency).toEqual({ deployments: 1, perWeek: 0.2, band: "medium" });
  });

  it("counts only successful deployments, and deployments on the window's first and last instant", () => {
    const outcomes = computeOutcomes(
      [
        deployed("a", window.start),
        deployed("b", END - 2 * DAY, "failure"),
        deployed("c", END - DAY, "error"),
        deployed("d", window.end),
        deployed("z", window.start - 1), // the millisecond before the window
        deployed("y", window.end + 1), // the millisecond after it
      ],
      [],
      window,
    );
    expect(outcomes?.frequency.deployments).toBe(2);
    expect(outcomes?.changeFailure?.of).toBe(4);
  });

  it("has no figures when the only deployments are outside the window", () => {
    expect(computeOutcomes([deployed("a", window.start - DAY), deployed("b", END + DAY)], [], window)).toBeNull();
  });
});

describe("change failures", () => {
  it("puts one failed deployment in ten at exactly 10 %: high", () => {
    const deployments = Array.from({ length: 10 }, (_, index) =>
      deployed(`sha${index}`, END - (20 - index) * DAY, index === 4 ? "failure" : "success"),
    );
    const outcomes = computeOutcomes(deployments, [], window);
    expect(outcomes?.changeFailure).toMatchObject({ failed: 1, of: 10, percent: 10, band: "high" });
  });

  it("rounds one failure in three to 33 %", () => {
    const outcomes = computeOutcomes(
      [deployed("a", END - 5 * DAY), deployed("b", END - 4 * DAY, "error"), deployed("c", END - 3 * DAY)],
      [],
      window,
    );
    expect(outcomes?.changeFailure).toMatchObject({ failed: 1, of: 3, percent: 33, band: "low" });
  });

  it.each<[string, string]>([
    ["a feature titled 'Add a revert button'", "Add a revert button"],
    ["a fix titled 'Fix the revert flow'", "Fix the revert flow"],
    ["a title starting with a longer word, 'Reversible migrations'", "Reversible migrations"],
  ])("does not take %s for a revert", (_situation, title) => {
    const shipped = deployed("a", END - 3 * DAY);
    const outcomes = computeOutcomes([shipped], [pull(title, END - 3 * DAY + HOUR)], window);
    expect(outcomes?.changeFailure).toMatchObject({ failed: 0, of: 1 });
  });

  it.each<[string, string]>([
    ["GitHub's own revert title", 'Revert "Add the cache"'],
    ["a lowercase revert", "revert: the cache change"],
    ["a title with leading spaces", "  Revert #812"],
  ])("takes %s for a revert of the last deployment before it", (_situation, title) => {
    const shipped = deployed("a", END - 3 * DAY);
    const outcomes = computeOutcomes([shipped], [pull(title, END - 3 * DAY + HOUR)], window);
    expect(outcomes?.changeFailure?.failures).toEqual([
      { deployment: shipped.id, kind: "reverted", restoredAfterMs: null },
    ]);
  });

  it("does not blame a revert merged after the failure window on the deployment", () => {
    const shipped = deployed("a", END - 5 * DAY);
    const outcomes = computeOutcomes([shipped], [pull('Revert "Add a"', END - 5 * DAY + DAY + 1)], window);
    expect(outcomes?.changeFailure?.failed).toBe(0);
  });

  it("blames a revert merged exactly at the end of the failure window", () => {
    const shipped = deployed("a", END - 5 * DAY);
    const outcomes = computeOutcomes([shipped], [pull('Revert "Add a"', END - 4 * DAY)], window);
    expect(outcomes?.changeFailure?.failures).toEqual([expect.objectContaining({ kind: "reverted" })]);
  });

  it("does not blame a revert merged before the deployment on it", () => {
    const shipped = deployed("a", END - 5 * DAY);
    const outcomes = computeOutcomes([shipped], [pull('Revert "Add a"', END - 5 * DAY - HOUR)], window);
    expect(outcomes?.changeFailure?.failed).toBe(0);
  });

  it("counts a revert's time to restore from the deployment to the next success after the revert", () => {
    const shipped = deployed("a", END - 5 * DAY);
    const fixed = deployed("b", END - 5 * DAY + 3 * HOUR);
    const outcomes = computeOutcomes([shipped, fixed], [pull('Revert "Add a"', END - 5 * DAY + 2 * HOUR)], window);
    expect(outcomes?.changeFailure?.failures).toEqual([
      { deployment: shipped.id, kind: "reverted", restoredAfterMs: 3 * HOUR },
    ]);
    expect(outcomes?.restore).toEqual({ ms: 3 * HOUR, of: 1, band: "high" });
  });

  it.each<[string, string[], number]>([
    ["a redeploy of the same commit", ["a", "b", "b"], 0],
    ["three deployments of the same commit", ["a", "a", "a"], 0],
    ["a new commit after an old one", ["a", "b", "c"], 0],
    ["a return to the commit that ran before", ["a", "b", "a"], 1],
    ["a return to a commit that ran two deployments before", ["a", "b", "c", "a"], 1],
  ])("counts %s as %i rollback(s)", (_situation, shas, rollbacks) => {
    const deployments = shas.map((sha, index) => deployed(sha, END - 5 * DAY + index * HOUR));
    const outcomes = computeOutcomes(deployments, [], window);
    expect(outcomes?.changeFailure?.failures.filter((failure) => failure.kind === "rolled back")).toHaveLength(
      rollbacks,
    );
  });

  it("blames a rollback on the deployment rolled back, restored when the rollback deployed", () => {
    const good = deployed("a", END - 5 * DAY);
    const bad = deployed("b", END - 5 * DAY + HOUR);
    const rollback = deployed("a", END - 5 * DAY + HOUR + 20 * MINUTE);
    const outcomes = computeOutcomes([good, bad, rollback], [], window);
    expect(outcomes?.changeFailure?.failures).toEqual([
      { deployment: bad.id, kind: "rolled back", restoredAfterMs: 20 * MINUTE },
    ]);
    expect(outcomes?.restore).toEqual({ ms: 20 * MINUTE, of: 1, band: "elite" });
  });

  it("takes a return to an earlier commit exactly at the end of the failure window for a rollback", () => {
    const outcomes = computeOutcomes(
      [deployed("a", END - 10 * DAY), deployed("b", END - 5 * DAY), deployed("a", END - 4 * DAY)],
      [],
      window,
    );
    expect(outcomes?.changeFailure?.failures).toEqual([expect.objectContaining({ kind: "rolled back" })]);
  });

  it("does not count a commit that ran in staging only as a rollback in production", () => {
    const outcomes = computeOutcomes(
      [
        deployed("a", END - 5 * DAY, "success", "staging"),
        deployed("b", END - 4 * DAY),
        deployed("a", END - 4 * DAY + HOUR),
      ],
      [],
      window,
    );
    expect(outcomes?.changeFailure?.failed).toBe(0);
  });

  it("restores a failed deployment with the next success in its own environment only", () => {
    const failed = deployed("a", END - 5 * DAY, "failure");
    const elsewhere = deployed("a", END - 5 * DAY + HOUR, "success", "production-eu");
    const fixed = deployed("b", END - 5 * DAY + 2 * HOUR);
    const outcomes = computeOutcomes([failed, elsewhere, fixed], [], window);
    expect(outcomes?.changeFailure?.failures).toEqual([
      { deployment: failed.id, kind: "failed", restoredAfterMs: 2 * HOUR },
    ]);
  });

  it("leaves a failure not yet restored out of the time to restore", () => {
    const outcomes = computeOutcomes([deployed("a", END - DAY, "failure")], [], window);
    expect(outcomes?.changeFailure?.failures).toEqual([expect.objectContaining({ restoredAfterMs: null })]);
    expect(outcomes?.restore).toBeNull();
  });
});

describe("lead time for changes", () => {
  it("runs from the first commit to the first successful deployment at or after the merge", () => {
    const merged = END - 10 * DAY;
    const outcomes = computeOutcomes(
      [
        deployed("a", merged - HOUR), // before the merge: did not ship it
        deployed("b", merged + HOUR, "failure"), // failed: did not ship it
        deployed("c", merged + 2 * HOUR),
      ],
      [pull("Add the cache", merged, merged - DAY)],
      window,
    );
    expect(outcomes?.leadTime).toEqual({ ms: DAY + 2 * HOUR, of: 1, band: "high" });
  });

  it("ships a pull request with a deployment created the instant it merged", () => {
    const merged = END - 10 * DAY;
    const outcomes = computeOutcomes([deployed("a", merged)], [pull("Add", merged, merged - HOUR)], window);
    expect(outcomes?.leadTime).toEqual({ ms: HOUR, of: 1, band: "elite" });
  });

  it("takes the median of several pull requests' lead times as numbers", () => {
    const ship = END - DAY;
    const outcomes = computeOutcomes(
      [deployed("a", ship)],
      [
        pull("Nine hours", ship - HOUR, ship - 9 * HOUR),
        pull("Ten hours", ship - HOUR, ship - 10 * HOUR),
        pull("A hundred hours", ship - HOUR, ship - 100 * HOUR),
      ],
      window,
    );
    expect(outcomes?.leadTime).toEqual({ ms: 10 * HOUR, of: 3, band: "elite" });
  });

  it("leaves out pull requests without a readable first commit, not yet shipped, or merged before the window", () => {
    const ship = END - 2 * DAY;
    const outcomes = computeOutcomes(
      [deployed("a", ship)],
      [
        pull("Unreadable", ship - HOUR, null),
        pull("Not shipped yet", ship + HOUR),
        pull("Before the window", window.start - HOUR),
        pull("Counted", ship - HOUR, ship - 3 * HOUR),
      ],
      window,
    );
    expect(outcomes?.leadTime).toEqual({ ms: 3 * HOUR, of: 1, band: "elite" });
  });

  it("has no lead time when no pull request shipped", () => {
    expect(computeOutcomes([deployed("a", END - DAY)], [], window)?.leadTime).toBeNull();
  });
});

describe("weeks", () => {
  it.each<[string, string, string]>([
    ["a Sunday evening belongs to the week that began the Monday before", "2026-11-22T23:30:00Z", "2026-11-16"],
    ["Monday at midnight starts its own week", "2026-11-23T00:00:00Z", "2026-11-23"],
    ["a Monday afternoon", "2026-11-23T15:00:00Z", "2026-11-23"],
    ["a Wednesday", "2026-11-25T12:00:00Z", "2026-11-23"],
    ["a Saturday", "2026-11-28T08:00:00Z", "2026-11-23"],
    ["a Sunday across a month end", "2026-03-01T10:00:00Z", "2026-02-23"],
    ["a Thursday across a year end", "2027-01-01T10:00:00Z", "2026-12-28"],
  ])("%s", (_situation, time, monday) => {
    expect(weekStartOf(at(time))).toBe(at(`${monday}T00:00:00Z`));
  });

  it("counts a Sunday deployment in the week before, and a Monday one in the new week", () => {
    const sunday = deployed("a", at("2026-11-22T22:00:00Z"));
    const monday = deployed("b", at("2026-11-23T01:00:00Z"), "failure");
    const outcomes = computeOutcomes([sunday, monday], [], window);
    const weeks = outcomes?.weeks ?? [];
    expect(weeks.map((week) => new Date(week.start).getUTCDay())).toEqual(weeks.map(() => 1));
    expect(weeks.find((week) => week.start === at("2026-11-16T00:00:00Z"))).toMatchObject({
      deployments: 1,
      judged: 1,
      failed: 0,
    });
    expect(weeks.find((week) => week.start === at("2026-11-23T00:00:00Z"))).toMatchObject({
      deployments: 0,
      judged: 1,
      failed: 1,
    });
  });

  it("covers the window with consecutive weeks, from the week of its start to the week of its end", () => {
    const outcomes = computeOutcomes([deployed("a", END - DAY)], [], window);
    const starts = outcomes?.weeks.map((week) => week.start) ?? [];
    expect(starts[0]).toBe(weekStartOf(window.start));
    expect(starts.at(-1)).toBe(weekStartOf(window.end));
    expect(starts.slice(1).map((start, index) => start - (starts[index] as number))).toEqual(
      starts.slice(1).map(() => WEEK),
    );
  });

  it("gives each week the median lead time of the pull requests merged in it", () => {
    const ship = at("2026-11-24T12:00:00Z");
    const outcomes = computeOutcomes(
      [deployed("a", ship)],
      [
        pull("Sunday's", at("2026-11-22T20:00:00Z"), at("2026-11-22T12:00:00Z")),
        pull("Monday's", at("2026-11-23T10:00:00Z"), ship - 2 * HOUR),
      ],
      window,
    );
    const week = (monday: string) => outcomes?.weeks.find((entry) => entry.start === at(`${monday}T00:00:00Z`));
    expect(week("2026-11-16")?.leadTime).toEqual({ ms: 2 * DAY, of: 1 });
    expect(week("2026-11-23")?.leadTime).toEqual({ ms: 2 * HOUR, of: 1 });
    expect(week("2026-11-09")?.leadTime).toBeNull();
  });
});

describe("outcomes joined with the practices", () => {
  it("puts a deployment shipping a pull request that failed a practice among those missing it", () => {
    const merged = END - 5 * DAY;
    const failedDeployment = deployed("b", merged + HOUR, "failure");
    const outcomes = computeOutcomes(
      [deployed("a", merged - DAY), failedDeployment, deployed("c", merged + 2 * HOUR)],
      [
        { ...pull("Untested", merged), outcomes: { tests: "fail", staging: "pass" } },
        { ...pull("Tested", merged + 90 * MINUTE), outcomes: { tests: "pass", staging: "waived" } },
      ],
      window,
    );
    const join = (practice: string) => outcomes?.join.find((entry) => entry.practice === practice);
    expect(join("tests")).toEqual({
      practice: "tests",
      missing: { failed: 1, of: 1 },
      meeting: { failed: 0, of: 1 },
    });
    expect(join("staging")).toEqual({
      practice: "staging",
      missing: { failed: 0, of: 1 },
      meeting: { failed: 1, of: 1 },
    });
    expect(join("rollback")).toEqual({
      practice: "rollback",
      missing: { failed: 0, of: 0 },
      meeting: { failed: 0, of: 0 },
    });
  });

  it("does not count a pull request shipped by the previous deployment again", () => {
    const merged = END - 5 * DAY;
    const outcomes = computeOutcomes(
      [deployed("a", merged + HOUR), deployed("b", merged + 2 * HOUR, "failure")],
      [{ ...pull("Untested", merged), outcomes: { tests: "fail" } }],
      window,
    );
    expect(outcomes?.join.find((entry) => entry.practice === "tests")?.missing).toEqual({ failed: 0, of: 1 });
  });

  it("leaves deployments that shipped nothing judged, or only skipped practices, out of the join", () => {
    const merged = END - 5 * DAY;
    const outcomes = computeOutcomes(
      [deployed("a", merged + HOUR)],
      [{ ...pull("Docs", merged), outcomes: { tests: "skip" } }],
      window,
    );
    expect(outcomes?.join.find((entry) => entry.practice === "tests")).toEqual({
      practice: "tests",
      missing: { failed: 0, of: 0 },
      meeting: { failed: 0, of: 0 },
    });
  });
});

describe("the four figures alone", () => {
  it("keeps the figures and bands, and nulls where there is nothing to measure", () => {
    const outcomes = computeOutcomes([deployed("a", END - DAY, null)], [], window);
    expect(outcomes && outcomeFigures(outcomes)).toEqual({
      deployments: 0,
      perWeek: 0,
      frequencyBand: "low",
      leadTime: null,
      changeFailure: null,
      restore: null,
      stagedFirst: null,
    });
  });

  it("carries every figure of a measured window", () => {
    const ship = END - 2 * DAY;
    const outcomes = computeOutcomes(
      [deployed("a", ship, "failure"), deployed("b", ship + 30 * MINUTE)],
      [pull("Add", ship - HOUR, ship - 2 * HOUR)],
      window,
    );
    expect(outcomes && outcomeFigures(outcomes)).toEqual({
      deployments: 1,
      perWeek: 0.2,
      frequencyBand: "medium",
      leadTime: { ms: 2 * HOUR + 30 * MINUTE, band: "elite" },
      changeFailure: { percent: 50, band: "low" },
      restore: { ms: 30 * MINUTE, band: "elite" },
      // No staging deployment was given: nothing to say of staged-first.
      stagedFirst: null,
    });
  });
});

describe("deployments as GitHub lists them", () => {
  it("finds a rollback in deployments listed newest first, as GitHub lists them", () => {
    const good = deployed("a", END - 5 * DAY);
    const bad = deployed("b", END - 5 * DAY + HOUR);
    const rollback = deployed("a", END - 5 * DAY + 2 * HOUR);
    const outcomes = computeOutcomes([rollback, bad, good], [], window);
    expect(outcomes?.changeFailure?.failures).toEqual([
      { deployment: bad.id, kind: "rolled back", restoredAfterMs: HOUR },
    ]);
  });

  it("ships a pull request with the earliest deployment after its merge, whatever the listing order", () => {
    const merged = END - 5 * DAY;
    const outcomes = computeOutcomes(
      [deployed("c", merged + 3 * HOUR), deployed("b", merged + HOUR), deployed("a", merged - HOUR)],
      [pull("Add", merged, merged - HOUR)],
      window,
    );
    expect(outcomes?.leadTime?.ms).toBe(2 * HOUR);
  });

  it("orders deployments created in the same millisecond by their id", () => {
    const created = END - 5 * DAY;
    const first = { id: 1, sha: "a", environment: "production", createdAt: created - HOUR, state: "success" as const };
    const bad = { id: 2, sha: "b", environment: "production", createdAt: created, state: "success" as const };
    const back = { id: 3, sha: "a", environment: "production", createdAt: created, state: "success" as const };
    const outcomes = computeOutcomes([back, bad, first], [], window);
    expect(outcomes?.changeFailure?.failures).toEqual([
      expect.objectContaining({ deployment: 2, kind: "rolled back" }),
    ]);
  });
});

describe("time to restore with several failures", () => {
  it("measures only the failures already restored", () => {
    const restored = deployed("a", END - 5 * DAY, "failure");
    const fixed = deployed("b", END - 5 * DAY + 2 * HOUR);
    const pending = deployed("c", END - DAY, "error");
    const outcomes = computeOutcomes([restored, fixed, pending], [], window);
    expect(outcomes?.restore).toEqual({ ms: 2 * HOUR, of: 1, band: "high" });
    expect(outcomes?.changeFailure).toMatchObject({ failed: 2, of: 3, percent: 67 });
  });

  it("is not restored by another failed deployment, only by a successful one", () => {
    const failed = deployed("a", END - 5 * DAY, "failure");
    const failedAgain = deployed("b", END - 5 * DAY + HOUR, "failure");
    const fixed = deployed("c", END - 5 * DAY + 3 * HOUR);
    const outcomes = computeOutcomes([failed, failedAgain, fixed], [], window);
    expect(outcomes?.changeFailure?.failures).toEqual([
      { deployment: failed.id, kind: "failed", restoredAfterMs: 3 * HOUR },
      { deployment: failedAgain.id, kind: "failed", restoredAfterMs: 2 * HOUR },
    ]);
  });

  it("blames a revert on the last successful deployment, not on a failed one after it", () => {
    const shipped = deployed("a", END - 5 * DAY);
    const failed = deployed("b", END - 5 * DAY + HOUR, "failure");
    const outcomes = computeOutcomes([shipped, failed], [pull('Revert "Add a"', END - 5 * DAY + 2 * HOUR)], window);
    expect(outcomes?.changeFailure?.failures).toEqual([
      { deployment: shipped.id, kind: "reverted", restoredAfterMs: null },
      { deployment: failed.id, kind: "failed", restoredAfterMs: null },
    ]);
  });
});

describe("week boundaries", () => {
  it("counts a deployment at Monday midnight in the new week only", () => {
    const outcomes = computeOutcomes([deployed("a", at("2026-11-23T00:00:00Z"))], [], window);
    const counts = Object.fromEntries(
      (outcomes?.weeks ?? []).map((week) => [new Date(week.start).toISOString().slice(0, 10), week.deployments]),
    );
    expect(counts["2026-11-23"]).toBe(1);
    expect(counts["2026-11-16"]).toBe(0);
  });

  it("gives a window ending at Monday midnight a last week starting then", () => {
    const end = at("2026-11-23T00:00:00Z");
    const outcomes = computeOutcomes([deployed("a", end - DAY)], [], { ...window, start: end - 14 * DAY, end });
    expect(outcomes?.weeks.map((week) => week.start)).toEqual([end - 14 * DAY, end - 7 * DAY, end]);
  });

  it("leaves a week's deployments without a final status out of its judged count", () => {
    const outcomes = computeOutcomes(
      [deployed("a", at("2026-11-24T10:00:00Z")), deployed("b", at("2026-11-24T11:00:00Z"), null)],
      [],
      window,
    );
    expect(outcomes?.weeks.at(-1)).toMatchObject({ deployments: 1, judged: 1, failed: 0 });
  });
});

describe("which pull requests a deployment shipped", () => {
  it.each([
    ["merged the instant the deployment was created: shipped by it", 0, { failed: 1, of: 1 }],
    ["merged the instant the previous deployment was created: shipped by that one", -HOUR, { failed: 0, of: 1 }],
  ])("a pull request %s", (_situation, offset, missing) => {
    const previous = deployed("a", END - 5 * DAY - HOUR);
    const failed = deployed("b", END - 5 * DAY, "failure");
    const outcomes = computeOutcomes(
      [previous, failed],
      [{ ...pull("Untested", END - 5 * DAY + offset), outcomes: { tests: "fail" } }],
      window,
    );
    expect(outcomes?.join.find((entry) => entry.practice === "tests")?.missing).toEqual(missing);
  });
});

describe("settings", () => {
  it.each([
    ["outcomes and the status issue on (the default)", {}, true],
    ["outcomes off", { outcomes: { enabled: false } }, false],
    ["the status issue off", { status_issue: { enabled: false } }, false],
  ])("shows outcomes with %s: %s", (_situation, config, shown) => {
    expect(outcomesShown(configSchema.parse(config))).toBe(shown);
  });

  it.each([
    ["production", true],
    ["Production", true],
    ["PRODUCTION", true],
    ["staging", false],
  ])("takes the environment %s for production by default: %s", (environment, production) => {
    expect(productionEnvironmentMatcher(configSchema.parse({}).outcomes)(environment)).toBe(production);
  });

  it("starts with nothing remembered", () => {
    expect(EMPTY_MEMORY).toEqual({ s: {}, fc: {} });
  });
});
