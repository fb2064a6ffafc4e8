import { MIN_REASON_LENGTH, type RefusedWaiver, type Waiver } from "../practices/waivers.js";
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

/** Why a waiver command changed nothing. */
export function refusalNote(refused: RefusedWaiver): string {
  const who = userLink(refused.by, refused.url);
  const command = refused.action === "waive" ? "waiver" : "unwaive";
  const where = `The ${command} in ${who}'s ${commentLink(refused.url)} was not accepted:`;
  switch (refused.why.kind) {
    case "permission":
      return `${where} GitHub gives ${who} ${inlineCode(refused.why.role)} on this repository; it takes write, maintain or admin.`;
    case "permission-unknown":
      return `${where} GitHub did not say whether ${who} may (${escapeText(refused.why.reason)}); editing the comment asks again.`;
    case "no-reason":
      return `${where} it needs a reason of at least ${MIN_REASON_LENGTH} characters, as in ${inlineCode("/shipshape waive <practice> <reason>")}.`;
  }
}
