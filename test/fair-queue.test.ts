import { describe, expect, it } from "vitest";
import { FairQueue, QueueFullError } from "../src/isolation/fair-queue.js";

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

  it("within one installation, takes repositories in turn: six hostile pull requests of one repository hold one worker", async () => {
    const queue = new FairQueue(2);
    const started: string[] = [];
    const lane = (repository: string, pull: string) => ({ installation: "installation:1", repository, pull });
    const hostile = Array.from({ length: 6 }, (_, index) => gate(started, `payments#${index + 1}`));
    const others = [gate(started, "web#1"), gate(started, "docs#1")];
    const results = [
      ...hostile.map((task, index) => queue.run(lane("org/payments", `${index + 1}`), task.task)),
      queue.run(lane("org/web", "1"), (others[0] as ReturnType<typeof gate>).task),
      queue.run(lane("org/docs", "1"), (others[1] as ReturnType<typeof gate>).task),
    ];
    await settle();
    expect(started).toEqual(["payments#1", "web#1"]);
    others[0]?.open();
    await settle();
    expect(started).toEqual(["payments#1", "web#1", "docs#1"]);
    for (const task of [...hostile, ...others]) task.open();
    await Promise.all(results);
    expect(started.filter((name) => name.startsWith("payments"))).toHaveLength(6);
  });

  it("within one repository, takes pull requests in turn: pushes to one do not all go before another", async () => {
    const queue = new FairQueue(1);
    const started: string[] = [];
    const lane = (pull: string) => ({ installation: "installation:1", repository: "org/api", pull });
    const pushes = Array.from({ length: 3 }, (_, index) => gate(started, `#1 push ${index + 1}`));
    const other = gate(started, "#2");
    const results = [...pushes.map((task) => queue.run(lane("1"), task.task)), queue.run(lane("2"), other.task)];
    await settle();
    pushes[0]?.open();
    await settle();
    pushes[1]?.open();
    await settle();
    // Turns: the other pull request goes before the third push.
    expect(started).toEqual(["#1 push 1", "#1 push 2", "#2"]);
    for (const task of [...pushes, other]) task.open();
    await Promise.all(results);
  });

  it("refuses a task past its bound of waiting tasks, and takes tasks again once there is room", async () => {
    const queue = new FairQueue(1, 2);
    const started: string[] = [];
    const tasks = [gate(started, "a"), gate(started, "b"), gate(started, "c")];
    const running = queue.run("a", (tasks[0] as ReturnType<typeof gate>).task);
    const waiting = [
      queue.run("b", (tasks[1] as ReturnType<typeof gate>).task),
      queue.run("c", (tasks[2] as ReturnType<typeof gate>).task),
    ];
    expect(queue.waiting).toBe(2);
    await expect(queue.run("d", async () => "d")).rejects.toBeInstanceOf(QueueFullError);
    for (const task of tasks) task.open();
    await Promise.all([running, ...waiting]);
    expect(await queue.run("d", async () => "d")).toBe("d");
  });
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
