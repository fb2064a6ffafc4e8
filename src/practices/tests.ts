import { DEPLOYMENT_GLOBS } from "../config/ecosystem-defaults.js";
import type { PullRequestsConfig } from "../config/schema.js";
import { fileClassifier } from "./deployable.js";
import {
  behaviourNeutral,
  changedContent,
  changesTestsInside,
  judgedByName,
  onlyChangesData,
  onlyRemovesCode,
  type PullRequestFacts,
  patchNote,
  visibilityNote,
} from "./facts.js";
import { globMatcher } from "./globs.js";
import { counted, quote, say } from "./message.js";
import { couldNotCheck, type Verdict } from "./types.js";

const FIX = say`Add or update tests matching ${quote("pull_requests.tests.tests")}, or narrow ${quote("pull_requests.tests.source")} if these files need no tests.`;

/**
 * Source changes must come with test changes. A source file whose patch changes only comments,
 * docstrings or whitespace needs none, nor does one whose patch only deletes lines of code (dead
 * code, a removed feature: nothing new to test; tests changed beside it still pass the practice),
 * nor one whose patch only changes literal values on lines of their own (a data table's entries, a
 * text); one whose patch adds or changes tests written inside it (Rust `#[test]`, doctests) is a
 * test change too.
 */
export function evaluateTests(config: PullRequestsConfig["tests"], facts: Pick<PullRequestFacts, "files">): Verdict {
  if (!facts.files) return couldNotCheck("the changed files", "they were not read", FIX);
  if (!facts.files.ok) return couldNotCheck("the changed files", facts.files.reason, FIX);

  const classify = fileClassifier(config);
  const changed = changedContent(facts.files.value.files);
  // A test file inside a source folder (src/a.test.ts) is a test, not a source change.
  const code = changed.filter((file) => classify(file.filename) === "needs-tests");
  const neutral = code.filter(behaviourNeutral);
  const removals = code.filter(onlyRemovesCode);
  const data = code.filter(onlyChangesData);
  const sources = code.filter((file) => !behaviourNeutral(file) && !onlyRemovesCode(file) && !onlyChangesData(file));
  const testsInside = code.filter(changesTestsInside);
  const isTest = globMatcher(config.tests);
  // A test file whose patch changes only comments or whitespace is no test change.
  const testFiles = changed.filter((file) => isTest(file.filename) && !behaviourNeutral(file));
  const note = [...patchNote(neutral, judgedByName(sources), removals, data), ...visibilityNote(facts.files.value)];
  const testParts = [
    ...(testFiles.length > 0 ? [counted(testFiles.length, "test file")] : []),
    ...(testsInside.length > 0 ? [say`tests inside ${counted(testsInside.length, "source file")}`] : []),
  ];

  if (sources.length === 0) {
    if (testsInside.length > 0) return { outcome: "pass", summary: say`Tests inside source files changed.${note}` };
    // Tests beside a change that needs none of its own (a template, configuration, deleted code,
    // a data table's entries) still test that change: the practice is met, not merely not applicable.
    // The deployment itself (a Dockerfile, Kubernetes manifests) is not what tests test.
    const isDeployment = globMatcher(DEPLOYMENT_GLOBS);
    const shipped = changed.filter(
      (file) => classify(file.filename) === "deployable" && !behaviourNeutral(file) && !isDeployment(file.filename),
    );
    if (testFiles.length > 0 && (removals.length > 0 || data.length > 0 || shipped.length > 0)) {
      const one = shipped.length === 1;
      const beside =
        shipped.length > 0
          ? say` with ${counted(shipped.length, "deployable file")} that ${one ? "needs" : "need"} no tests of ${one ? "its" : "their"} own`
          : [];
      return { outcome: "pass", summary: say`${counted(testFiles.length, "test file")} changed${beside}.${note}` };
    }
    return { outcome: "skip", summary: say`No source files changed.${note}` };
  }
  if (testParts.length > 0) {
    return {
      outcome: "pass",
      summary: say`${counted(sources.length, "source file")} and ${testParts.flatMap((part, index) => (index === 0 ? part : [" and ", ...part]))} changed.${note}`,
    };
  }
  return {
    outcome: "fail",
    summary: say`${counted(sources.length, "source file")} changed without any test change.${note}`,
    details: sources.map((file) => [quote(file.filename)]),
    fix: FIX,
  };
}
