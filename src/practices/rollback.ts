import type { PullRequestsConfig } from "../config/schema.js";
import { authoredText, findSection, parseBody, templateText } from "../markdown/pr-body.js";
import type { PullRequestFacts } from "./facts.js";
import { quote, say } from "./message.js";
import type { Verdict } from "./types.js";

type RollbackConfig = PullRequestsConfig["rollback"];

/**
 * The PR description says how to undo the change: a section under the configured heading with
 * text the author wrote (template text, prompts and placeholders removed). Whether it applies at
 * all (deployable code changed) is decided before, in evaluatePullRequest.
 */
export function evaluateRollback(config: RollbackConfig, facts: Pick<PullRequestFacts, "body" | "templates">): Verdict {
  const heading = quote(config.heading);
  const fix = say`Add a ${heading} section to the PR description saying how to undo this change (at least ${config.min_length} characters), or change ${quote("pull_requests.rollback.heading")}.`;

  const section = findSection(parseBody(facts.body), config.heading);
  if (section === null) {
    return { outcome: "fail", summary: say`The PR description has no ${heading} section.`, fix };
  }
  const text = authoredText(section, templateText(facts.templates ?? []));
  if (text.length < config.min_length) {
    const what =
      text.length === 0 ? say`is empty or only template text` : say`has only ${text.length} characters of text`;
    return { outcome: "fail", summary: say`The ${heading} section ${what} (needs ${config.min_length}).`, fix };
  }
  return { outcome: "pass", summary: say`The ${heading} section describes how to roll back.` };
}
