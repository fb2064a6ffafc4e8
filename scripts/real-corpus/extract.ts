// Reads the real corpus's label files and, for each case, writes what GitHub's
// "list pull request files" API (GET /repos/{owner}/{repo}/pulls/{pull_number}/files)
// would give for the diff base..commit, read from a local mirror of the repository's history.
//
//   npx tsx scripts/real-corpus/extract.ts [--mirror DIR] [--labels DIR] [--out DIR]
//
// Writes test/corpus/real/.cache/<owner>+<name>.json (one per label file) and
// test/corpus/real/.cache/index.json. A case whose commit or base is missing from the mirror
// is reported on stderr and skipped.
//
// Patch omission. GitHub's documentation ("Repository limits", docs.github.com/en/repositories/
// creating-and-managing-repositories/repository-limits, "Diff limits") says, for commits, pull
// requests and compare views: no single file's diff may exceed 20,000 lines or 500 KB of raw diff
// data, and no total diff may exceed 20,000 lines or 1 MB of raw diff data; anything past a limit
// is not shown. The REST listing follows the same limits: a file whose own diff is past the
// per-file limit gets no `patch`, and (as reported in github.com/orgs/community/discussions/213491)
// once the patches already in the response add up to about 20,000 lines, later files come with no
// `patch` and additions/deletions/changes of 0. Binary files never have a `patch`.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { lockContextPaths } from "../../src/diff/dev-only-locks.js";

const PER_FILE_MAX_LINES = 20_000;
const PER_FILE_MAX_BYTES = 500 * 1024;
const TOTAL_MAX_LINES = 20_000;
const TOTAL_MAX_BYTES = 1024 * 1024;

type Status = "added" | "modified" | "removed" | "renamed";
interface PullFile {
  filename: string;
  status: Status;
  previous_filename?: string;
  additions: number;
  deletions: number;
  changes: number;
  patch?: string;
}
interface Manifest {
  path: string;
  before?: string;
  after?: string;
}
interface LabelCase {
  pr: number;
  commit: string;
  base: string;
}
interface LabelFile {
  repo: string;
  cases: LabelCase[];
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return (i >= 0 ? process.argv[i + 1] : undefined) || fallback;
}

const root = resolve(new URL("../..", import.meta.url).pathname);
const mirrorRoot = resolve(arg("--mirror", "/work/.mirror"));
const labelsDir = resolve(arg("--labels", join(root, "test/corpus/real/labels")));
const outDir = resolve(arg("--out", join(root, "test/corpus/real/.cache")));

