import { LOCK_FILES } from "../config/ecosystem-defaults.js";
import { gemfile } from "../manifests/ruby.js";
import { type Hunk, parseHunks } from "./hunks.js";

/**
 * Whether a lock file changed alone (none of its manifests did) moves only packages development
 * needs, from its patch and, where the lock does not say it, a text read at the head (`context`):
 * npm's lock marks dev packages in its entries (the patch alone); Composer's keeps them in
 * `packages-dev` (its text at the head, to place the hunks); Bundler's lock has no groups, the
 * Gemfile does (its text at the head). Anything not shown for certain is not dev-only.
 */
export function lockChangesOnlyDevPackages(filename: string, patch: string, context?: string): boolean {
  const name = basename(filename);
  if (name === "package-lock.json" || name === "npm-shrinkwrap.json") return changesOnlyDevPackages(patch);
  if (context === undefined) return false;
  if (name === "composer.lock") return composerChangesOnlyDevPackages(patch, context);
  if (name === "Gemfile.lock" || name === "gems.locked") return bundlerChangesOnlyDevGems(patch, context);
  return false;
}

/** The lock files whose dev-only changes can be told, with the text each needs read at the head (null: none). */
const DEV_MARKING_LOCKS: Readonly<Record<string, (lockPath: string) => string | null>> = {
  "package-lock.json": () => null,
  "npm-shrinkwrap.json": () => null,
  "composer.lock": (lockPath) => lockPath,
  "Gemfile.lock": (lockPath) => `${folderOf(lockPath)}Gemfile`,
  "gems.locked": (lockPath) => `${folderOf(lockPath)}gems.rb`,
};

/** Whether the file is a lock whose dev-only changes can be told (see lockChangesOnlyDevPackages). */
export function marksDevPackages(filename: string): boolean {
  return DEV_MARKING_LOCKS[basename(filename)] !== undefined;
}

/**
 * The texts to read at the head, by lock: for each lock changed alone (modified, with a patch,
 * none of its manifests changed anywhere in the pull request, as deployable.ts counts it) whose
 * dev-only changes need one: Composer's lock itself, the Gemfile beside Bundler's.
 */
export function lockContextPaths(
  files: readonly { filename: string; status: string; patch?: string | undefined }[],
): Map<string, string> {
  const names = new Set(files.map((file) => basename(file.filename)));
  const paths = new Map<string, string>();
  for (const file of files) {
    const name = basename(file.filename);
    const contextPath = DEV_MARKING_LOCKS[name]?.(file.filename);
    if (!contextPath || file.status !== "modified" || file.patch === undefined) continue;
    if ((LOCK_FILES[name] ?? []).some((manifest) => names.has(manifest))) continue;
    paths.set(file.filename, contextPath);
  }
  return paths;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function folderOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/") + 1);
}

/**
 * Composer's lock at the head keeps development's packages in its top-level `packages-dev` array:
 * every hunk must lie inside it, every line it shows after the change (context and added lines,
 * placed by the hunk's `+c` line number) strictly between the array's opening and closing lines.
 * A package removed from the end of `packages` shows `packages-dev`'s opening as context: not dev.
 */
function composerChangesOnlyDevPackages(patch: string, headLock: string): boolean {
  const range = devArrayLines(headLock);
  const hunks = parseHunks(patch);
  if (!range || hunks.length === 0) return false;
  return hunks.every((hunk) => {
    const first = hunk.newStart;
    const last = hunk.newStart + hunk.new.length - 1;
    return first > range.open && last < range.close;
  });
}

/** The line numbers (1-based) of `"packages-dev": [` and of its closing `]` in Composer's lock. */
function devArrayLines(text: string): { open: number; close: number } | null {
  const lines = text.split("\n");
  const open = lines.findIndex((line) => /^ {4}"packages-dev": \[\s*$/.test(line));
  if (open < 0) return null;
  for (let index = open + 1; index < lines.length; index++) {
    if (/^ {4}\],?\s*$/.test(lines[index] ?? "")) return { open: open + 1, close: index + 1 };
  }
  return null;
}

/** A gem's spec in the lock's `GEM` section (`    brakeman (8.0.4)`), or its line under `CHECKSUMS`. */
const GEM_SPEC = /^ {4}([A-Za-z0-9_.-]+) \([^)]*\)$/;
const GEM_CHECKSUM = /^ {2}([A-Za-z0-9_.-]+) \([^)]*\)(?: sha256=[0-9a-f]+)?$/;

/**
 * Bundler's lock: every changed line is a gem's spec or checksum line (a changed dependency line
 * of a spec, the platforms or the Bundler version are not placed), and every gem so changed is
 * declared in the Gemfile at the head in development groups only (`group :development, :test do`).
 * A gem the Gemfile does not name (pulled in by another) is not known to be dev-only.
 */
function bundlerChangesOnlyDevGems(patch: string, gemfileText: string): boolean {
  const hunks = parseHunks(patch);
  const names = new Set<string>();
  for (const line of hunks.flatMap((hunk: Hunk) => [...hunk.removed, ...hunk.added])) {
    const name = (GEM_SPEC.exec(line) ?? GEM_CHECKSUM.exec(line))?.[1];
    if (!name) return false;
    names.add(name);
  }
  if (names.size === 0) return false;
  const declared = new Map<string, boolean>();
  for (const dependency of gemfile(gemfileText).dependencies) {
    declared.set(dependency.name, (declared.get(dependency.name) ?? true) && dependency.dev);
  }
  return [...names].every((name) => declared.get(name) === true);
}

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
