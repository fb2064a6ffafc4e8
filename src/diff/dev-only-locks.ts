import { lockChangedAlone } from "../config/ecosystem-defaults.js";
import { gemfile } from "../manifests/ruby.js";
import { parseHunks, sidesOf } from "./hunks.js";
import { yarnChangesOnlyDevPackages } from "./yarn-lock.js";

/**
 * Whether a lock file changed alone (none of its manifests did) moves only packages development
 * needs, from its patch and, where the lock does not say it, texts read at the head (`context`, in
 * the order of lockContextPaths): npm's lock marks dev packages in its entries (the patch alone);
 * Composer's keeps them in `packages-dev` (its text at the head, to place the hunks); Bundler's
 * lock has no groups, the Gemfile does (the Gemfile and the lock at the head: the lock's graph
 * tells which gems only development's gems pull in); Yarn's the same way with `package.json` (see
 * yarnChangesOnlyDevPackages). Anything not shown for certain is not dev-only.
 */
export function lockChangesOnlyDevPackages(filename: string, patch: string, context: readonly string[] = []): boolean {
  const name = basename(filename);
  if (name === "package-lock.json" || name === "npm-shrinkwrap.json") return changesOnlyDevPackages(patch);
  const [first, second] = context;
  if (name === "composer.lock" && first !== undefined) return composerChangesOnlyDevPackages(patch, first);
  if ((name === "Gemfile.lock" || name === "gems.locked") && first !== undefined && second !== undefined)
    return bundlerChangesOnlyDevGems(patch, first, second);
  if (name === "yarn.lock" && first !== undefined && second !== undefined)
    return yarnChangesOnlyDevPackages(patch, first, second);
  return false;
}

/** The lock files whose dev-only changes can be told, with the texts each needs read at the head. */
const DEV_MARKING_LOCKS: Readonly<Record<string, (lockPath: string) => string[]>> = {
  "package-lock.json": () => [],
  "npm-shrinkwrap.json": () => [],
  "composer.lock": (lockPath) => [lockPath],
  "Gemfile.lock": (lockPath) => [`${folderOf(lockPath)}Gemfile`, lockPath],
  "gems.locked": (lockPath) => [`${folderOf(lockPath)}gems.rb`, lockPath],
  "yarn.lock": (lockPath) => [`${folderOf(lockPath)}package.json`, lockPath],
};

/** Whether the file is a lock whose dev-only changes can be told (see lockChangesOnlyDevPackages). */
export function marksDevPackages(filename: string): boolean {
  return DEV_MARKING_LOCKS[basename(filename)] !== undefined;
}

/**
 * The texts to read at the head, by lock: for each lock changed alone (modified, with a patch,
 * none of its manifests changed anywhere in the pull request, as deployable.ts counts it) whose
 * dev-only changes need some: Composer's lock itself; the Gemfile beside Bundler's lock, or the
 * `package.json` beside Yarn's, and the lock.
 */
export function lockContextPaths(
  files: readonly { filename: string; status: string; patch?: string | undefined }[],
): Map<string, string[]> {
  const names = new Set(files.map((file) => basename(file.filename)));
  const paths = new Map<string, string[]>();
  for (const file of files) {
    const name = basename(file.filename);
    const contextPaths = DEV_MARKING_LOCKS[name]?.(file.filename) ?? [];
    if (contextPaths.length === 0 || file.status !== "modified" || file.patch === undefined) continue;
    if (lockChangedAlone(name, names)) paths.set(file.filename, contextPaths);
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

/** A gem's spec in the lock (`    brakeman (8.0.4)`), or its line under `CHECKSUMS`. */
const GEM_SPEC = /^ {4}([A-Za-z0-9_.-]+) \([^)]*\)$/;
const GEM_CHECKSUM = /^ {2}([A-Za-z0-9_.-]+) \([^)]*\)(?: sha256=[0-9a-f]+)?$/;
/** A dependency of the spec above it (`      racc`, `      rack (>= 2.2)`). */
const GEM_REQUIREMENT = /^ {6}([A-Za-z0-9_.-]+)(?: \([^)]*\))?$/;
/** An entry of the lock's `DEPENDENCIES` (the Gemfile's gems): `  rails (~> 8.0)`, `  engine!`. */
const GEM_ROOT = /^ {2}([A-Za-z0-9_.-]+)!?(?: \([^)]*\))?$/;

