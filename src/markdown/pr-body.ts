import { LRUCache } from "lru-cache";
import type { Nodes, Root, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

/** GitHub caps PR bodies at 65,536 characters; nothing past that is parsed. */
export const MAX_BODY_LENGTH = 65_536;
/**
 * Block containers (quotes, list items) nested deeper than this are flattened before parsing: no
 * description needs 16 levels, and `>>>>…` or `- - - …` thousands deep cost the parser seconds and
 * its stack.
 */
export const MAX_NESTING = 16;
const CONTAINER_MARKER = /^[ \t]{0,3}(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?/;

const syntax = { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] };
/** Three practices read the same body in one evaluation: parse it once (trees are only read). */
const parsedBodies = new LRUCache<string, Root>({ max: 64 });

/** A PR body parsed as GitHub-flavoured markdown (task lists, tables, autolinks). */
export function parseBody(body: string): Root {
  const text = flattenDeepNesting(body.slice(0, MAX_BODY_LENGTH));
  let root = parsedBodies.get(text);
  if (!root) {
    root = fromMarkdown(text, syntax);
    parsedBodies.set(text, root);
  }
  return root;
}

/**
 * Delimiters a markdown parser pairs up, with how many a description may hold before it is not
 * analysed at all: a description meant for people has a few hundred at most, and tens of
 * thousands (`_*_*_*…`) make any CommonMark parser try pairings for minutes. Tildes: the
 * strikethrough extension pairs `~~` runs by scanning back over every earlier one (quadratic in
 * their number), and a few thousand nested ones take minutes.
 */
const DELIMITER_LIMITS: readonly { characters: string; what: string; max: number }[] = [
  { characters: "*_", what: "emphasis markers (asterisks and underscores)", max: 10_000 },
  { characters: "[]", what: "brackets", max: 10_000 },
  { characters: "`", what: "backticks", max: 10_000 },
  { characters: "<", what: "angle brackets", max: 10_000 },
  { characters: "~", what: "tildes", max: 2_000 },
];

/**
 * Lines of a kind, with how many a description may hold: the parser's cost per line of these
 * grows with what is open around it (every open list item, quote and table is checked again on
 * each line), so thousands of them cost seconds; a description written for people has far fewer.
 */
const LINE_LIMITS: readonly { what: string; max: number; count: (line: string) => number }[] = [
  { what: "headings", max: 2_000, count: (line) => (/^ {0,3}#/.test(line) ? 1 : 0) },
  { what: "table rows (lines with a `|`)", max: 2_000, count: (line) => (line.includes("|") ? 1 : 0) },
  { what: "list items and quotes (counting each level of nesting)", max: 4_000, count: containerMarkers },
];

/** Why a description is too costly to analyse, in one linear pass per limit; undefined when it is fine. */
export function tooCostlyToParse(body: string): string | undefined {
  const text = body.slice(0, MAX_BODY_LENGTH);
  for (const limit of DELIMITER_LIMITS) {
    let found = 0;
    for (let index = 0; index < text.length; index++) if (limit.characters.includes(text[index] as string)) found++;
    if (found > limit.max) return refusal(found, limit.what, limit.max);
  }
  const lines = text.split("\n");
  for (const limit of LINE_LIMITS) {
    let found = 0;
    for (const line of lines) found += limit.count(line);
    if (found > limit.max) return refusal(found, limit.what, limit.max);
  }
  return undefined;
}

function refusal(found: number, what: string, max: number): string {
  return `the description has ${found.toLocaleString("en-US")} ${what}; Shipshape analyses descriptions with at most ${max.toLocaleString("en-US")}`;
}

/** The container markers (`>`, `-`, `1.`) a line opens with, up to MAX_NESTING + 1 (linear). */
function containerMarkers(line: string): number {
  let rest = line;
  for (let depth = 0; depth <= MAX_NESTING; depth++) {
    const marker = CONTAINER_MARKER.exec(rest)?.[0];
    if (!marker) return depth;
    rest = rest.slice(marker.length);
  }
  return MAX_NESTING + 1;
}

/** Drops the container markers of each line beyond MAX_NESTING (linear in the line's length). */
export function flattenDeepNesting(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      let kept = "";
      let rest = line;
      for (let depth = 0; ; depth++) {
        const marker = CONTAINER_MARKER.exec(rest)?.[0];
        if (!marker) return kept + rest;
        if (depth < MAX_NESTING) kept += marker;
        rest = rest.slice(marker.length);
      }
    })
    .join("\n");
}

/**
 * The content of the first section whose heading names `heading`, up to the next heading of the
 * same or a higher level; null when there is none. A heading is a markdown heading of any level,
 * an HTML heading (`<h2>`), or the `<summary>` of a `<details>` block (the section then ends at
 * `</details>`). It names `heading` when its words contain the heading's words, whatever comes
 * around them: "🔙 2. Rollback plan", "Roll back", "Risks & rollback" do for "Rollback";
 * "Rollbacks are hard" does not (see headingNames).
 */
export function findSection(root: Root, heading: string): RootContent[] | null {
  const nodes = root.children;
  for (let start = 0; start < nodes.length; start++) {
    const opener = sectionOpener(nodes[start] as RootContent, heading);
    if (!opener) continue;
    const section: RootContent[] = [];
    for (const node of nodes.slice(start + 1)) {
      if (opener.endsAt(node)) break;
      section.push(node);
    }
    return section;
  }
  return null;
}

interface SectionOpener {
  endsAt: (node: RootContent) => boolean;
}

const HTML_HEADING = /^\s*<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>\s*$/i;

function sectionOpener(node: RootContent, heading: string): SectionOpener | null {
  const endsAtDepth = (depth: number) => (next: RootContent) =>
    (next.type === "heading" && next.depth <= depth) || (htmlHeadingDepth(next) ?? 7) <= depth;
  if (node.type === "heading" && headingNames(textOf(node), heading)) return { endsAt: endsAtDepth(node.depth) };
  if (node.type !== "html") return null;
  const html = HTML_HEADING.exec(node.value);
  if (html && headingNames(stripTags(html[2] ?? ""), heading)) return { endsAt: endsAtDepth(Number(html[1])) };
  const summary = detailsSummary(node.value);
  if (summary !== null && headingNames(stripTags(summary), heading)) {
    return { endsAt: (next) => next.type === "html" && /<\/details>/i.test(next.value) };
  }
  return null;
}

function htmlHeadingDepth(node: RootContent): number | undefined {
  if (node.type !== "html") return undefined;
  const match = HTML_HEADING.exec(node.value);
  return match ? Number(match[1]) : undefined;
}

/**
 * The inner HTML of the first `<summary>…</summary>` after a `<details …>` opening tag; null when
 * there is none. One forward pass with indexOf from where the last search ended (a regular
 * expression with lazy groups re-scanned the rest of the block from every unclosed `<summary`
 * or `<details`: thousands of them took minutes).
 */
export function detailsSummary(html: string): string | null {
  // ASCII only, so that indices stay those of `html` (some letters change length when lower-cased).
  const lower = html.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  const details = openingTag(lower, "details", 0);
  if (details === null) return null;
  const summary = openingTag(lower, "summary", details);
  if (summary === null) return null;
  const close = lower.indexOf("</summary>", summary);
  return close === -1 ? null : html.slice(summary, close);
}

/** Where the first opening tag `<name …>` from `from` ends (after its `>`), or null (linear). */
function openingTag(lower: string, name: string, from: number): number | null {
  for (let at = lower.indexOf(`<${name}`, from); at !== -1; at = lower.indexOf(`<${name}`, at + 1)) {
    const after = lower[at + name.length + 1];
    // `\b` as the regular expression had it: `<detailsx` is another tag.
    if (after !== undefined && /[a-z0-9_]/.test(after)) continue;
    const end = lower.indexOf(">", at);
    // No `>` after this one means none after any later one either.
    return end === -1 ? null : end + 1;
  }
  return null;
}

/** HTML without its tags (each replaced by a space), in one pass: an unclosed `<` keeps the rest. */
function stripTags(html: string): string {
  let text = "";
  let at = 0;
  for (;;) {
    const open = html.indexOf("<", at);
    if (open === -1) return text + html.slice(at);
    const close = html.indexOf(">", open);
    if (close === -1) return text + html.slice(at);
    text += `${html.slice(at, open)} `;
    at = close + 1;
  }
}

/** At most this many words besides the heading's own: "Rollback plan and risks" is a heading, a sentence is not. */
const MAX_EXTRA_HEADING_WORDS = 4;

/**
 * Whether a heading's text names the configured heading: its words, lower-cased, without emoji,
 * numbering and punctuation ("roll back" and "roll-back" read as "rollback"), contain the
 * configured heading's words in a row, singular forms allowed ("Dependency" for "Dependencies").
 */
export function headingNames(text: string, heading: string): boolean {
  const words = headingWords(text);
  const wanted = headingWords(heading);
  if (wanted.length === 0 || words.length > wanted.length + MAX_EXTRA_HEADING_WORDS) return false;
  return words.some((_, start) =>
    wanted.every((word, offset) => wordForms(word).includes(words[start + offset] ?? "")),
  );
}

function headingWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/\broll[\s-]+back\b/g, "rollback")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0 && !/^\d+$/.test(word));
}

