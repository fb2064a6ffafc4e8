import type { PullRequestsConfig } from "../config/schema.js";
import { authoredText, findSection, parseBody } from "../markdown/pr-body.js";
import { inlineCode } from "../report/escape.js";
import { changedContent, type PullRequestFacts } from "./facts.js";
import { globMatcher } from "./globs.js";
import { couldNotCheck, type Verdict } from "./types.js";

type RollbackConfig = PullRequestsConfig["rollback"];

/** The PR description says how to undo the change. */
export function evaluateRollback(config: RollbackConfig, facts: Pick<PullRequestFacts, "body" | "files">): Verdict {
  const heading = inlineCode(config.heading);
  const fix = `Add a ${heading} section to the PR description saying how to undo this change (at least ${config.min_length} characters), or change \`pull_requests.rollback.heading\`.`;

  if (config.paths.length > 0) {
    if (!facts.files?.ok) {
      return couldNotCheck(
        "whether a rollback section is needed",
        facts.files?.reason ?? "the changed files were not read",
        fix,
      );
    }
    const needsRollback = globMatcher(config.paths);
    if (!changedContent(facts.files.value.files).some((file) => needsRollback(file.filename))) {
      return { outcome: "skip", summary: "No file matching `pull_requests.rollback.paths` changed." };
    }
  }

  const section = findSection(parseBody(facts.body), config.heading);
  if (section === null) {
    return { outcome: "fail", summary: `The PR description has no ${heading} section.`, fix };
  }
  const text = authoredText(section);
  if (text.length < config.min_length) {
    const what = text.length === 0 ? "is empty or only template text" : `has only ${text.length} characters of text`;
    return { outcome: "fail", summary: `The ${heading} section ${what} (needs ${config.min_length}).`, fix };
  }
  return { outcome: "pass", summary: `The ${heading} section describes how to roll back.` };
}
