import { describe, expect, it } from "vitest";
import { leaseFor } from "../src/coordination/lease.js";

describe("leaseFor", () => {
  it("keeps the default lease on the hourly schedule and without one", () => {
    expect(leaseFor(30_000, 3_600_000)).toBe(30_000);
    expect(leaseFor(15_000, 0)).toBe(15_000);
  });

  it("takes a fifth of a short schedule, never under 10 s", () => {
    expect(leaseFor(30_000, 100_000)).toBe(20_000);
    expect(leaseFor(15_000, 25_000)).toBe(10_000);
    expect(leaseFor(30_000, 10_000)).toBe(10_000);
  });
});
