import { describe, expect, it } from "vitest";
import { durationMs, durationProblem } from "../../src/config/duration.js";

/** Durations as people write them in `.github/shipshape.yml`. */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("durations", () => {
  it.each([
    ["36h", 36 * HOUR],
    ["14d", 14 * DAY],
    ["2w", 14 * DAY],
    ["90m", 90 * MINUTE],
    ["90 minutes", 90 * MINUTE],
    ["1 min", MINUTE],
    ["3 hours", 3 * HOUR],
    ["2 hrs", 2 * HOUR],
    ["1 day", DAY],
    ["1.5d", 1.5 * DAY],
    ["3 weeks", 21 * DAY],
    ["14D", 14 * DAY],
    ["  7d  ", 7 * DAY],
    ["2 WEEKS", 14 * DAY],
  ])("reads %j", (text, expected) => {
    expect(durationProblem(text)).toBeUndefined();
    expect(durationMs(text)).toBe(expected);
  });

  it.each([
    ["1M", "months vary in length: write days or weeks instead, e.g. 30d"],
    ["2 months", "months vary in length: write days or weeks instead, e.g. 60d"],
    ["1mo", "months vary in length: write days or weeks instead, e.g. 30d"],
    ["1.5 Months", "months vary in length: write days or weeks instead, e.g. 45d"],
    ["14", "needs a unit: m (minutes), h, d or w, e.g. 14d"],
    [" 14 ", "needs a unit: m (minutes), h, d or w, e.g. 14d"],
    ["1.25", "needs a unit: m (minutes), h, d or w, e.g. 1.25d"],
    ["x14", "must be a duration such as 36h, 14d or 2w (units: m, h, d, w)"],
    ["0d", "must be longer than zero"],
    ["0.0h", "must be longer than zero"],
    ["a fortnight", "must be a duration such as 36h, 14d or 2w (units: m, h, d, w)"],
    ["14 days ago", "must be a duration such as 36h, 14d or 2w (units: m, h, d, w)"],
    ["-3d", "must be a duration such as 36h, 14d or 2w (units: m, h, d, w)"],
    ["1y", "must be a duration such as 36h, 14d or 2w (units: m, h, d, w)"],
  ])("refuses %j: %s", (text, problem) => {
    expect(durationProblem(text)).toBe(problem);
  });

  it("will not convert what it refused", () => {
    expect(() => durationMs("a fortnight")).toThrow("not a duration: a fortnight");
  });
});
