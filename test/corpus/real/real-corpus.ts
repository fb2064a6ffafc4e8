import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compareManifests, isManifest } from "../../../src/manifests/parse.js";
import type { ChangedFile, FileStatus, ManifestChange, PullRequestFacts } from "../../../src/practices/facts.js";
import { known, type Outcome, type PullRequestPractice } from "../../../src/practices/types.js";

/**
 * The real corpus: merged pull requests of public repositories, labelled by a reviewer before
 * Shipshape judged them (labels/), with their files, patches and manifests read from each
 * repository's history by scripts/real-corpus/extract.ts into .cache/ (not committed: the pull
 * requests' contents stay in their repositories). See README.md beside this file.
 */
const HERE = import.meta.dirname;
export const REAL_LABELS = join(HERE, "labels");
export const REAL_CACHE = join(HERE, ".cache");

interface Labels {
  tests: Outcome;
  deployable: boolean;
  added_dependencies: string[];
}

interface LabelFile {
  repo: string;
  deploys: boolean;
  cases: { pr: number; commit: string; labels: Labels; reasons: Record<string, string> }[];
}

interface GitHubFile {
  filename: string;
  status: FileStatus;
  previous_filename?: string;
  changes: number;
  patch?: string;
}

interface CachedCase {
  pr: number;
  commit: string;
  title: string;
  message: string;
  files: GitHubFile[];
  manifests: { path: string; before?: string; after?: string }[];
  /** What the app reads at the head for a lock changed alone, by lock (see lockContextPaths). */
  lockContexts?: Record<string, string[]>;
}

export interface RealCase {
  id: string;
  repo: string;
  /** Whether the repository is deployed as a service at all (libraries and tools are not). */
  deploys: boolean;
  title: string;
  files: GitHubFile[];
  manifests: CachedCase["manifests"];
  lockContexts: Record<string, string[]>;
  labels: Labels;
  reasons: Record<string, string>;
}

/**
 * The labelled cases whose contents were extracted; undefined when the cache was not built here.
 * Another labelled set (a held-out one) is read with its own label and cache folders.
 */
export function loadRealCorpus(cache = REAL_CACHE, labelsDir = REAL_LABELS): RealCase[] | undefined {
  if (!existsSync(join(cache, "index.json"))) return undefined;
  const cases: RealCase[] = [];
  for (const name of readdirSync(labelsDir).filter((file) => file.endsWith(".json"))) {
    const labels = JSON.parse(readFileSync(join(labelsDir, name), "utf8")) as LabelFile;
    const cachePath = join(cache, name);
    if (!existsSync(cachePath)) throw new Error(`${labels.repo}: no extracted cases in ${cachePath}`);
    const extracted = JSON.parse(readFileSync(cachePath, "utf8")) as { cases: CachedCase[] };
    const byCommit = new Map(extracted.cases.map((entry) => [entry.commit, entry]));
    for (const labelled of labels.cases) {
      const contents = byCommit.get(labelled.commit);
      if (!contents) throw new Error(`${labels.repo}#${labelled.pr}: not extracted`);
      cases.push({
        id: `${labels.repo}#${labelled.pr}`,
        repo: labels.repo,
        deploys: labels.deploys,
        title: contents.title,
        files: contents.files,
        manifests: contents.manifests,
        lockContexts: contents.lockContexts ?? {},
        labels: labelled.labels,
        reasons: labelled.reasons,
      });
    }
  }
  return cases;
}

/**
 * What a careful reviewer expects of each practice, judged with an empty config and no PR
 * description (git history keeps none): staging and rollback apply to a deployable change of a
 * repository that is deployed (and then fail: nothing was staged, no rollback was written);
 * a new dependency fails for want of a justification. Requirements need the PR's description
 * and links, which history does not keep: not judged here.
 */
export function realExpectations(realCase: RealCase): Partial<Record<PullRequestPractice, Outcome>> {
  const guarded: Outcome = realCase.deploys && realCase.labels.deployable ? "fail" : "skip";
  return {
    tests: realCase.labels.tests,
    staging: guarded,
    rollback: guarded,
    dependencies: realCase.labels.added_dependencies.length > 0 ? "fail" : "skip",
  };
}

/** The facts the app would gather for the pull request, as GitHub gives them. */
export function realFacts(realCase: RealCase): PullRequestFacts {
  const files: ChangedFile[] = realCase.files.map((file) => ({
    filename: file.filename,
    status: file.status,
    changes: file.changes,
    ...(file.previous_filename ? { previousFilename: file.previous_filename } : {}),
    ...(file.patch === undefined ? {} : { patch: file.patch }),
    ...(realCase.lockContexts[file.filename] === undefined
      ? {}
      : { lockContext: realCase.lockContexts[file.filename] }),
  }));
  return {
    title: realCase.title,
    body: "",
    headRef: "feature/change",
    headSha: "0123456789abcdef0123456789abcdef01234567",
    files: known({ files, total: files.length }),
    deployments: known([]),
    // A library's repository has no deployments at all; an application's has (to production).
    repositoryDeploys: known(realCase.deploys),
    manifests: known({ manifests: realManifestChanges(realCase), notRead: 0 }),
    templates: [],
    decisionRecords: {},
  };
}

function realManifestChanges(realCase: RealCase): ManifestChange[] {
  const changes: ManifestChange[] = [];
  for (const { path, before, after } of realCase.manifests) {
    if (!isManifest(path) || after === undefined) continue;
    const compared = compareManifests({
      path,
      head: after,
      ...(before === undefined ? {} : { base: { path, text: before } }),
    });
    // A manifest the app could not parse is left out, as the app reports it apart.
    if (compared.ok) changes.push({ path, ...compared.diff });
  }
  return changes;
}
