/**
 * The hunks of a file's patch as GitHub gives it in the pull-request files list (`patch` of a
 * diff entry, `GET /repos/{owner}/{repo}/pulls/{pull_number}/files`): unified-diff hunks without
 * the file header, each starting with `@@ -a,b +c,d @@`. Read in one pass, linear in its size.
 */
export interface Hunk {
  /** The text after the second `@@`: git's guess at the enclosing function or block (`mod tests {`). */
  section: string;
  /** The line number of the hunk's first line after the change (`+c` of `@@ -a,b +c,d @@`); 0 when unreadable. */
  newStart: number;
  /** The hunk's lines before the change: context and removed lines. */
  old: string[];
  /** The hunk's lines after the change: context and added lines. */
  new: string[];
  /** The removed lines alone. */
  removed: string[];
  /** The added lines alone. */
  added: string[];
  /** Where the removed lines sit in `old` (their indices, in order). */
  removedAt: number[];
  /** Where the added lines sit in `new` (their indices, in order). */
  addedAt: number[];
}

export function parseHunks(patch: string): Hunk[] {
  const hunks: Hunk[] = [];
  let current: Hunk | null = null;
  for (const line of patch.split("\n")) {
    if (line.startsWith("@@")) {
      const close = line.indexOf("@@", 2);
      const section = close < 0 ? "" : line.slice(close + 2).trim();
      const newStart = Number(/^@@ -\d+(?:,\d+)? \+(\d+)/.exec(line)?.[1] ?? 0);
      current = { section, newStart, old: [], new: [], removed: [], added: [], removedAt: [], addedAt: [] };
      hunks.push(current);
      continue;
    }
    if (!current) continue;
    const text = line.endsWith("\r") ? line.slice(0, -1) : line;
    const body = text.slice(1);
    switch (text[0]) {
      case "+":
        current.addedAt.push(current.new.length);
        current.new.push(body);
        current.added.push(body);
        break;
      case "-":
        current.removedAt.push(current.old.length);
        current.old.push(body);
        current.removed.push(body);
        break;
      case " ":
        current.old.push(body);
        current.new.push(body);
        break;
      case undefined:
        // An empty line: a blank context line whose leading space an editor or a proxy dropped.
        current.old.push("");
        current.new.push("");
        break;
      default:
        // "\ No newline at end of file" and anything unexpected: not content.
        break;
    }
  }
  return hunks;
}

/**
 * The hunk's two sides, each with the indices of its changed lines: the lines before the change
 * (removed ones marked) and after it (added ones marked). For readers that place each changed line
 * by the lines around it on its own side.
 */
export function sidesOf(hunk: Hunk): [lines: readonly string[], changed: ReadonlySet<number>][] {
  return [
    [hunk.old, new Set(hunk.removedAt)],
    [hunk.new, new Set(hunk.addedAt)],
  ];
}
