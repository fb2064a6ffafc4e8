import { DEPLOYABLE_EXTRA_GLOBS } from "../config/ecosystem-defaults.js";
import type { PullRequestFacts } from "./facts.js";
import { globMatcher } from "./globs.js";

/**
 * Whether a practice that guards a deployment (staging, rollback) applies to a pull request:
 * when it changes deployable files. `paths: null` means the files `tests.source` matches plus
 * migrations and deployment files; `[]` means always; a list means those globs.
 */
export type Applicability =
  | { applies: true }
  | { applies: false; reason: "no-deployable-change" | "no-matching-path" }
  | { applies: "unknown"; reason: string };

export function appliesToChange(
  paths: readonly string[] | null,
  classification: { source: readonly string[]; tests: readonly string[] },
  facts: Pick<PullRequestFacts, "files">,
): Applicability {
  if (paths !== null && paths.length === 0) return { applies: true };
  if (!facts.files) return { applies: "unknown", reason: "the changed files were not read" };
  if (!facts.files.ok) return { applies: "unknown", reason: facts.files.reason };
  const matches = paths === null ? deployableMatcher(classification) : globMatcher(paths);
  // Deleting code is a change to deploy too, so removed files count here.
  if (facts.files.value.files.some((file) => matches(file.filename))) return { applies: true };
  return { applies: false, reason: paths === null ? "no-deployable-change" : "no-matching-path" };
}

/** Source that is not a test (tests are not deployed), or a migration or deployment file. */
function deployableMatcher(classification: { source: readonly string[]; tests: readonly string[] }) {
  const source = globMatcher(classification.source);
  const test = globMatcher(classification.tests);
  const extra = globMatcher(DEPLOYABLE_EXTRA_GLOBS);
  return (path: string) => (source(path) && !test(path)) || extra(path);
}
