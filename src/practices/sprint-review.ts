import { durationMs } from "../config/duration.js";
import type { ShipshapeConfig } from "../config/schema.js";
import { type Message, say } from "./message.js";
import type { CadenceFacts, ReviewEvidence } from "./repository-facts.js";
import { offSummary } from "./types.js";

type SprintReviewConfig = ShipshapeConfig["cadence"]["sprint_review"];

export interface SprintReviewVerdict {
  outcome: "pass" | "fail" | "skip";
  summary: Message;
  /** The newest review, if any was ever seen. */
  lastReview: ReviewEvidence | null;
  /** When the next review is (or was) due; null when the cadence has not started. */
  dueAt: Date | null;
  /** When the cadence counts as lapsed: the due date plus the grace. */
  lapsesAt: Date | null;
  /** The read that failed, when the evidence could not be read. */
  unreadable?: string;
}

/**
 * The newest review must be younger than `every + grace`. With no review ever recorded the cadence
 * starts when Shipshape started watching the repository (its status issue was created), so a
 * repository is not told it lapsed on the day it is configured; if that moment is unknown too, the
 * cadence starts at the first review.
 */
export function evaluateSprintReview(config: SprintReviewConfig, facts: CadenceFacts, now: Date): SprintReviewVerdict {
  const none = { lastReview: null, dueAt: null, lapsesAt: null };
  if (config.enforcement === "off")
    return { outcome: "skip", summary: offSummary("cadence.sprint_review.enforcement"), ...none };
  if (!facts.evidence.ok) {
    return {
      outcome: "fail",
      summary: say`Could not check the review cadence: ${facts.evidence.reason}.`,
      ...none,
      unreadable: facts.evidence.reason,
    };
  }
  const every = durationMs(config.every);
  const grace = durationMs(config.grace);
  const lastReview = newest(facts.evidence.value);
  const start = lastReview?.at ?? facts.watchingSince;
  if (!start) {
    return { outcome: "skip", summary: say`No review recorded yet; the cadence starts at the first one.`, ...none };
  }
  const dueAt = new Date(start.getTime() + every);
  const lapsesAt = new Date(dueAt.getTime() + grace);
  const last = lastReview
    ? say`Last review ${describe(lastReview)}`
    : say`No review recorded since Shipshape started watching on ${start}`;
  if (now.getTime() > lapsesAt.getTime()) {
    return {
      outcome: "fail",
      summary: say`${last}; the next was due ${dueAt} and is overdue.`,
      lastReview,
      dueAt,
      lapsesAt,
    };
  }
  return { outcome: "pass", summary: say`${last}; the next is due ${dueAt}.`, lastReview, dueAt, lapsesAt };
}

/**
 * The due date after a lapse issue was closed by hand: the first due date in the cadence after
 * the closing. The lapse is reported again only once that date (plus grace) has passed too.
 */
export function snoozedUntil(config: SprintReviewConfig, verdict: SprintReviewVerdict, closedAt: Date): Date | null {
  if (!verdict.dueAt) return null;
  const every = durationMs(config.every);
  const periods = Math.max(Math.floor((closedAt.getTime() - verdict.dueAt.getTime()) / every) + 1, 1);
  return new Date(verdict.dueAt.getTime() + periods * every + durationMs(config.grace));
}

function newest(evidence: readonly ReviewEvidence[]): ReviewEvidence | null {
  return evidence.reduce<ReviewEvidence | null>((best, item) => (!best || item.at > best.at ? item : best), null);
}

function describe(evidence: ReviewEvidence): Message {
  return say`${evidence.at} (${evidence.kind === "milestone" ? say`milestone closed` : say`review issue`})`;
}

/** A date as people read it in an issue: 2026-11-25. Day granularity keeps bodies stable between sweeps. */
export function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
