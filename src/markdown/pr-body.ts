import { LRUCache } from "lru-cache";
import type { Heading, Nodes, Root, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { toString as nodeText } from "mdast-util-to-string";
import { gfm } from "micromark-extension-gfm";

/** GitHub caps PR bodies at 65,536 characters; anything past a generous bound is not parsed. */
const MAX_BODY_LENGTH = 262_144;

const syntax = { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] };
/** Three practices read the same body in one evaluation: parse it once (trees are only read). */
const parsedBodies = new LRUCache<string, Root>({ max: 64 });

/** A PR body parsed as GitHub-flavoured markdown (task lists, tables, autolinks). */
export function parseBody(body: string): Root {
  const text = body.slice(0, MAX_BODY_LENGTH);
  let root = parsedBodies.get(text);
  if (!root) {
    root = fromMarkdown(text, syntax);
    parsedBodies.set(text, root);
  }
  return root;
}

/**
 * The content under the first heading whose text starts with `heading` (any level,
 * case-insensitive, so "## Rollback plan:" counts for "Rollback"), up to the next heading of the
 * same or a higher level. Null when there is no such heading.
 */
export function findSection(root: Root, heading: string): RootContent[] | null {
  const wanted = normalize(heading);
  const start = root.children.findIndex(
    (node) => node.type === "heading" && normalize(nodeText(node)).startsWith(wanted),
  );
  if (start === -1) return null;
  const depth = (root.children[start] as Heading).depth;
  const section: RootContent[] = [];
  for (const node of root.children.slice(start + 1)) {
    if (node.type === "heading" && node.depth <= depth) break;
    section.push(node);
  }
  return section;
}

// What PR templates leave behind when the author writes nothing: "N/A", "TBD", "<describe>", "[link]", "...".
const PLACEHOLDER =
  /^(?:n\/?a|none|nothing|tbd|tba|todo|wip|-+|\.+|…|x+|\?+|same as above|not applicable|to be (?:defined|determined|done)|fill (?:me |this )?in|describe .*|add .* here|\[[^\]]*\]|<[^>]*>|\{[^}]*\})$/i;

/**
 * The text an author actually wrote in a section: HTML comments, unchecked task-list boxes and
 * placeholder lines left from a template are removed.
 */
export function authoredText(nodes: readonly RootContent[]): string {
  const lines: string[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === "html") return;
    if (node.type === "listItem" && node.checked === false) return;
    if (node.type === "heading") return;
    if (node.type === "paragraph" || node.type === "code" || node.type === "tableCell") {
      for (const line of nodeText(node).split("\n")) {
        const trimmed = line.trim();
        if (trimmed && !PLACEHOLDER.test(trimmed)) lines.push(trimmed);
      }
      return;
    }
    if ("children" in node) for (const child of node.children) visit(child);
  };
  for (const node of nodes) visit(node);
  return lines.join("\n");
}

/** Prose the author wrote, without code or HTML, where issue references and tracker keys are looked for. */
export function referenceText(root: Root): string {
  const parts: string[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === "code" || node.type === "inlineCode" || node.type === "html") return;
    if (node.type === "link") parts.push(node.url);
    if (node.type === "text") parts.push(node.value);
    if ("children" in node) for (const child of node.children) visit(child);
  };
  visit(root);
  return parts.join(" ");
}

function normalize(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, " ");
}
