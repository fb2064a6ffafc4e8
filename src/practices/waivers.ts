/**
 * Waivers: `/shipshape waive <practice> <reason>` in a pull-request comment lets a practice go
 * unmet on that pull request, with the reason on record; `/shipshape unwaive <practice>` takes it
 * back. Comments are the record (who, when, why, a link): nothing is stored elsewhere, so a
 * deleted or edited comment changes the waiver with it. Pure: the comments arrive parsed, and
 * GitHub's answers about permissions are passed in (resolveWaivers says whose it needs).
 *
 * Everything fails closed: the newest command decides, a waive GitHub could not confirm changes
 * nothing while an unwaive it could not confirm still takes the waiver back; a waiver holds for
 * the head commit it was given for, not for what is pushed after it; the pull request's author
 * does not waive their own pull request; only people (`User` accounts) waive.
 */
import type { ParsedCommands, WaiverCommand } from "../markdown/waiver-commands.js";
import type { PracticeResult, PullRequestPractice } from "./types.js";
import type { RefusalReason, RefusedWaiver, StaleWaiver, Waiver } from "./waiver-types.js";

export type { WaiverCommand } from "../markdown/waiver-commands.js";

/** The shortest reason accepted: a reason is what a reviewer reads later, not a formality. */
export const MIN_REASON_LENGTH = 10;
/** Longer reasons are kept, cut for display. */
const MAX_REASON_LENGTH = 300;
/** Notes kept about commands naming no practice or cut from long comments (the check run shows fewer). */
const MAX_NOTES_KEPT = 50;

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
  return Object.hasOwn(PRACTICE_NAMES, name.toLowerCase()) ? PRACTICE_NAMES[name.toLowerCase()] : undefined;
}

/** Whether GitHub says the author may waive: write, maintain or admin on the repository. */
export type WaiverPermission = { ok: true; canWrite: boolean; role: string } | { ok: false; reason: string };

/** A pull-request comment holding waiver commands, as GitHub lists it, with its commands parsed. */
export interface WaiverComment {
  id: number;
  url: string;
  author: string;
  /** The author's account type (`User`, `Bot`, `Organization`; REST `simple-user.type`). */
  authorType: string;
  /**
   * When the comment was written (`created_at`). An edit does not move it: an edited comment's
   * command stays where it was among the others, so editing an old comment re-issues nothing.
   */
  createdAt: string;
  parsed: ParsedCommands;
}

/** What a pull request's waivers are judged against. */
export interface WaiverContext {
  /** The pull request's author, who does not waive their own pull request unless allowed. */
  pullAuthor: string;
  /** The head commit being judged. */
  headSha: string;
  /**
   * Since when `headSha` is the head, as far as GitHub's record shows (the creation of the app's
   * check run on it, or now when there is none yet): a waiver written before was given for an
   * earlier commit.
   */
  headSince: string;
  /** `waivers.keep_on_push`: a waiver holds for commits pushed after it. */
  keepOnPush: boolean;
  /** `waivers.allow_self`: the pull request's author may waive on it. */
  allowSelf: boolean;
}

export type { RefusalReason, RefusedWaiver, StaleWaiver, Waiver } from "./waiver-types.js";

export interface PracticeWaivers {
  /** The waiver in force, if any. */
  waiver?: Waiver;
  /** The newest command that was not accepted (an unwaive not confirmed still took the waiver back). */
  refused?: RefusedWaiver;
  /** The newest waiver, given for an earlier head commit. */
  stale?: StaleWaiver;
}

/** A comment note: a command naming no practice, or commands beyond the first of a comment. */
export type WaiverNote =
  | { kind: "unknown-practice"; by: string; url: string; practice: string }
  | { kind: "too-many-commands"; by: string; url: string; dropped: number };

export interface WaiverState {
  byPractice: Partial<Record<PullRequestPractice, PracticeWaivers>>;
  /** Notes about comments, newest first (at most MAX_NOTES_KEPT), and how many there were. */
  notes: WaiverNote[];
  noteCount: number;
  /** Why the comments could not be read (then no waiver is in force, and the check says so). */
  unreadable?: string;
}

export const NO_WAIVERS: WaiverState = { byPractice: {}, notes: [], noteCount: 0 };

export interface Resolution {
  state: WaiverState;
  /** Authors whose permission would decide a practice: ask GitHub, then resolve again. */
  ask: string[];
}

interface Entry {
  comment: WaiverComment;
  command: WaiverCommand;
}

