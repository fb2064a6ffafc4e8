/** Runs a delivery's work once; "duplicate" when it was (or is being) handled already. */
export interface Ledger {
  once(deliveryId: string, work: () => Promise<void>): Promise<"handled" | "duplicate">;
}

/**
 * Remembers which webhook deliveries (by `X-GitHub-Delivery` id) were handled, so a redelivery
 * does no work twice. A delivery that failed is forgotten, so that redelivering it retries.
 * Bounded: the oldest ids are dropped first.
 */
export class DeliveryLedger implements Ledger {
  readonly #done = new Set<string>();
  readonly #inFlight = new Map<string, Promise<void>>();

  constructor(private readonly capacity = 10_000) {}

  async once(deliveryId: string, work: () => Promise<void>): Promise<"handled" | "duplicate"> {
    if (this.#done.has(deliveryId)) return "duplicate";
    const running = this.#inFlight.get(deliveryId);
    if (running) {
      await running;
      return "duplicate";
    }
    const promise = work();
    this.#inFlight.set(deliveryId, promise);
    try {
      await promise;
      this.#remember(deliveryId);
      return "handled";
    } finally {
      this.#inFlight.delete(deliveryId);
    }
  }

  #remember(deliveryId: string): void {
    this.#done.add(deliveryId);
    if (this.#done.size > this.capacity) {
      const oldest = this.#done.values().next().value;
      if (oldest !== undefined) this.#done.delete(oldest);
    }
  }
}