function wordForms(word: string): string[] {
  if (word.endsWith("ies")) return [word, `${word.slice(0, -3)}y`];
  if (word.endsWith("s") && !word.endsWith("ss")) return [word, word.slice(0, -1)];
  return [word];
}

// What PR templates leave behind when the author writes nothing: "N/A", "TBD", "<describe>", "[link]", "...".
const PLACEHOLDER =
  /^(?:n\/?a|none|nothing|tbd|tba|todo|wip|-+|\.+|…|x+|\?+|same as above|not applicable|to be (?:defined|determined|done)|fill (?:me |this )?in|describe .*|add .* here|\[[^\]]*\]|<[^>]*>|\{[^}]*\})$/i;

/**
 * The text an author actually wrote in a section, one line per entry: HTML (comments, tags,
 * `<sha>`-style placeholders), unchecked task-list boxes, italic-only guidance, prompts (a line
 * that asks a question), placeholder lines and every line of the repository's pull-request
 * template are removed. Code blocks count: rollback commands are a plan.
 */
export function authoredLines(nodes: readonly RootContent[], template: TemplateText = NO_TEMPLATE): string[] {
  const lines: string[] = [];
  const keep = (text: string, isCode: boolean) => {
    for (const line of text.split("\n")) {
      const trimmed = line.trim();
      if (!trimmed || PLACEHOLDER.test(trimmed) || template.has(trimmed)) continue;
      if (!isCode && trimmed.endsWith("?")) continue;
      lines.push(trimmed);
    }
  };
  // Depth first, in document order, with a stack of its own: a tree thousands of levels deep
  // (nested strikethrough, quotes) would overflow the call stack of a recursive walk.
  const pending: Nodes[] = [...nodes].reverse();
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.type === "html" || node.type === "heading") continue;
    if (node.type === "listItem" && node.checked === false) continue;
    if (node.type === "code") {
      keep(node.value, true);
      continue;
    }
    if (node.type === "paragraph" || node.type === "tableCell") {
      if (!isGuidance(node)) keep(proseText(node), false);
      continue;
    }
    if ("children" in node) pushChildren(pending, node.children);
  }
  return lines;
}

