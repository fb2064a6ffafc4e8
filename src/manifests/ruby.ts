import { isSpace, linesOf } from "./text.js";
import type { Dependency, ParsedManifest } from "./types.js";

/** Bundler groups that serve development, not the running application. */
const DEV_GROUPS = new Set(["development", "test", "ci", "lint", "rubocop"]);

/** The quoted strings of a line, in order (`gem "rails", "~> 7.1"` → `rails`, `~> 7.1`). */
function quotedStrings(line: string): string[] {
  const strings: string[] = [];
  let index = 0;
  while (index < line.length) {
    const char = line[index];
    if (char === "#") break;
    if (char === '"' || char === "'") {
      const close = line.indexOf(char, index + 1);
      if (close === -1) break;
      strings.push(line.slice(index + 1, close));
      index = close + 1;
    } else index++;
  }
  return strings;
}

/** The `:symbols` of a line (`group :development, :test do` → development, test). */
function symbols(line: string): string[] {
  return line
    .split(/[\s,()[\]]+/)
    .filter((word) => word.startsWith(":") && word.length > 1)
    .map((word) => word.slice(1));
}

/** Whether a line opens a block: it ends with `do` or `do |x|`. */
function opensBlock(line: string): boolean {
  const code = line.split("#")[0]?.trimEnd() ?? "";
  const pipe = code.endsWith("|") ? code.lastIndexOf("|", code.length - 2) : -1;
  const head = pipe === -1 ? code : code.slice(0, pipe).trimEnd();
  return head === "do" || (head.endsWith("do") && isSpace(head[head.length - 3]));
}

/**
 * Gemfile's `gem` lines; those in a `group :development, :test do … end` block or with
 * `group: :test` are dev.
 */
export function gemfile(text: string): ParsedManifest {
  const dependencies: Dependency[] = [];
  /** Per open block, whether it is a development group. */
  const blocks: boolean[] = [];
  for (const raw of linesOf(text)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    if (line === "end" || line.startsWith("end ") || line.startsWith("end#")) {
      blocks.pop();
      continue;
    }
    const inDevGroup = blocks.some(Boolean);
    if (line.startsWith("gem") && (isSpace(line[3]) || line[3] === "(")) {
      const [name, version] = quotedStrings(line);
      if (name) {
        const groupAt = line.indexOf("group");
        const groups = groupAt === -1 ? [] : symbols(line.slice(groupAt));
        const dev = inDevGroup || (groups.length > 0 && groups.every((group) => DEV_GROUPS.has(group)));
        dependencies.push({ name, version: version ?? "", dev });
      }
    }
    if (line.includes("do") && opensBlock(line)) {
      const groups = line.startsWith("group") ? symbols(line) : [];
      blocks.push(groups.length > 0 && groups.every((group) => DEV_GROUPS.has(group)));
    }
  }
  return { dependencies };
}
