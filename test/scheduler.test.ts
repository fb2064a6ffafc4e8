import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { reconcileIntervalMs, sweepIntervalMs } from "../src/sweep/scheduler.js";

describe("SHIPSHAPE_SWEEP_INTERVAL", () => {
  const log = pino({ level: "silent" });
  it.each<[string | undefined, number]>([
    [undefined, 3_600_000],
    ["", 3_600_000],
    ["30m", 1_800_000],
    ["2h", 7_200_000],
    ["0", 0],
    ["soon", 3_600_000],
  ])("%s → %i ms", (value, expected) => {
    expect(sweepIntervalMs(value, log)).toBe(expected);
  });
});

describe("SHIPSHAPE_RECONCILE_INTERVAL", () => {
  const log = pino({ level: "silent" });
  it.each<[string | undefined, number]>([
    [undefined, 86_400_000],
    ["6h", 21_600_000],
    ["0", 0],
    ["daily", 86_400_000],
  ])("%s → %i ms", (value, expected) => {
    expect(reconcileIntervalMs(value, log)).toBe(expected);
  });
});
