import { parseHunks, sidesOf } from "./hunks.js";

/**
 * Yarn's lock (`yarn.lock`, the classic format and Berry's) has no dev marks: whether a package
 * only development needs is read from `package.json` at the head (its `devDependencies` against its
 * `dependencies` and `optionalDependencies`) and the lock's graph at the head (what each entry
 * requires). Every entry whose lines the patch changes must be reached from `devDependencies` and
 * from no runtime dependency. Fails closed: a changed line whose entry the hunk does not show, the
 * lock's metadata, a workspace root (its packages' manifests are not read), a `package.json` that
 * does not parse, or a runtime dependency whose entry the lock does not resolve.
 */
export function yarnChangesOnlyDevPackages(patch: string, packageJsonText: string, lockText: string): boolean {
  const manifest = parseManifest(packageJsonText);
  if (!manifest) return false;
  const changed = changedEntries(patch);
  if (!changed || changed.size === 0) return false;
  const lock = parseLock(lockText);
  const runtime = reach(lock, manifest.runtime);
  const development = reach(lock, manifest.dev);
  if (!runtime || !development) return false;
  return [...changed].every((key) => {
    const entry = lock.byDescriptor.get(key);
    return entry !== undefined && development.has(entry) && !runtime.has(entry);
  });
}

/** A lock entry: the descriptors it resolves (`js-yaml@^4.1.0`) and the descriptors it requires. */
interface Entry {
  requires: string[];
}

interface Lock {
  byDescriptor: Map<string, Entry>;
}

/** `name@range` as the lock writes it, Berry's `npm:` protocol dropped (`js-yaml@npm:^4.1.0`). */
function descriptor(name: string, range: string): string {
  return `${name}@${range.replace(/^npm:/, "")}`;
}

/** The descriptors of an entry's header line (`"a@^1", a@^1.2:`), or null when the line is none. */
function headerDescriptors(line: string): string[] | null {
  if (!line.endsWith(":") || /^[\s#]/.test(line) || line.startsWith("__metadata")) return null;
  return line
    .slice(0, -1)
    .split(",")
    .map((part) => part.trim().replace(/^"|"$/g, ""))
    .filter((part) => part !== "")
    .map((part) => {
      const at = part.indexOf("@", 1);
      return at < 0 ? part : descriptor(part.slice(0, at), part.slice(at + 1));
    });
}

/** A dependency line of an entry: classic `    debug "^4.1.0"`, Berry's `    debug: ^4.1.0`. */
const REQUIREMENT = /^ {4}"?([^"\s:]+)"?:? "?([^"]+?)"?$/;

function parseLock(text: string): Lock {
  const byDescriptor = new Map<string, Entry>();
  let entry: Entry | undefined;
  let inDependencies = false;
  for (const line of text.split("\n")) {
    const descriptors = headerDescriptors(line);
    if (descriptors) {
      entry = { requires: [] };
      for (const key of descriptors) byDescriptor.set(key, entry);
      inDependencies = false;
      continue;
    }
    if (!entry) continue;
    if (/^ {2}\S/.test(line)) {
      inDependencies = /^ {2}(?:dependencies|optionalDependencies):$/.test(line);
      continue;
    }
    const requirement = inDependencies ? REQUIREMENT.exec(line) : null;
    if (requirement) entry.requires.push(descriptor(requirement[1] ?? "", requirement[2] ?? ""));
    else if (!/^ {4}/.test(line)) inDependencies = false;
  }
  return { byDescriptor };
}

/** The entries reached from `roots`; null when one of them, or an edge on the way, does not resolve. */
function reach(lock: Lock, roots: readonly string[]): Set<Entry> | null {
  const seen = new Set<Entry>();
  const queue = [...roots];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    const entry = lock.byDescriptor.get(next);
    if (!entry) return null;
    if (seen.has(entry)) continue;
    seen.add(entry);
    queue.push(...entry.requires);
  }
  return seen;
}

/** The manifest's root descriptors; null for a workspace root or a text that does not parse. */
function parseManifest(text: string): { runtime: string[]; dev: string[] } | null {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof json !== "object" || json === null || "workspaces" in json) return null;
  const roots = (...tables: string[]) =>
    tables.flatMap((table) => {
      const entries = json[table];
      if (typeof entries !== "object" || entries === null) return [];
      return Object.entries(entries as Record<string, unknown>).map(([name, range]) => descriptor(name, String(range)));
    });
  return { runtime: roots("dependencies", "optionalDependencies"), dev: roots("devDependencies") };
}

/**
 * The entries (by their first descriptor) whose lines the patch changes; null when a changed line's
 * entry header is not among the hunk's lines above it, or is the lock's metadata.
 */
function changedEntries(patch: string): Set<string> | null {
  const keys = new Set<string>();
  for (const hunk of parseHunks(patch)) {
    for (const [lines, at] of sidesOf(hunk)) {
      let current: string | undefined;
      for (const [index, line] of lines.entries()) {
        if (/^\S/.test(line)) current = headerDescriptors(line)?.[0];
        if (!at.has(index) || line.trim() === "") continue;
        if (current === undefined) return null;
        keys.add(current);
      }
    }
  }
  return keys;
}