function git(gitDir: string, args: string[]): string {
  return execFileSync("git", ["--git-dir", gitDir, "-c", "core.quotePath=false", ...args], {
    encoding: "utf8",
    maxBuffer: 1024 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function hasObject(gitDir: string, rev: string): boolean {
  try {
    git(gitDir, ["cat-file", "-e", `${rev}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** The mirror's git directory for owner/name: an entry `owner+name` of the mirror root, either a
 * git directory itself or holding one (`repo`). */
function findGitDir(repo: string): string | undefined {
  const want = repo.replace("/", "+").toLowerCase();
  const entry = readdirSync(mirrorRoot).find((e) => e.toLowerCase() === want);
  if (!entry) return undefined;
  const dir = join(mirrorRoot, entry);
  if (existsSync(join(dir, "HEAD")) && existsSync(join(dir, "objects"))) return dir;
  for (const sub of readdirSync(dir)) {
    const d = join(dir, sub);
    if (existsSync(join(d, "HEAD")) && existsSync(join(d, "objects"))) return d;
  }
  return undefined;
}

const MANIFEST_NAMES = new Set([
  "package.json",
  "pyproject.toml",
  "Pipfile",
  "setup.py",
  "setup.cfg",
  "go.mod",
  "Cargo.toml",
  "Gemfile",
  "mix.exs",
  "pom.xml",
  "build.gradle",
  "build.gradle.kts",
  "composer.json",
  "Directory.Packages.props",
  "packages.config",
]);
function isManifest(path: string): boolean {
  const name = basename(path);
  if (MANIFEST_NAMES.has(name)) return true;
  if (/^requirements.*\.txt$/.test(name)) return true;
  if (/\.(gemspec|csproj|fsproj|vbproj)$/.test(name)) return true;
  return path === "gradle/libs.versions.toml" || path.endsWith("/gradle/libs.versions.toml");
}

const STATUS: Record<string, Status> = { A: "added", M: "modified", D: "removed", R: "renamed", T: "modified" };

function pullFiles(gitDir: string, base: string, commit: string): PullFile[] {
  const common = ["-M", "--no-color", "--no-ext-diff", "--no-textconv", base, commit];
  // name-status and numstat list the files in the same order as the patch.
  const ns = git(gitDir, ["diff", "--name-status", "-z", ...common]).split("\0");
  const at = (list: string[], index: number): string => list[index] ?? "";
  const entries: { status: Status; path: string; previous?: string }[] = [];
  for (let i = 0; i < ns.length - 1; ) {
    const code = at(ns, i++).charAt(0);
    if (code === "R" || code === "C") {
      const previous = at(ns, i++);
      entries.push({ status: "renamed", previous, path: at(ns, i++) });
    } else {
      entries.push({ status: STATUS[code] ?? "modified", path: at(ns, i++) });
    }
  }
  const num = git(gitDir, ["diff", "--numstat", "-z", ...common]).split("\0");
  const counts: { add: number; del: number; binary: boolean }[] = [];
  for (let i = 0; i < num.length - 1; ) {
    const [a, d, p] = at(num, i++).split("\t");
    if (p === "") i += 2; // a rename: the two paths follow
    counts.push({ add: a === "-" ? 0 : Number(a), del: d === "-" ? 0 : Number(d), binary: a === "-" });
  }
  const full = git(gitDir, ["diff", ...common]);
  const sections = full.split(/^(?=diff --git )/m).filter((s) => s.startsWith("diff --git "));
  if (sections.length !== entries.length || counts.length !== entries.length) {
    throw new Error(
      `file lists disagree (${entries.length} names, ${counts.length} counts, ${sections.length} patches)`,
    );
  }
  let totalLines = 0;
  let totalBytes = 0;
  return entries.map((e, i) => {
    const c = counts[i] ?? { add: 0, del: 0, binary: true };
    const section = at(sections, i);
    const file: PullFile = {
      filename: e.path,
      status: e.status,
      ...(e.previous !== undefined ? { previous_filename: e.previous } : {}),
      additions: c.add,
      deletions: c.del,
      changes: c.add + c.del,
    };
    const hunks = section.search(/^@@/m);
    if (c.binary || hunks < 0) return file;
    const patch = section.slice(hunks).replace(/\n$/, "");
    const lines = patch.split("\n").length;
    const bytes = Buffer.byteLength(patch);
    if (totalLines >= TOTAL_MAX_LINES || totalBytes >= TOTAL_MAX_BYTES) {
      return { ...file, additions: 0, deletions: 0, changes: 0 };
    }
    if (lines > PER_FILE_MAX_LINES || bytes > PER_FILE_MAX_BYTES) return file;
    totalLines += lines;
    totalBytes += bytes;
    return { ...file, patch };
  });
}

function manifests(gitDir: string, base: string, commit: string, files: PullFile[]): Manifest[] {
  const out: Manifest[] = [];
  for (const f of files) {
    const beforePath = f.previous_filename ?? f.filename;
    if (!isManifest(f.filename) && !isManifest(beforePath)) continue;
    const m: Manifest = { path: f.filename };
    if (f.status !== "added") m.before = git(gitDir, ["show", `${base}:${beforePath}`]);
    if (f.status !== "removed") m.after = git(gitDir, ["show", `${commit}:${f.filename}`]);
    out.push(m);
  }
  return out;
}

/**
 * What the app reads at the head for a lock file changed alone, by lock (see lockContextPaths):
 * Composer's lock itself, the Gemfile beside Bundler's. A file missing at the head is left out.
 */
function lockContexts(gitDir: string, commit: string, files: PullFile[]): Record<string, string[]> {
  const texts: Record<string, string[]> = {};
  for (const [lock, paths] of lockContextPaths(files)) {
    try {
      const read = paths.map((path) => git(gitDir, ["show", `${commit}:${path}`]));
      // The app reads files of up to 1 MB (the contents API's limit for their text).
      if (read.every((text) => Buffer.byteLength(text) <= 1024 * 1024)) texts[lock] = read;
    } catch {
      // Not there at the head: the app's read answers 404 and the lock stays deployable.
    }
  }
  return texts;
}

mkdirSync(outDir, { recursive: true });
const index: { repo: string; file: string; cases: number; skipped: number }[] = [];
let failures = 0;
for (const name of readdirSync(labelsDir)
  .filter((f) => f.endsWith(".json"))
  .sort()) {
  const labels = JSON.parse(readFileSync(join(labelsDir, name), "utf8")) as LabelFile;
  const gitDir = findGitDir(labels.repo);
  const outName = `${labels.repo.replace("/", "+")}.json`;
  if (!gitDir) {
    console.error(`${labels.repo}: no mirror under ${mirrorRoot}; all ${labels.cases.length} cases skipped`);
    failures += labels.cases.length;
    index.push({ repo: labels.repo, file: outName, cases: 0, skipped: labels.cases.length });
    continue;
  }
  const cases = [];
  let skipped = 0;
  for (const c of labels.cases) {
    const missing = [c.commit, c.base].filter((rev) => !hasObject(gitDir, rev));
    if (missing.length > 0) {
      console.error(`${labels.repo}#${c.pr}: ${missing.join(", ")} not in the mirror; skipped`);
      skipped++;
      continue;
    }
    try {
      const [title, ...body] = git(gitDir, ["log", "-1", "--format=%s%n%b", c.commit]).split("\n");
      const files = pullFiles(gitDir, c.base, c.commit);
      cases.push({
        pr: c.pr,
        commit: c.commit,
        base: c.base,
        title,
        message: body.join("\n").trim(),
        files,
        manifests: manifests(gitDir, c.base, c.commit, files),
        lockContexts: lockContexts(gitDir, c.commit, files),
      });
    } catch (err) {
      console.error(`${labels.repo}#${c.pr}: ${(err as Error).message}; skipped`);
      skipped++;
    }
  }
  failures += skipped;
  writeFileSync(join(outDir, outName), `${JSON.stringify({ repo: labels.repo, cases }, null, 2)}\n`);
  index.push({ repo: labels.repo, file: outName, cases: cases.length, skipped });
  console.log(`${labels.repo}: ${cases.length} cases${skipped ? `, ${skipped} skipped` : ""}`);
}
writeFileSync(join(outDir, "index.json"), `${JSON.stringify({ mirror: mirrorRoot, repos: index }, null, 2)}\n`);
if (failures > 0) process.exitCode = 1;
