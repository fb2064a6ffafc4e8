import { durationMs } from "../config/duration.js";
import type { ShipshapeConfig } from "../config/schema.js";
import { counted, type Message, say } from "./message.js";
import type { AlertSeverity, MaintenanceFacts, SecurityAlert, UpdatePullRequest } from "./repository-facts.js";
import { offSummary } from "./types.js";

type PatchesConfig = ShipshapeConfig["maintenance"]["dependency_patches"];

export type StaleItem =
  | { kind: "update"; key: string; ageDays: number; since: Date; pull: UpdatePullRequest }
  | { kind: "alert"; key: string; ageDays: number; since: Date; alert: SecurityAlert; slaDays: number };

export interface DependencyPatchesVerdict {
  outcome: "pass" | "fail" | "skip";
  summary: Message;
  /** Stale update PRs and alerts, oldest first. */
  stale: StaleItem[];
  /** Open alerts by severity (stale or not); null when the alerts could not be read. */
  openAlerts: Record<AlertSeverity, number> | null;
  /** Why the alerts are not shown (403: the app may not read them), if so. */
  alertsUnavailable?: string;
  openUpdates: number;
  /** The read that failed, when the update PRs could not be read. */
  unreadable?: string;
}

const DAY_MS = 86_400_000;
export const SEVERITIES: readonly AlertSeverity[] = ["critical", "high", "medium", "low"];

/** Update PRs older than `max_age` and Dependabot alerts older than their severity's SLA are stale. */
export function evaluateDependencyPatches(
  config: PatchesConfig,
  facts: MaintenanceFacts,
  now: Date,
): DependencyPatchesVerdict {
  const empty = { stale: [], openAlerts: null, openUpdates: 0 };
  if (config.enforcement === "off")
    return { outcome: "skip", summary: offSummary("maintenance.dependency_patches.enforcement"), ...empty };
  if (!facts.openPullRequests.ok) {
    const reason = facts.openPullRequests.reason;
    return { outcome: "fail", summary: say`Could not check update PRs: ${reason}.`, ...empty, unreadable: reason };
  }
  const age = (since: Date) => Math.floor((now.getTime() - since.getTime()) / DAY_MS);
  const updates = facts.openPullRequests.value.filter((pull) => config.update_authors.includes(pull.author));
  const maxAge = durationMs(config.max_age);
  const stale: StaleItem[] = updates
    .filter((pull) => now.getTime() - pull.createdAt.getTime() > maxAge)
    .map((pull) => ({
      kind: "update",
      key: `pr#${pull.number}`,
      ageDays: age(pull.createdAt),
      since: pull.createdAt,
      pull,
    }));

  let openAlerts: Record<AlertSeverity, number> | null = null;
  let alertsUnavailable: string | undefined;
  if (facts.alerts.ok) {
    openAlerts = { critical: 0, high: 0, medium: 0, low: 0 };
    for (const alert of facts.alerts.value) {
      openAlerts[alert.severity]++;
      const sla = durationMs(config.alert_sla[alert.severity]);
      if (now.getTime() - alert.createdAt.getTime() > sla) {
        stale.push({
          kind: "alert",
          key: `alert#${alert.number}`,
          ageDays: age(alert.createdAt),
          since: alert.createdAt,
          alert,
          slaDays: Math.round(sla / DAY_MS),
        });
      }
    }
  } else {
    alertsUnavailable = facts.alerts.reason;
  }
  stale.sort((a, b) => a.since.getTime() - b.since.getTime());

  const staleUpdates = stale.filter((item) => item.kind === "update").length;
  const staleAlerts = stale.length - staleUpdates;
  const parts = [
    staleUpdates > 0 ? say`${counted(staleUpdates, "update PR")} older than ${config.max_age}` : [],
    staleAlerts > 0 ? say`${counted(staleAlerts, "alert")} past SLA` : [],
  ].filter((part) => part.length > 0);
  const unavailable = alertsUnavailable ? say` (alerts not readable)` : [];
  if (stale.length > 0) {
    return {
      outcome: "fail",
      summary: say`Stale: ${parts.flatMap((part, index) => (index === 0 ? part : [", ", ...part]))}${unavailable}.`,
      stale,
      openAlerts,
      openUpdates: updates.length,
      ...(alertsUnavailable ? { alertsUnavailable } : {}),
    };
  }
  return {
    outcome: "pass",
    summary: say`Nothing stale: ${counted(updates.length, "open update PR")} within ${config.max_age}${
      openAlerts
        ? say`, ${counted(
            SEVERITIES.reduce((sum, severity) => sum + (openAlerts?.[severity] ?? 0), 0),
            "open alert",
          )} within SLA`
        : []
    }${unavailable}.`,
    stale,
    openAlerts,
    openUpdates: updates.length,
    ...(alertsUnavailable ? { alertsUnavailable } : {}),
  };
}
