/**
 * Rendering user text (titles, branch and file names, config values) into GitHub markdown safely:
 * no @mention pings, no #reference links, no raw HTML, no broken tables.
 */

const ZERO_WIDTH_SPACE = "\u200b";
const MAX_INLINE_LENGTH = 200;

/**
 * Shows user text as an inline code span. Code spans already keep mentions, references and HTML
 * inert; angle brackets and `@` are still swapped for look-alikes so that no raw tag or mention
 * reaches GitHub at all, whatever later renders or copies the text.
 */
export function inlineCode(text: string): string {
  const flat = truncate(
    text
      .replace(/[\r\n\t]+/g, " ")
      .replace(/`/g, "'")
      .replace(/</g, "‹")
      .replace(/>/g, "›")
      .replace(/@/g, `@${ZERO_WIDTH_SPACE}`),
    MAX_INLINE_LENGTH,
  );
  return `\`${flat.length === 0 ? " " : flat}\``;
}

/** Escapes user text for markdown prose: markdown punctuation, HTML, mentions and references. */
export function escapeText(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, " ")
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (character) => `\\${character}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`);
}

/** Escapes a table cell's markdown: a pipe, even inside a code span, would end the cell. */
export function tableCell(markdown: string): string {
  return markdown.replace(/\r?\n/g, " ").replace(/(?<!\\)\|/g, "\\|");
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
