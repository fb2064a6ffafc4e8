import { centralPackages, msbuildProject, packagesConfig } from "./dotnet.js";
import { mixExs } from "./elixir.js";
import { goMod } from "./go.js";
import { packageJson } from "./javascript.js";
import { gradleBuild, pomXml, versionCatalog } from "./jvm.js";
import { composerJson } from "./php.js";
import { pyprojectToml, requirementsTxt } from "./python.js";
import { gemfile } from "./ruby.js";
import { cargoToml } from "./rust.js";
import type { AdditionsUnread, Dependency, ManifestParse, ManifestParser, ParsedManifest } from "./types.js";
import { ManifestSyntaxError } from "./xml.js";

export type { AdditionsUnread, Dependency, ManifestParse, ManifestParser, ParsedManifest } from "./types.js";
export { MAX_TAG_LENGTH } from "./xml.js";

interface Format {
  matches: (basename: string, folder: string) => boolean;
  parse: ManifestParser;
  /** How the format is named when a file is not valid. */
  syntax: string;
}

const formats: Format[] = [
  { matches: (name) => name === "package.json", parse: packageJson, syntax: "JSON" },
  // pip: requirements.txt, requirements-dev.txt, pip-tools' requirements.in, and a requirements/ folder.
  {
    matches: (name, folder) =>
      (name.toLowerCase().startsWith("requirements") && hasExtension(name, [".txt", ".in"])) ||
      ((folder.toLowerCase() === "requirements" || folder.toLowerCase().endsWith("/requirements")) &&
        hasExtension(name, [".txt", ".in"])),
    parse: requirementsTxt,
    syntax: "syntax",
  },
  { matches: (name) => name === "pyproject.toml", parse: pyprojectToml, syntax: "TOML" },
  { matches: (name) => name === "go.mod", parse: goMod, syntax: "syntax" },
  { matches: (name) => name === "Cargo.toml", parse: cargoToml, syntax: "TOML" },
  { matches: (name) => name === "Gemfile", parse: gemfile, syntax: "syntax" },
  { matches: (name) => name === "pom.xml", parse: pomXml, syntax: "XML" },
  { matches: (name) => name === "build.gradle" || name === "build.gradle.kts", parse: gradleBuild, syntax: "syntax" },
  // Gradle's version catalogs: `gradle/libs.versions.toml` by default, any `gradle/*.versions.toml` by configuration.
  {
    matches: (name, folder) => name.endsWith(".versions.toml") && (folder === "gradle" || folder.endsWith("/gradle")),
    parse: versionCatalog,
    syntax: "TOML",
  },
  { matches: (name) => name === "composer.json", parse: composerJson, syntax: "JSON" },
  { matches: (name) => hasExtension(name, [".csproj", ".fsproj", ".vbproj"]), parse: msbuildProject, syntax: "XML" },
  { matches: (name) => name === "Directory.Packages.props", parse: centralPackages, syntax: "XML" },
  { matches: (name) => name === "packages.config", parse: packagesConfig, syntax: "XML" },
  { matches: (name) => name === "mix.exs", parse: mixExs, syntax: "syntax" },
];

function hasExtension(name: string, extensions: string[]): boolean {
  const lower = name.toLowerCase();
  return extensions.some((extension) => lower.endsWith(extension));
}

function formatOf(path: string): Format | undefined {
  const slash = path.lastIndexOf("/");
  const basename = path.slice(slash + 1);
  const folder = slash === -1 ? "" : path.slice(0, slash);
  return formats.find((format) => format.matches(basename, folder));
}

/** Whether a path is a dependency manifest Shipshape reads. */
export function isManifest(path: string): boolean {
  return formatOf(path) !== undefined;
}

/** The parser for a path, or undefined when the file is not a dependency manifest. */
export function manifestParser(path: string): ManifestParser | undefined {
  return formatOf(path)?.parse;
}

/**
 * Parses a manifest, never throwing: what a worker sends back. A file that cannot be parsed says
 * only where (the parser's message quotes the file: mentions, HTML, links an author can plant).
 */
export function parseManifest(path: string, text: string): ManifestParse {
  const format = formatOf(path);
  if (!format) return { ok: true, manifest: { dependencies: [] } };
  try {
    return { ok: true, manifest: format.parse(text, path) };
  } catch (error) {
    const line = (error as { line?: unknown } | null)?.line;
    return {
      ok: false,
      format: format.syntax,
      ...(typeof line === "number" && Number.isInteger(line) && line > 0 ? { line } : {}),
      ...(error instanceof ManifestSyntaxError && error.problem ? { problem: error.problem } : {}),
    };
  }
}

