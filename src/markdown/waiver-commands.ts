import type { PhrasingContent, Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { flattenDeepNesting } from "./pr-body.js";

/** GitHub caps comment bodies at 65,536 characters; nothing past that is parsed. */
export const MAX_COMMENT_LENGTH = 65_536;
/** Commands read from one comment; the rest are counted, not read (a comment is one decision). */
export const MAX_COMMANDS_PER_COMMENT = 5;
/**
 * Lines that look like commands parsed per comment: the text after them is not parsed, only
 * counted, so a comment of thousands of command lines costs what twenty do. The line after the
 * last one is kept: it may turn the paragraph into a heading (`===`) or a table (`| --- |`).
 */
const MAX_CANDIDATE_LINES = 20;
const CANDIDATE = /\/shipshape[ \t]+(?:waive|unwaive)\b/i;

export interface WaiverCommand {
  action: "waive" | "unwaive";
  /** The practice as written (validated later, so that a typo can be explained). */
  practice: string;
  reason: string;
}

/** A comment's commands (the first MAX_COMMANDS_PER_COMMENT), and how many more it held. */
export interface ParsedCommands {
  commands: WaiverCommand[];
  dropped: number;
}

const syntax = { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] };
const COMMAND = /^\/shipshape[ \t]+(waive|unwaive)\b[ \t]*(\S*)[ \t]*(.*)$/i;

/**
 * The `/shipshape waive|unwaive …` commands of a comment, as GitHub renders it: only a line of a
 * top-level paragraph is a command. Text GitHub does not show as such is not: HTML comments and
 * other HTML, fenced and indented code, inline code, quotes, lists, tables, and anything between
 * `<details>` and `</details>` (collapsed, so a reader may never see it). Parsed with the same
 * GitHub-flavoured markdown parser as descriptions (linear; containers nested deeper than
 * MAX_NESTING flattened first).
 */
export function parseWaiverCommands(body: string): ParsedCommands {
  const { text, beyond } = cutAfterCandidates(body.slice(0, MAX_COMMENT_LENGTH));
  const root: Root = fromMarkdown(flattenDeepNesting(text), syntax);
  const commands: WaiverCommand[] = [];
  let found = 0;
  let details = 0;
  for (const node of root.children) {
    if (node.type === "html") {
      // An HTML block may open or close a `<details>` (each counted: `<details>` nests).
      details += count(node.value, /<details[\s>]/gi) - count(node.value, /<\/details\s*>/gi);
      if (details < 0) details = 0;
      continue;
    }
    if (node.type !== "paragraph" || details > 0) continue;
    for (const line of lineTexts(node.children)) {
      const match = COMMAND.exec(line);
      if (!match) continue;
      found++;
      if (commands.length >= MAX_COMMANDS_PER_COMMENT) continue;
      commands.push({
        action: (match[1] as string).toLowerCase() as WaiverCommand["action"],
        practice: match[2] ?? "",
        reason: (match[3] ?? "").trim(),
      });
    }
  }
  return { commands, dropped: found - commands.length + beyond };
}

/** The text up to the line after the MAX_CANDIDATE_LINES-th command-like line, and how many follow. */
function cutAfterCandidates(body: string): { text: string; beyond: number } {
  const lines = body.split("\n");
  let seen = 0;
  let cut = lines.length;
  let beyond = 0;
  for (let index = 0; index < lines.length; index++) {
    if (!CANDIDATE.test(lines[index] as string)) continue;
    seen++;
    if (seen === MAX_CANDIDATE_LINES) cut = index + 2;
    else if (seen > MAX_CANDIDATE_LINES && index >= cut) beyond++;
  }
  return { text: cut < lines.length ? lines.slice(0, cut).join("\n") : body, beyond };
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/**
 * A paragraph's lines as a reader sees them: text and the text inside emphasis or links, line
 * breaks kept; inline code and inline HTML (an HTML comment among them) as written, joined onto
 * the line they start on.
 */
function lineTexts(nodes: readonly PhrasingContent[]): string[] {
  let text = "";
  const visit = (children: readonly PhrasingContent[]) => {
    for (const child of children) {
      if (child.type === "text") text += child.value;
      else if (child.type === "break") text += "\n";
      // Kept as written, on one line: a line that starts with code or HTML starts no command, and
      // a command inside a multi-line HTML comment is not at a line's start.
      else if (child.type === "inlineCode") text += `\`${child.value}\``;
      else if (child.type === "html") text += child.value.replace(/\r?\n/g, " ");
      else if ("children" in child) visit(child.children as PhrasingContent[]);
    }
  };
  visit(nodes);
  return text.split("\n").map((line) => line.trim());
}

/** Whether a comment body holds a waiver command at all (cheap pre-filter for comment webhooks). */
export function mentionsWaiver(body: string | null | undefined): boolean {
  return !!body && /\/shipshape\s+(?:waive|unwaive)\b/i.test(body);
}
