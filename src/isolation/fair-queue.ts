/**
 * Runs tasks at most `capacity` at a time, at most one per key (an installation) at a time, taking
 * keys in turn. One tenant whose pull requests are costly to analyse then holds one worker at
 * most, and every other tenant's work goes on; a task's deadline can start when it starts, not
 * when it was queued behind someone else's.
 */
export class FairQueue {
  readonly #waiting = new Map<string, (() => void)[]>();
  readonly #running = new Set<string>();
  #active = 0;

  constructor(private readonly capacity: number) {}

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        Promise.resolve()
          .then(task)
          .then(resolve, reject)
          .finally(() => {
            this.#active--;
            this.#running.delete(key);
            this.#pump();
          });
      };
      const queue = this.#waiting.get(key);
      if (queue) queue.push(start);
      else this.#waiting.set(key, [start]);
      this.#pump();
    });
  }

  #pump(): void {
    // Map iteration order is insertion order: a key that ran goes to the back of the line.
    for (const [key, queue] of this.#waiting) {
      if (this.#active >= this.capacity) return;
      if (this.#running.has(key)) continue;
      const start = queue.shift();
      this.#waiting.delete(key);
      if (queue.length > 0) this.#waiting.set(key, queue);
      if (!start) continue;
      this.#active++;
      this.#running.add(key);
      start();
    }
  }
}
