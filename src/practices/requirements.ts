import type { PullRequestsConfig } from "../config/schema.js";
import { parseBody, referenceText } from "../markdown/pr-body.js";
import { inlineCode } from "../report/escape.js";
import type { PullRequestFacts } from "./facts.js";
import type { Verdict } from "./types.js";

type RequirementsConfig = PullRequestsConfig["requirements"];

// `#12`, `GH-12`, `owner/repo#12` (closing keywords such as "Fixes #12" contain these), and issue URLs on any host.
const ISSUE_REFERENCE = /(?:^|[\s([{,;:])(?:[\w.-]+\/[\w.-]+)?#\d+\b|\bGH-\d+\b/i;
const ISSUE_URL = /https?:\/\/[^\s/]+\/[\w.-]+\/[\w.-]+\/issues\/\d+/i;

/** The PR links the requirement it implements. */
export function evaluateRequirements(
  config: RequirementsConfig,
  facts: Pick<PullRequestFacts, "title" | "body" | "headRef">,
): Verdict {
  const prose = `${facts.title}\n${referenceText(parseBody(facts.body))}`;
  const reference = ISSUE_URL.exec(prose)?.[0] ?? ISSUE_REFERENCE.exec(prose)?.[0]?.trim();
  if (reference) return { outcome: "pass", summary: `Links ${inlineCode(reference)}.` };

  if (config.key_pattern) {
    const keyPattern = new RegExp(config.key_pattern);
    // Tracker keys often live in the branch name (feature/PAY-142-refunds) rather than the text.
    const key = keyPattern.exec(prose)?.[0] ?? keyPattern.exec(facts.headRef)?.[0];
    if (key) return { outcome: "pass", summary: `Refers to ${inlineCode(key)}.` };
  }
  const keys = config.key_pattern ? `, a key matching ${inlineCode(config.key_pattern)}` : "";
  return {
    outcome: "fail",
    summary: "The PR links no issue or requirement.",
    fix: `Link the requirement in the title or description (#123, owner/repo#123, an issue URL${keys}), or set \`pull_requests.requirements.key_pattern\` for your tracker's keys.`,
  };
}
