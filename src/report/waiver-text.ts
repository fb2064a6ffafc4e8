import { PULL_REQUEST_PRACTICES } from "../practices/types.js";
import {
  MIN_REASON_LENGTH,
  type RefusedWaiver,
  type StaleWaiver,
  type Waiver,
  type WaiverNote,
  type WaiverState,
} from "../practices/waivers.js";
import { escapeText, inlineCode } from "./escape.js";

/** GitHub's login syntax: letters, digits and single hyphens, up to 39 characters. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** A link GitHub gave (a comment's html_url): nothing that could end the markdown link early. */
const SAFE_URL = /^https?:\/\/[^\s()<>[\]"'`\\]+$/;

/**
 * `@login` as a link to the profile: it reads as a mention but is not one (GitHub does not turn
 * text inside a link into a mention), so a status issue updated every sweep pings nobody. Bots and
 * anything that is not a plain login are shown as code.
 */
export function userLink(login: string, nearUrl: string): string {
  if (!LOGIN.test(login) || !SAFE_URL.test(nearUrl)) return inlineCode(login);
  return `[@${login}](${new URL(nearUrl).origin}/${login})`;
}

/** A link to the comment that holds a command, when GitHub gave a usable address. */
export function commentLink(url: string, text = "comment"): string {
  return SAFE_URL.test(url) ? `[${text}](${url})` : text;
}

/** "Waived by @alice: reason (comment). Without the waiver: …" */
export function waivedSummary(waiver: Waiver, verdict: string): string {
  return `Waived by ${userLink(waiver.by, waiver.url)}: ${escapeText(waiver.reason)} (${commentLink(waiver.url)}). Without the waiver: ${verdict}`;
}

/** A waiver that stands on a practice that is met or does not apply. */
export function waiverNote(waiver: Waiver): string {
  return `Waived by ${userLink(waiver.by, waiver.url)} (${commentLink(waiver.url)}), not needed while the practice is met.`;
}

/** Why a waiver command changed nothing (or, for an unwaive GitHub did not confirm, what it did). */
export function refusalNote(refused: RefusedWaiver): string {
  const who = userLink(refused.by, refused.url);
  const command = refused.action === "waive" ? "waiver" : "unwaive";
  const where = `The ${command} in ${who}'s ${commentLink(refused.url)} was not accepted:`;
  switch (refused.why.kind) {
    case "permission":
      return `${where} GitHub gives ${who} ${inlineCode(refused.why.role)} on this repository; it takes write, maintain or admin.`;
    case "permission-unknown":
      return refused.action === "unwaive"
        ? `The unwaive in ${who}'s ${commentLink(refused.url)} took the waiver back, although GitHub did not say whether ${who} may (${escapeText(refused.why.reason)}): an unconfirmed unwaive still counts.`
        : `${where} GitHub did not say whether ${who} may (${escapeText(refused.why.reason)}); editing the comment asks again.`;
    case "no-reason":
      return `${where} it needs a reason of at least ${MIN_REASON_LENGTH} characters, as in ${inlineCode("/shipshape waive <practice> <reason>")}.`;
    case "self":
      return `${where} ${who} opened this pull request, and an author does not waive their own (set ${inlineCode("waivers.allow_self: true")} in ${inlineCode(".github/shipshape.yml")} to allow it).`;
    case "not-a-person":
      return `${where} only people waive, and ${who} is a ${inlineCode(refused.why.type)} account.`;
    default:
      return where;
  }
}

/** A waiver given before the newest commits: "waived before abc1234; new commits since". */
export function staleNote(stale: StaleWaiver): string {
  return `Waived by ${userLink(stale.by, stale.url)} (${commentLink(stale.url)}) before ${inlineCode(stale.headSha.slice(0, 7))}; new commits since, so the waiver no longer holds: waive again for this commit (or set ${inlineCode("waivers.keep_on_push: true")}).`;
}

/** The check run's notes about waiver comments shown at most; the rest are counted. */
export const MAX_WAIVER_NOTES = 10;

/** The notes about waiver comments: at most MAX_WAIVER_NOTES, then "and N more". */
export function waiverNotes(state: WaiverState): string[] {
  const shown = state.notes.slice(0, MAX_WAIVER_NOTES).map(noteText);
  const more = state.noteCount - shown.length;
  if (more > 0) shown.push(`… and ${more} more ${more === 1 ? "note" : "notes"} about waiver commands.`);
  return shown;
}

function noteText(note: WaiverNote): string {
  if (note.kind === "unknown-practice")
    return `A waiver command names no practice (${inlineCode(note.practice || "nothing")}): use one of ${PULL_REQUEST_PRACTICES.map(inlineCode).join(", ")}.`;
  return `${userLink(note.by, note.url)}'s ${commentLink(note.url)} holds more waiver commands than the first 5 that count: ${note.dropped} more were not read.`;
}