/** A dependency added, removed, or whose version changed between the base and the head of a pull request. */
export interface DependencyChange {
  name: string;
  kind: "added" | "removed" | "version";
  /** Only for development (see Dependency.dev): a dev-only change ships nothing. */
  dev: boolean;
  /** The version at the base; absent when added. */
  from?: string;
  /** The version at the head; absent when removed. */
  to?: string;
  /** A dependency of a dependency (see Dependency.indirect). */
  indirect?: true;
}

/** At most this many changes are listed per manifest (a 1 MB manifest can declare 40,000 names). */
export const MAX_CHANGES_LISTED = 1000;

/** How a manifest changed: the dependencies it adds (to be justified) and every change with runtime or dev. */
export interface ManifestDiff {
  /** Dependencies declared directly at the head and not at the base: choices made in this pull request. */
  added: string[];
  /** The first MAX_CHANGES_LISTED changes. */
  changes: DependencyChange[];
  /** How many more changes there were than are listed. */
  changesNotListed?: number;
  /** Why entries new at the head were not read as added (see ParsedManifest.additionsUnread). */
  additionsUnread?: AdditionsUnread;
}

/** One entry per name: a name declared both for runtime and for development counts as runtime. */
function byName(manifest: ParsedManifest): Map<string, Dependency> {
  const names = new Map<string, Dependency>();
  for (const dependency of manifest.dependencies) {
    const known = names.get(dependency.name);
    if (!known) names.set(dependency.name, dependency);
    else {
      names.set(dependency.name, {
        name: dependency.name,
        version: known.version || dependency.version,
        dev: known.dev && dependency.dev,
        ...(known.indirect && dependency.indirect ? { indirect: true as const } : {}),
      });
    }
  }
  return names;
}

/** A direct dependency is a new choice when the base did not declare it, or only as a dependency of another. */
function isNewChoice(atBase: Dependency | undefined): boolean {
  return atBase === undefined || atBase.indirect === true;
}

/** Compares a manifest at the base of a pull request (undefined when the file is new) with its head. */
export function diffManifests(base: ParsedManifest | undefined, head: ParsedManifest): ManifestDiff {
  const before = byName(base ?? { dependencies: [] });
  const after = byName(head);
  const changes: DependencyChange[] = [];
  const indirect = (dependency: Dependency) => (dependency.indirect ? { indirect: true as const } : {});
  for (const [name, dependency] of after) {
    const old = before.get(name);
    if (!old)
      changes.push({ name, kind: "added", dev: dependency.dev, to: dependency.version, ...indirect(dependency) });
    else if (old.version !== dependency.version) {
      changes.push({
        name,
        kind: "version",
        dev: dependency.dev && old.dev,
        from: old.version,
        to: dependency.version,
        ...indirect(dependency),
      });
    }
  }
  for (const [name, dependency] of before) {
    if (!after.has(name))
      changes.push({ name, kind: "removed", dev: dependency.dev, from: dependency.version, ...indirect(dependency) });
  }
  const added = head.additionsUnread
    ? []
    : [...after.values()]
        .filter((dependency) => !dependency.indirect && isNewChoice(before.get(dependency.name)))
        .map((dependency) => dependency.name);
  return {
    added,
    changes: changes.slice(0, MAX_CHANGES_LISTED),
    ...(changes.length > MAX_CHANGES_LISTED ? { changesNotListed: changes.length - MAX_CHANGES_LISTED } : {}),
    ...(head.additionsUnread ? { additionsUnread: head.additionsUnread } : {}),
  };
}

/** A changed manifest's texts at the head and the base of a pull request (null: the file is not there). */
export interface ManifestTexts {
  path: string;
  head: string | null;
  /** Absent when the pull request adds the file; the path differs when it renames it. */
  base?: { path: string; text: string | null };
}

/** What comparing a manifest's texts gave; a failure names the file (head or base path) that could not be parsed. */
export type ManifestComparison =
  | { ok: true; diff: ManifestDiff }
  | (Extract<ManifestParse, { ok: false }> & { path: string });

const EMPTY: ManifestParse = { ok: true, manifest: { dependencies: [] } };

/**
 * Parses a manifest at the head and the base and compares them, never throwing: what a worker
 * sends back is the difference (small), not the parsed manifests (up to 40,000 names each).
 */
export function compareManifests({ path, head, base }: ManifestTexts): ManifestComparison {
  const atHead = head === null ? EMPTY : parseManifest(path, head);
  if (!atHead.ok) return { ...atHead, path };
  if (!base) return { ok: true, diff: diffManifests(undefined, atHead.manifest) };
  const atBase = base.text === null ? EMPTY : parseManifest(base.path, base.text);
  if (!atBase.ok) return { ...atBase, path: base.path };
  return { ok: true, diff: diffManifests(atBase.manifest, atHead.manifest) };
}
