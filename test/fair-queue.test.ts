import { describe, expect, it } from "vitest";
import { FairQueue } from "../src/isolation/fair-queue.js";

/** A task that finishes when told to, recording when it started. */
function gate(log: string[], name: string) {
  let open: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    task: async () => {
      log.push(name);
      await finished;
      return name;
    },
    open: () => open(),
  };
}

describe("the fair queue in front of the evaluation workers", () => {
  it("runs one task per tenant at a time, so a slow tenant holds one slot and the others go on", async () => {
    const queue = new FairQueue(2);
    const started: string[] = [];
    const hostile = [gate(started, "mallory-1"), gate(started, "mallory-2"), gate(started, "mallory-3")];
    const normal = [gate(started, "acme-1"), gate(started, "acme-2")];
    const results = [
      ...hostile.map((task) => queue.run("mallory", task.task)),
      ...normal.map((task) => queue.run("acme", task.task)),
    ];
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(started).toEqual(["mallory-1", "acme-1"]);
    normal[0]?.open();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(started).toEqual(["mallory-1", "acme-1", "acme-2"]);
    for (const task of [...hostile, ...normal]) task.open();
    expect(await Promise.all(results)).toEqual(["mallory-1", "mallory-2", "mallory-3", "acme-1", "acme-2"]);
  });

  it("passes a task's failure to its caller and keeps going", async () => {
    const queue = new FairQueue(1);
    const failing = queue.run("a", async () => {
      throw new Error("boom");
    });
    await expect(failing).rejects.toThrow("boom");
    expect(await queue.run("a", async () => "next")).toBe("next");
  });
});
