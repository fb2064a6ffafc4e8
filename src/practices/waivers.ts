/**
 * Waivers: `/shipshape waive <practice> <reason>` in a pull-request comment lets a practice go
 * unmet on that pull request, with the reason on record; `/shipshape unwaive <practice>` takes it
 * back. Comments are the record (who, when, why, a link): nothing is stored elsewhere, so a
 * deleted or edited comment changes the waiver with it. Pure: GitHub is asked about permissions
 * before this runs.
 */
import type { PracticeResult, PullRequestPractice } from "./types.js";

/** The shortest reason accepted: a reason is what a reviewer reads later, not a formality. */
export const MIN_REASON_LENGTH = 10;
/** Longer reasons are kept, cut for display. */
const MAX_REASON_LENGTH = 300;

export interface WaiverCommand {
  action: "waive" | "unwaive";
  /** The practice as written (validated later, so that a typo can be explained). */
  practice: string;
  reason: string;
}

/**
 * `/shipshape waive|unwaive …` lines of a comment. A command starts its line; lines inside fenced
 * code blocks and quoted lines (a reply quoting someone's command) are not commands. Linear in the
 * comment's length.
 */
export function parseWaiverCommands(body: string): WaiverCommand[] {
  const commands: WaiverCommand[] = [];
  let fence: string | null = null;
  for (const line of body.split(/\r?\n/)) {
    const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fenceMark) {
      if (fence === null) fence = fenceMark[0] as string;
      else if (fenceMark[0] === fence) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const match = /^\s{0,3}\/shipshape\s+(waive|unwaive)\b[ \t]*(\S*)[ \t]*(.*)$/i.exec(line);
    if (!match) continue;
    commands.push({
      action: (match[1] as string).toLowerCase() as WaiverCommand["action"],
      practice: match[2] ?? "",
      reason: (match[3] ?? "").trim(),
    });
  }
  return commands;
}

/** Whether a comment body holds a waiver command at all (cheap pre-filter for comment webhooks). */
export function mentionsWaiver(body: string | null | undefined): boolean {
  return !!body && /\/shipshape\s+(?:waive|unwaive)\b/i.test(body);
}

const PRACTICE_NAMES: Record<string, PullRequestPractice> = {
  test: "tests",
  tests: "tests",
  staging: "staging",
  rollback: "rollback",
  requirement: "requirements",
  requirements: "requirements",
  dependency: "dependencies",
  dependencies: "dependencies",
};

function practiceNamed(name: string): PullRequestPractice | undefined {
  return PRACTICE_NAMES[name.toLowerCase()];
}

/** Whether GitHub says the author may waive: write, maintain or admin on the repository. */
export type WaiverPermission = { ok: true; canWrite: boolean; role: string } | { ok: false; reason: string };

/** A pull-request comment holding waiver commands, with its author's permission as GitHub gave it. */
export interface WaiverComment {
  id: number;
  url: string;
  author: string;
  /** When the comment was last written (an edit counts from its edit). */
  at: string;
  body: string;
  permission: WaiverPermission;
}

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
  | { kind: "no-reason" };

export interface RefusedWaiver {
  by: string;
  url: string;
  action: WaiverCommand["action"];
  why: RefusalReason;
}

export interface PracticeWaivers {
  /** The waiver in force, if any. */
  waiver?: Waiver;
  /** The newest command after it that was not accepted. */
  refused?: RefusedWaiver;
}

export interface WaiverState {
  byPractice: Partial<Record<PullRequestPractice, PracticeWaivers>>;
  /** Commands naming no practice, to say which names exist. */
  unknownPractices: { by: string; url: string; practice: string }[];
  /** Why the comments could not be read (then no waiver is in force, and the check says so). */
  unreadable?: string;
}

export const NO_WAIVERS: WaiverState = { byPractice: {}, unknownPractices: [] };

/**
 * Replays the comments' commands oldest first: per practice, the last accepted command decides
 * (waive or unwaive); a refused command leaves the state as it was and is remembered to be shown.
 */
export function resolveWaivers(comments: readonly WaiverComment[]): WaiverState {
  const state: WaiverState = { byPractice: {}, unknownPractices: [] };
  const ordered = [...comments].sort((a, b) => a.at.localeCompare(b.at) || a.id - b.id);
  for (const comment of ordered) {
    for (const command of parseWaiverCommands(comment.body)) {
      const practice = practiceNamed(command.practice);
      if (!practice) {
        state.unknownPractices.push({ by: comment.author, url: comment.url, practice: command.practice });
        continue;
      }
      const entry = state.byPractice[practice] ?? {};
      state.byPractice[practice] = entry;
      const why = refusal(comment, command);
      if (why) {
        entry.refused = { by: comment.author, url: comment.url, action: command.action, why };
        continue;
      }
      delete entry.refused;
      if (command.action === "unwaive") delete entry.waiver;
      else
        entry.waiver = {
          by: comment.author,
          reason: command.reason.slice(0, MAX_REASON_LENGTH),
          url: comment.url,
          at: comment.at,
        };
    }
  }
  return state;
}

function refusal(comment: WaiverComment, command: WaiverCommand): RefusalReason | null {
  if (!comment.permission.ok) return { kind: "permission-unknown", reason: comment.permission.reason };
  if (!comment.permission.canWrite) return { kind: "permission", role: comment.permission.role };
  if (command.action === "waive" && command.reason.length < MIN_REASON_LENGTH) return { kind: "no-reason" };
  return null;
}

/**
 * A waived practice that fails is `waived` (it no longer fails the check); one that is met or does
 * not apply keeps its outcome, the waiver being moot. Refusals are attached for the row to explain.
 */
export function applyWaivers(results: readonly PracticeResult[], state: WaiverState): PracticeResult[] {
  return results.map((result) => {
    const entry = state.byPractice[result.practice];
    if (!entry) return result;
    const withRefusal = entry.refused ? { ...result, waiverRefused: entry.refused } : result;
    if (!entry.waiver) return withRefusal;
    return {
      ...withRefusal,
      waiver: entry.waiver,
      ...(result.outcome === "fail" ? { outcome: "waived" as const } : {}),
    };
  });
}
