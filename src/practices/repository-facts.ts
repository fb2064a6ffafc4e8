import type { Fact } from "./types.js";

/** Something that counts as a sprint review: a closed milestone, or a labelled issue opened or closed. */
export interface ReviewEvidence {
  kind: "milestone" | "issue";
  title: string;
  url: string;
  at: Date;
}

export interface UpdatePullRequest {
  number: number;
  title: string;
  author: string;
  url: string;
  createdAt: Date;
}

export type AlertSeverity = "critical" | "high" | "medium" | "low";

export interface SecurityAlert {
  number: number;
  severity: AlertSeverity;
  packageName: string;
  url: string;
  createdAt: Date;
}

/** Dependabot alerts, or the fact that GitHub refused to show them (no permission, alerts off). */
export type AlertsFact = Fact<SecurityAlert[]> | { ok: false; forbidden: true; reason: string };

export interface CadenceFacts {
  evidence: Fact<ReviewEvidence[]>;
  /**
   * When Shipshape started watching this repository (its status issue's creation), the start of
   * the cadence while no review was ever recorded; null when unknown.
   */
  watchingSince: Date | null;
}

export interface MaintenanceFacts {
  /** Open pull requests, of every author; the evaluator picks the update PRs. */
  openPullRequests: Fact<UpdatePullRequest[]>;
  alerts: AlertsFact;
}
