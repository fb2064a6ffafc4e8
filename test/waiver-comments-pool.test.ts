import { afterAll, describe, expect, it } from "vitest";
import {
  closeEvaluationPool,
  EvaluationDeadlineError,
  parseCommentsIsolated,
} from "../src/isolation/evaluation-pool.js";

describe("waiver comments in the worker pool", () => {
  afterAll(closeEvaluationPool);

  it("parses comments' commands in a worker, five per comment", async () => {
    const long = Array.from({ length: 2_800 }, () => "/shipshape waive unit").join("\n");
    const [first, second] = await parseCommentsIsolated(
      ["Thanks!\n/shipshape waive tests Hotfix for the outage\n> /shipshape unwaive tests", long],
      "installation:1",
      60_000,
    );
    expect(first).toEqual({
      commands: [{ action: "waive", practice: "tests", reason: "Hotfix for the outage" }],
      dropped: 0,
    });
    expect(second?.commands).toHaveLength(5);
    expect(second?.dropped).toBe(2_795);
  });

  it("cuts the parse off at its deadline, counted from the worker's start", async () => {
    // Twenty comments of 60 KB of command lines: far more than a millisecond of parsing.
    const heavy = Array.from({ length: 20 }, () => "/shipshape waive tests Hotfix for the outage\n".repeat(1_400));
    await expect(parseCommentsIsolated(heavy, "installation:2", 1)).rejects.toBeInstanceOf(EvaluationDeadlineError);
  });
});
