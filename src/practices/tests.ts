import type { PullRequestsConfig } from "../config/schema.js";
import { changedContent, type PullRequestFacts, visibilityNote } from "./facts.js";
import { globMatcher } from "./globs.js";
import { counted, quote, say } from "./message.js";
import { couldNotCheck, type Verdict } from "./types.js";

const FIX = say`Add or update tests matching ${quote("pull_requests.tests.tests")}, or narrow ${quote("pull_requests.tests.source")} if these files need no tests.`;

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
    return { outcome: "skip", summary: say`No source files changed.${note}` };
  }
  if (tests.length > 0) {
    return {
      outcome: "pass",
      summary: say`${counted(sources.length, "source file")} and ${counted(tests.length, "test file")} changed.${note}`,
    };
  }
  return {
    outcome: "fail",
    summary: say`${counted(sources.length, "source file")} changed without any test change.${note}`,
    details: sources.map((file) => [quote(file.filename)]),
    fix: FIX,
  };
}
