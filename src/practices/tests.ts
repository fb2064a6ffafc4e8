import type { PullRequestsConfig } from "../config/schema.js";
import { inlineCode } from "../report/escape.js";
import { count } from "../report/words.js";
import { changedContent, type PullRequestFacts, visibilityNote } from "./facts.js";
import { globMatcher } from "./globs.js";
import { couldNotCheck, type Verdict } from "./types.js";

const FIX =
  "Add or update tests matching `pull_requests.tests.tests`, or narrow `pull_requests.tests.source` if these files need no tests.";

/** Source changes must come with test changes. */
export function evaluateTests(config: PullRequestsConfig["tests"], facts: Pick<PullRequestFacts, "files">): Verdict {
  if (!facts.files) return couldNotCheck("the changed files", "they were not read", FIX);
  if (!facts.files.ok) return couldNotCheck("the changed files", facts.files.reason, FIX);

  const isTest = globMatcher(config.tests);
  const isSource = globMatcher(config.source);
  const changed = changedContent(facts.files.value.files);
  const tests = changed.filter((file) => isTest(file.filename));
  // A test file inside a source folder (src/a.test.ts) is a test, not a source change.
  const sources = changed.filter((file) => isSource(file.filename) && !isTest(file.filename));
  const note = visibilityNote(facts.files.value);

  if (sources.length === 0) {
    return { outcome: "skip", summary: `No source files changed.${note}` };
  }
  if (tests.length > 0) {
    return {
      outcome: "pass",
      summary: `${count(sources.length, "source file")} and ${count(tests.length, "test file")} changed.${note}`,
    };
  }
  return {
    outcome: "fail",
    summary: `${count(sources.length, "source file")} changed without any test change.${note}`,
    details: sources.map((file) => inlineCode(file.filename)),
    fix: FIX,
  };
}