/**
 * The waivers in force, reading the commands newest first (by creation, then by id, later lines
 * of a comment first): per practice the newest accepted command decides; refused commands newer
 * than it are remembered to be shown. A command whose author's permission is not in
 * `permissions` stops its practice's reading and is returned in `ask`: GitHub is asked only about
 * the authors whose answer decides, newest first.
 */
export function resolveWaivers(
  comments: readonly WaiverComment[],
  context: WaiverContext,
  permissions: ReadonlyMap<string, WaiverPermission>,
): Resolution {
  const state: WaiverState = { byPractice: {}, notes: [], noteCount: 0 };
  const ask = new Set<string>();
  const decided = new Set<PullRequestPractice>();
  const note = (item: WaiverNote) => {
    state.noteCount++;
    if (state.notes.length < MAX_NOTES_KEPT) state.notes.push(item);
  };
  for (const entry of newestFirst(comments, note)) {
    const { comment, command } = entry;
    const practice = practiceNamed(command.practice);
    if (!practice) {
      note({ kind: "unknown-practice", by: comment.author, url: comment.url, practice: command.practice });
      continue;
    }
    if (decided.has(practice)) continue;
    const slot = state.byPractice[practice] ?? {};
    const refuse = (why: RefusalReason) => {
      slot.refused ??= { by: comment.author, url: comment.url, action: command.action, why };
      state.byPractice[practice] = slot;
    };
    const settle = () => {
      decided.add(practice);
      state.byPractice[practice] = slot;
    };
    if (comment.authorType !== "User") {
      refuse({ kind: "not-a-person", type: comment.authorType });
      continue;
    }
    if (command.action === "waive") {
      if (comment.author === context.pullAuthor && !context.allowSelf) {
        refuse({ kind: "self" });
        continue;
      }
      if (command.reason.length < MIN_REASON_LENGTH) {
        refuse({ kind: "no-reason" });
        continue;
      }
    }
    const permission = permissions.get(comment.author);
    if (!permission) {
      // Its answer decides: nothing older is read until it is known.
      ask.add(comment.author);
      decided.add(practice);
      continue;
    }
    if (command.action === "unwaive") {
      if (permission.ok && !permission.canWrite) {
        refuse({ kind: "permission", role: permission.role });
        continue;
      }
      // Confirmed, or not confirmed: either way the waiver is taken back (failing closed).
      if (!permission.ok) refuse({ kind: "permission-unknown", reason: permission.reason });
      settle();
      continue;
    }
    if (!permission.ok) {
      refuse({ kind: "permission-unknown", reason: permission.reason });
      continue;
    }
    if (!permission.canWrite) {
      refuse({ kind: "permission", role: permission.role });
      continue;
    }
    if (!context.keepOnPush && comment.createdAt < context.headSince) {
      // Given for an earlier commit; older waivers were too.
      slot.stale = { by: comment.author, url: comment.url, headSha: context.headSha };
      settle();
      continue;
    }
    slot.waiver = {
      by: comment.author,
      reason: command.reason.slice(0, MAX_REASON_LENGTH),
      url: comment.url,
      at: comment.createdAt,
    };
    settle();
  }
  return { state, ask: [...ask] };
}

/** The commands newest first; a comment's commands beyond the first few are noted once. */
function* newestFirst(comments: readonly WaiverComment[], note: (item: WaiverNote) => void): Generator<Entry> {
  const ordered = [...comments].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
  for (const comment of ordered) {
    if (comment.parsed.dropped > 0)
      note({ kind: "too-many-commands", by: comment.author, url: comment.url, dropped: comment.parsed.dropped });
    for (let index = comment.parsed.commands.length - 1; index >= 0; index--) {
      yield { comment, command: comment.parsed.commands[index] as WaiverCommand };
    }
  }
}

/**
 * A waived practice that fails is `waived` (it no longer fails the check); one that is met or does
 * not apply keeps its outcome, the waiver being moot. Refusals and stale waivers are attached for
 * the row to explain.
 */
export function applyWaivers(results: readonly PracticeResult[], state: WaiverState): PracticeResult[] {
  return results.map((result) => {
    const entry = state.byPractice[result.practice];
    if (!entry) return result;
    const withNotes: PracticeResult = {
      ...result,
      ...(entry.refused ? { waiverRefused: entry.refused } : {}),
      ...(entry.stale ? { waiverStale: entry.stale } : {}),
    };
    if (!entry.waiver) return withNotes;
    return {
      ...withNotes,
      waiver: entry.waiver,
      ...(result.outcome === "fail" ? { outcome: "waived" as const } : {}),
    };
  });
}
