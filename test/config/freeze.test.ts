import { describe, expect, it } from "vitest";
import { type FreezeWindow, openFreeze, parseFreezeWindow, timezoneProblem } from "../../src/config/freeze.js";

const window = (text: string): FreezeWindow => {
  const parsed = parseFreezeWindow(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.window;
};

describe("freeze windows", () => {
  it.each([
    ["a weekend", "Fri 16:00 - Mon 08:00", { kind: "weekly" }],
    ["full weekday names", "Friday 16:00 - Monday 8:00", { kind: "weekly" }],
    ["within one day", "Wed 12:00 - Wed 13:00", { kind: "weekly" }],
    ["the holidays", "2026-12-23 - 2027-01-02", { kind: "dates", from: "2026-12-23", to: "2027-01-02" }],
    ["one day", "2026-12-25", { kind: "dates", from: "2026-12-25", to: "2026-12-25" }],
  ])("reads %s", (_name, text, expected) => {
    expect(window(text)).toMatchObject(expected);
  });

  it.each([
    ["a weekday typo", "Fry 16:00 - Mon 08:00", '"Fry" is not a weekday; write Mon, Tue, Wed, Thu, Fri, Sat or Sun'],
    ["an hour past the day", "Fri 24:00 - Mon 08:00", "24:00 is not a time of day (00:00 to 23:59)"],
    ["no length", "Fri 16:00 - Fri 16:00", "starts and ends at the same time; a window needs a length"],
    ["a date that does not exist", "2026-02-30", "2026-02-30 is not a date"],
    ["dates the wrong way round", "2027-01-02 - 2026-12-23", "ends (2026-12-23) before it starts (2027-01-02)"],
    [
      "words",
      "every Friday afternoon",
      "must be a weekly window such as `Fri 16:00 - Mon 08:00` or dates such as `2026-12-23 - 2027-01-02`",
    ],
    [
      "no spaces around the dash",
      "Fri 16:00-Mon 08:00",
      "must be a weekly window such as `Fri 16:00 - Mon 08:00` or dates such as `2026-12-23 - 2027-01-02`",
    ],
  ])("refuses %s, saying why", (_name, text, problem) => {
    expect(parseFreezeWindow(text)).toEqual({ ok: false, problem });
  });

  it("is linear on a long hostile text (refused by length first)", () => {
    expect(parseFreezeWindow(`Fri ${"1".repeat(100_000)}`).ok).toBe(false);
  });

  it.each([
    ["Friday 15:59 UTC is before a UTC weekend freeze", "2026-11-27T15:59:00Z", "UTC", null],
    ["Friday 16:00 UTC opens it until Monday 08:00", "2026-11-27T16:00:00Z", "UTC", "2026-11-30T08:00:00.000Z"],
    ["Sunday night is inside", "2026-11-29T23:00:00Z", "UTC", "2026-11-30T08:00:00.000Z"],
    ["Monday 08:00 closes it", "2026-11-30T08:00:00Z", "UTC", null],
    ["Friday 15:30 UTC is 16:30 in Berlin", "2026-11-27T15:30:00Z", "Europe/Berlin", "2026-11-30T07:00:00.000Z"],
    // Daylight saving ends on Sunday 2026-10-25 in Berlin: Monday 08:00 is 07:00 UTC, not 06:00.
    ["across the end of summer time", "2026-10-23T15:00:00Z", "Europe/Berlin", "2026-10-26T07:00:00.000Z"],
  ])("%s", (_name, now, zone, until) => {
    const open = openFreeze([window("Fri 16:00 - Mon 08:00")], zone, new Date(now));
    expect(open?.until.toISOString() ?? null).toBe(until);
  });

  it.each([
    ["the first day, at midnight", "2026-12-23T00:00:00Z", "2027-01-03T00:00:00.000Z"],
    ["the last day, late", "2027-01-02T23:59:00Z", "2027-01-03T00:00:00.000Z"],
    ["the day after", "2027-01-03T00:00:00Z", null],
    ["the day before", "2026-12-22T23:59:00Z", null],
  ])("a date range holds whole days: %s", (_name, now, until) => {
    const open = openFreeze([window("2026-12-23 - 2027-01-02")], "UTC", new Date(now));
    expect(open?.until.toISOString() ?? null).toBe(until);
  });

  it("knows IANA time zones", () => {
    expect(timezoneProblem("Europe/Berlin")).toBeUndefined();
    expect(timezoneProblem("UTC")).toBeUndefined();
    expect(timezoneProblem("CEST")).toMatch(/is not an IANA time zone/);
  });
});
