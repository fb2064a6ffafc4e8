import type { Context, Probot } from "probot";
import { FactCache } from "./github/fact-cache.js";
import { realSleep, type Sleep } from "./github/retry-write.js";
import { onCheckRunCompleted, onCheckRunRerequested, onDeploymentStatus, onStatus } from "./handlers/commit-events.js";
import { DeliveryLedger } from "./handlers/delivery-ledger.js";
import { KeyedLock } from "./handlers/keyed-lock.js";
import { onPullRequestChanged, PULL_REQUEST_CHECK_ACTIONS } from "./handlers/pull-request-events.js";

export interface AppOptions {
  /** How retries wait; tests pass one that does not. */
  sleep?: Sleep;
}

/**
 * Builds the Probot app. State (the delivery ledger, per-commit locks) lives in this closure, one
 * per loaded app, never in module globals.
 */
export function createApp(options: AppOptions = {}) {
  return (app: Probot): void => {
    const services = { sleep: options.sleep ?? realSleep, locks: new KeyedLock(), cache: new FactCache() };
    const ledger = new DeliveryLedger();

    // Each delivery is handled once per handler: a redelivery (same X-GitHub-Delivery id) does nothing.
    const once =
      <C extends Context>(name: string, handler: (context: C) => Promise<void>) =>
      async (context: C): Promise<void> => {
        const outcome = await ledger.once(`${name}:${context.id}`, () => handler(context));
        if (outcome === "duplicate") context.log.info({ delivery: context.id }, "delivery already handled");
      };

    app.on([...PULL_REQUEST_CHECK_ACTIONS], once("pull-request", onPullRequestChanged(services)));
    app.on("deployment_status", once("deployment-status", onDeploymentStatus(services)));
    app.on("check_run.completed", once("check-run-completed", onCheckRunCompleted(services)));
    app.on("check_run.rerequested", once("check-run-rerequested", onCheckRunRerequested(services)));
    app.on("status", once("status", onStatus(services)));
  };
}
