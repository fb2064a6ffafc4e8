import type { Message } from "../practices/message.js";

/**
 * Rendering user text (titles, branch and file names, config values) into GitHub markdown safely:
 * no @mention pings, no #reference links, no raw HTML, no broken tables.
 */

const ZERO_WIDTH_SPACE = "\u200b";
/**
 * Bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C) reorder what a reader
 * sees ("Trojan Source"): removed from every user text before it is written anywhere.
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** User text without bidirectional controls. */
export function withoutBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, "");
}
const MAX_INLINE_LENGTH = 200;

/**
 * Shows user text as an inline code span. Code spans already keep mentions, references and HTML
 * inert; angle brackets and `@` are still swapped for look-alikes so that no raw tag or mention
 * reaches GitHub at all, whatever later renders or copies the text.
 */
export function inlineCode(text: string): string {
  const flat = truncate(
    withoutBidi(text)
      .replace(/[\r\n\t]+/g, " ")
      .replace(/`/g, "'")
      .replace(/</g, "‹")
      .replace(/>/g, "›")
      .replace(/@/g, `@${ZERO_WIDTH_SPACE}`),
    MAX_INLINE_LENGTH,
  );
  return `\`${flat.length === 0 ? " " : flat}\``;
}

/**
 * Escapes user text for markdown prose, on one line: the punctuation that opens markup anywhere
 * (emphasis, code, links and images, references, tables, strikethrough), HTML, mentions, and at
 * the start what would begin a list, a heading or a quote. Parentheses and dots stay as they are:
 * with brackets escaped they link nothing, and text such as "(GitHub answered 502)" stays legible.
 */
export function escapeText(text: string): string {
  return withoutBidi(text)
    .replace(/[\r\n\t]+/g, " ")
    .replace(/[\\`*_[\]#!|~]/g, (character) => `\\${character}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/^(\s*)([-+=]|\d+(?=[.)]))/, (_match, space: string, opener: string) =>
      /\d/.test(opener) ? `${space}${opener}\\` : `${space}\\${opener}`,
    );
}

/** Escapes a table cell's markdown: a pipe, even inside a code span, would end the cell. */
export function tableCell(markdown: string): string {
  return markdown.replace(/\r?\n/g, " ").replace(/(?<!\\)\|/g, "\\|");
}

/** Cuts text to `max` UTF-16 units, never inside a surrogate pair, marking the cut with "…". */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * Cuts text to at most `maxBytes` bytes of UTF-8, at a character boundary, marking the cut with
 * "…" (3 bytes). GitHub measures check-run summaries and texts in bytes, not characters.
 */
export function truncateBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return text;
  const bytes = Buffer.from(text, "utf8");
  let end = maxBytes - 3;
  // Step back over UTF-8 continuation bytes (10xxxxxx) to the start of a character.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return `${bytes.subarray(0, end).toString("utf8")}…`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * A practice's message as GitHub markdown: Shipshape's own words as they are, quoted values as
 * inline code, foreign text (GitHub's reasons) escaped as prose. The one place messages become
 * markdown.
 */
export function renderMessage(message: Message): string {
  return message
    .map((part) => (typeof part === "string" ? part : "quote" in part ? inlineCode(part.quote) : escapeText(part.text)))
    .join("");
}
