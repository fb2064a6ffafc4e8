import {
  APPLICATION_MANIFEST_GLOBS,
  DEPLOYABLE_WITHOUT_TESTS_GLOBS,
  lockChangedAlone,
} from "../config/ecosystem-defaults.js";
import { behaviourNeutral, type ChangedFile, type PullRequestFacts } from "./facts.js";
import { globMatcher } from "./globs.js";

/**
 * The three classes of changed files (defined in src/config/ecosystem-defaults.ts): code that
 * needs tests (`tests.source` and not `tests.tests`), deployable files that need none
 * (configuration, assets, views, migrations, infrastructure), and neither (docs, tests, CI,
 * examples, tooling).
 */
export type FileClass = "needs-tests" | "deployable" | "neither";

export interface Classification {
  source: readonly string[];
  tests: readonly string[];
}

/** Classifies a path by the configured `source` and `tests` globs and the deployable defaults. */
export function fileClassifier(classification: Classification): (path: string) => FileClass {
  const source = globMatcher(classification.source);
  const test = globMatcher(classification.tests);
  const deployable = globMatcher(DEPLOYABLE_WITHOUT_TESTS_GLOBS);
  return (path) => {
    if (test(path)) return "neither";
    if (source(path)) return "needs-tests";
    return deployable(path) ? "deployable" : "neither";
  };
}

/**
 * Whether a practice that guards a deployment (staging, rollback) applies to a pull request:
 * when it changes deployable files, other than in comments or whitespace. `paths: null` means
 * the files of the first two classes; `[]` means always; a list means those globs.
 */
export type Applicability =
  | { applies: true }
  | {
      applies: false;
      reason: "no-deployable-change" | "no-matching-path";
      /** Files that matched but changed only in comments, docstrings or whitespace. */
      neutral: number;
    }
  | { applies: "unknown"; reason: string };

export function appliesToChange(
  paths: readonly string[] | null,
  classification: Classification,
  facts: Pick<PullRequestFacts, "files" | "manifests">,
): Applicability {
  if (paths !== null && paths.length === 0) return { applies: true };
  if (!facts.files) return { applies: "unknown", reason: "the changed files were not read" };
  if (!facts.files.ok) return { applies: "unknown", reason: facts.files.reason };
  const matches = paths === null ? deployableMatcher(classification) : globMatcher(paths);
  // Deleting code is a change to deploy too, so removed files count here; a file whose patch
  // changes only comments or whitespace deploys nothing new.
  const matching = facts.files.value.files.filter((file) => matches(file.filename));
  if (matching.some((file) => !behaviourNeutral(file))) return { applies: true };
  if (paths === null && shipsRuntimeDependencyChange(classification, facts)) return { applies: true };
  if (paths === null && changesLockAlone(classification, facts.files.value.files)) return { applies: true };
  return {
    applies: false,
    reason: paths === null ? "no-deployable-change" : "no-matching-path",
    neutral: matching.length,
  };
}

/**
 * A runtime dependency added, removed or moved to another version in a manifest of the
 * application (a framework bump in the production manifest ships); dev-only changes, and
 * manifests of tests, docs, examples or tooling, ship nothing. Known only when the manifests
 * were compared (the dependencies practice reads them).
 */
function shipsRuntimeDependencyChange(
  classification: Classification,
  facts: Pick<PullRequestFacts, "manifests">,
): boolean {
  if (!facts.manifests?.ok) return false;
  const isTest = globMatcher(classification.tests);
  const ofApplication = globMatcher(APPLICATION_MANIFEST_GLOBS);
  return facts.manifests.value.manifests.some(
    (manifest) =>
      ofApplication(manifest.path) && !isTest(manifest.path) && (manifest.changes ?? []).some((change) => !change.dev),
  );
}

/**
 * A lock file of the application changed while no manifest it pins did: the packages the
 * application runs moved, and whether they are runtime or dev packages is not in most locks (fail
 * closed: deployable), unless its patch, read with what the head says, shows only dev packages
 * moved (see lockChangesOnlyDevPackages). With a manifest changed too, the manifest's own changes
 * decide.
 */
function changesLockAlone(classification: Classification, files: readonly ChangedFile[]): boolean {
  const isTest = globMatcher(classification.tests);
  const ofApplication = globMatcher(APPLICATION_MANIFEST_GLOBS);
  const names = new Set(files.map((file) => basename(file.filename)));
  return files.some(
    (file) =>
      lockChangedAlone(basename(file.filename), names) &&
      file.status !== "removed" &&
      !file.devPackagesOnly &&
      !isTest(file.filename) &&
      ofApplication(file.filename),
  );
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** A file of the first two classes. */
function deployableMatcher(classification: Classification): (path: string) => boolean {
  const classify = fileClassifier(classification);
  return (path) => classify(path) !== "neither";
}
