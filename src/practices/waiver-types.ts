import type { WaiverCommand } from "../markdown/waiver-commands.js";

/**
 * What a practice's verdict says of waivers: the one in force, a command that was not accepted, or
 * one given for an earlier head commit. Apart from waivers.ts (which judges comments into these),
 * so that the verdict types need nothing of that judgement.
 */
export interface Waiver {
  by: string;
  reason: string;
  url: string;
  at: string;
}

/** Why a command was not accepted; the practice's row says it, nothing else changes. */
export type RefusalReason =
  | { kind: "permission"; role: string }
  | { kind: "permission-unknown"; reason: string }
  | { kind: "no-reason" }
  | { kind: "self" }
  | { kind: "not-a-person"; type: string };

export interface RefusedWaiver {
  by: string;
  url: string;
  action: WaiverCommand["action"];
  why: RefusalReason;
}

/** A waiver given before the head commit was pushed: it does not hold for the new commits. */
export interface StaleWaiver {
  by: string;
  url: string;
  /** The head commit it would now have to be given for. */
  headSha: string;
}
