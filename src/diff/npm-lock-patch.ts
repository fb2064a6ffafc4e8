import { parseHunks } from "./hunks.js";

/** The key of a package's entry in an npm lock (`"node_modules/launch-editor": {`), lockfile v2 and v3. */
const ENTRY_KEY = /^(\s*)"(?:[^"\\]|\\.)*node_modules\/(?:[^"\\]|\\.)*": \{$/;
/** npm marks a package only development needs (reachable from devDependencies alone) so. */
const DEV_MARK = /^\s*"dev": true,?$/;
const ENTRY_END = /^(\s*)\},?$/;

/**
 * Whether every line an npm lock's patch (`package-lock.json`, `npm-shrinkwrap.json`) adds or
 * removes lies inside the entry of a package npm marks `"dev": true`, on both sides of the change:
 * a Dependabot bump of a build tool's transitive package, which ships nothing. Read from the patch
 * alone (its context lines), in one pass: a changed line whose entry's key, `"dev"` line or end the
 * hunk does not show, a changed line outside any package's entry (the root package, the lock's
 * version), a package that loses or gains its mark, and the v1 format (no such entries) are all
 * unknown, and so not dev-only.
 */
export function changesOnlyDevPackages(patch: string): boolean {
  const hunks = parseHunks(patch);
  if (hunks.length === 0) return false;
  return hunks.every((hunk) => {
    const before = entriesOf(hunk.old, new Set(hunk.removedAt));
    const after = entriesOf(hunk.new, new Set(hunk.addedAt));
    if (!before || !after) return false;
    // An entry changed on either side is a dev package's wherever the hunk shows it.
    const touched = [...before.touched, ...after.touched];
    return touched.every((key) => before.dev.get(key) !== false && after.dev.get(key) !== false);
  });
}

/**
 * One side of a hunk: the packages' entries it shows (whether each has its dev mark) and those with
 * a changed line; null when a changed line lies outside any entry it shows.
 */
function entriesOf(
  lines: readonly string[],
  changed: ReadonlySet<number>,
): { dev: Map<string, boolean>; touched: Set<string> } | null {
  const dev = new Map<string, boolean>();
  const touched = new Set<string>();
  let entry: { key: string; indent: number } | null = null;
  for (const [index, line] of lines.entries()) {
    const key = ENTRY_KEY.exec(line);
    if (key) {
      entry = { key: line.trim(), indent: (key[1] ?? "").length };
      dev.set(entry.key, false);
    } else if (entry === null) {
      if (changed.has(index)) return null;
      continue;
    }
    if (changed.has(index)) touched.add(entry.key);
    if (DEV_MARK.test(line)) dev.set(entry.key, true);
    const end = ENTRY_END.exec(line);
    if (end && (end[1] ?? "").length === entry.indent) entry = null;
  }
  return { dev, touched };
}