/** The authored text of a section as one string (see authoredLines). */
export function authoredText(nodes: readonly RootContent[], template: TemplateText = NO_TEMPLATE): string {
  return authoredLines(nodes, template).join("\n");
}

/** A paragraph of italic text only: template guidance ("_Describe how to undo this._"). */
function isGuidance(node: Nodes): boolean {
  if (!("children" in node)) return false;
  const meaningful = node.children.filter((child) => !(child.type === "text" && child.value.trim() === ""));
  return meaningful.length > 0 && meaningful.every((child) => child.type === "emphasis");
}

/** A node's text without inline HTML (`<sha>` placeholders, tags). */
function proseText(node: Nodes): string {
  return textOf(node, (each) => {
    if (each.type === "html") return "";
    if (each.type === "break") return "\n";
    return undefined;
  });
}

/**
 * A node's text: its descendants' values in document order (an image's alt text, as
 * mdast-util-to-string gives it), each node first offered to `own`, whose answer (when not
 * undefined) replaces the node's text. Iterative: no depth of nesting can overflow the stack.
 */
export function textOf(root: Nodes, own: (node: Nodes) => string | undefined = () => undefined): string {
  const parts: string[] = [];
  const pending: Nodes[] = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    const replaced = own(node);
    if (replaced !== undefined) parts.push(replaced);
    else if ("value" in node && typeof node.value === "string") parts.push(node.value);
    else if (node.type === "image") parts.push(node.alt ?? "");
    else if ("children" in node) pushChildren(pending, node.children);
  }
  return parts.join("");
}

/** Pushes children so that popping takes them in document order. */
function pushChildren(pending: Nodes[], children: readonly Nodes[]): void {
  for (let index = children.length - 1; index >= 0; index--) pending.push(children[index] as Nodes);
}

/** The lines of a repository's pull-request templates, to tell what an author left unchanged. */
export interface TemplateText {
  has(line: string): boolean;
}

const NO_TEMPLATE: TemplateText = { has: () => false };

/** Every authored-looking line of the templates, compared case- and space-insensitively. */
export function templateText(templates: readonly string[]): TemplateText {
  const normalize = (line: string) => line.trim().toLowerCase().replace(/\s+/g, " ");
  const lines = new Set<string>();
  for (const template of templates) {
    for (const line of authoredLines(parseBody(template).children)) lines.add(normalize(line));
  }
  return { has: (line) => lines.has(normalize(line)) };
}

/** Prose the author wrote, without code or HTML, where issue references and tracker keys are looked for. */
export function referenceText(root: Root): string {
  const parts: string[] = [];
  const pending: Nodes[] = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.type === "code" || node.type === "inlineCode" || node.type === "html") continue;
    // An anchor link ([x](#12)) points into the page, not at issue 12.
    if (node.type === "link" && !node.url.startsWith("#")) parts.push(node.url);
    if (node.type === "text") parts.push(node.value);
    if ("children" in node) pushChildren(pending, node.children);
  }
  return parts.join(" ");
}