/**
 * Bundler's lock: every gem whose spec, checksum or dependency lines changed is one only
 * development needs. The Gemfile at the head says which of its gems are in development groups
 * (`group :development, :test do`); the lock at the head says what each gem pulls in, so a gem
 * only development's gems reach (rubocop's parser) is one too, and a gem any other gem of the
 * Gemfile reaches is not. A changed line that is no gem's (the platforms, the Bundler version),
 * a dependency line whose spec the hunk does not show, or a gem the lock does not place is not
 * known to be dev-only.
 */
function bundlerChangesOnlyDevGems(patch: string, gemfileText: string, lockText: string): boolean {
  const changed = changedGems(patch);
  if (!changed || changed.size === 0) return false;
  const dev = new Map<string, boolean>();
  for (const dependency of gemfile(gemfileText).dependencies) {
    dev.set(dependency.name, (dev.get(dependency.name) ?? true) && dependency.dev);
  }
  const { roots, requires } = gemGraph(lockText);
  const reach = (from: readonly string[]) => {
    const seen = new Set<string>();
    const queue = [...from];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(requires.get(next) ?? []));
    }
    return seen;
  };
  // A root the Gemfile does not name as dev (or does not name at all) is the application's.
  const runtime = reach(roots.filter((root) => dev.get(root) !== true));
  const development = reach(roots.filter((root) => dev.get(root) === true));
  return [...changed].every((name) => development.has(name) && !runtime.has(name));
}

/** The gems a Bundler lock's patch changes (their spec, checksum or dependency lines); null when a line is none of these. */
function changedGems(patch: string): Set<string> | null {
  const names = new Set<string>();
  for (const hunk of parseHunks(patch)) {
    for (const [lines, at] of sidesOf(hunk)) {
      let spec: string | undefined;
      for (const [index, line] of lines.entries()) {
        const own = GEM_SPEC.exec(line)?.[1];
        if (own !== undefined) spec = own;
        else if (!GEM_REQUIREMENT.test(line)) spec = undefined;
        if (!at.has(index)) continue;
        const name = own ?? GEM_CHECKSUM.exec(line)?.[1] ?? (GEM_REQUIREMENT.test(line) ? spec : undefined);
        if (name === undefined) return null;
        names.add(name);
      }
    }
  }
  return names;
}

/** A Bundler lock's gems: the Gemfile's (`DEPENDENCIES`) and what each spec requires. */
function gemGraph(lockText: string): { roots: string[]; requires: Map<string, string[]> } {
  const roots: string[] = [];
  const requires = new Map<string, string[]>();
  let section = "";
  let spec: string | undefined;
  for (const line of lockText.split("\n")) {
    if (/^[A-Z]/.test(line)) {
      section = line.trim();
      spec = undefined;
      continue;
    }
    if (section === "DEPENDENCIES") {
      const root = GEM_ROOT.exec(line)?.[1];
      if (root !== undefined) roots.push(root);
      continue;
    }
    if (section !== "GEM" && section !== "PATH" && section !== "GIT") continue;
    const own = GEM_SPEC.exec(line)?.[1];
    if (own !== undefined) {
      spec = own;
      if (!requires.has(own)) requires.set(own, []);
      continue;
    }
    const required = GEM_REQUIREMENT.exec(line)?.[1];
    if (required !== undefined && spec !== undefined) requires.get(spec)?.push(required);
  }
  return { roots, requires };
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
    const [before, after] = sidesOf(hunk).map(([lines, changed]) => entriesOf(lines, changed));
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
