/** Runs work for one key at a time: in this process (KeyedLock) or across replicas (RedisLocks). */
export interface Locks {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/**
 * Runs work for the same key one at a time (and work for different keys in parallel), so two
 * deliveries about one head commit cannot both create a check run.
 */
export class KeyedLock implements Locks {
  readonly #tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(work);
    this.#tails.set(key, current);
    try {
      return await current;
    } finally {
      if (this.#tails.get(key) === current) this.#tails.delete(key);
    }
  }
}
