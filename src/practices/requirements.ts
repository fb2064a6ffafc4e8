import { matchesOf } from "../config/patterns.js";
import type { PullRequestsConfig } from "../config/schema.js";
import { parseBody, referenceText } from "../markdown/pr-body.js";
import type { PullRequestFacts } from "./facts.js";
import { quote, say } from "./message.js";
import type { Verdict } from "./types.js";

type RequirementsConfig = PullRequestsConfig["requirements"];

/**
 * A whole issue reference: `#12`, `GH-12`, `owner/repo#12` (closing keywords such as "Fixes #12"
 * contain these). Not one inside a word or path (`foo#12`, `&#12;`), not `#0` or `#012`, not a
 * hex colour (`#123abc`) or a number that goes on (`#12.5`, `#12-b`).
 */
const ISSUE_REFERENCE = /(?<![\w&/#-])((?:[\w.-]+\/[\w.-]+)?#[1-9]\d{0,8}|GH-[1-9]\d{0,8})(?![\w-]|\.\d|[/#])/gi;
const ISSUE_URL = /\bhttps?:\/\/[^\s/]+\/[\w.-]+\/[\w.-]+\/issues\/[1-9]\d*\b/i;
/** "makes us #1", "the #2 cause", "ranked #3": a rank, not an issue. */
const RANK_BEFORE = /\b(?:us|our|the|ranked|rank|top|number|no\.)\s+$/i;
/** A colour (`color: #123456`, `fill="#fff"`) spelled with digits only. */
const COLOUR_BEFORE = /(?:colou?r|background|fill|stroke|border|hex|rgb)[\s\w-]*[:=]?\s*["']?$/i;

/**
 * Tracker-key look-alikes that a pattern such as `[A-Z][A-Z0-9]+-\d+` also matches: encodings,
 * hashes, standards and model names are not requirements.
 */
const NOT_TRACKER_KEYS =
  /^(?:UTF|UCS|SHA|MD|AES|RSA|DES|ECDSA|ED|ISO|IEC|IEEE|RFC|ECMA|ES|ANSI|CVE|CWE|GHSA|PEP|JSR|HTTP|HTTPS|TLS|SSL|IPV|TCP|UDP|WCAG|PCI|SOC|PKCS|X|H|HDMI|USB|DDR|LTE|COVID|GPT|ARM|WPA|OAUTH|JSON|YAML|BASE|CP|WIN|LATIN|ASCII|S|P|T|EC|K|KB)-/i;

/** The PR links the requirement it implements. */
export function evaluateRequirements(
  config: RequirementsConfig,
  facts: Pick<PullRequestFacts, "title" | "body" | "headRef">,
): Verdict {
  const prose = `${facts.title}\n${referenceText(parseBody(facts.body))}`;
  const reference = ISSUE_URL.exec(prose)?.[0] ?? findIssueReference(prose);
  if (reference) return { outcome: "pass", summary: say`Links ${quote(reference)}.` };

  if (config.key_pattern) {
    const key = findTrackerKey(config.key_pattern, prose) ?? findTrackerKey(config.key_pattern, facts.headRef);
    if (key) return { outcome: "pass", summary: say`Refers to ${quote(key)}.` };
  }
  const keys = config.key_pattern ? say`, a key matching ${quote(config.key_pattern)}` : [];
  return {
    outcome: "fail",
    summary: ["The PR links no issue or requirement."],
    // The examples are quoted: bare, `#123` would link to this repository's issue 123.
    fix: say`Link the requirement in the title or description (${quote("#123")}, ${quote("owner/repo#123")}, an issue URL${keys}), or set ${quote("pull_requests.requirements.key_pattern")} for your tracker's keys.`,
  };
}

function findIssueReference(prose: string): string | undefined {
  for (const match of prose.matchAll(ISSUE_REFERENCE)) {
    const before = prose.slice(Math.max(0, (match.index ?? 0) - 40), match.index);
    const reference = match[1] ?? "";
    const bare = reference.startsWith("#");
    if (bare && RANK_BEFORE.test(before)) continue;
    if (bare && /^#\d{3}(?:\d{3})?$/.test(reference) && COLOUR_BEFORE.test(before)) continue;
    return reference;
  }
  return undefined;
}

/**
 * The first whole match of the tracker pattern (run on RE2: linear time whatever the pattern)
 * that is not a well-known look-alike (UTF-8, SHA-256).
 */
function findTrackerKey(pattern: string, text: string): string | undefined {
  for (const { text: key, start } of matchesOf(pattern, text)) {
    if (!key) continue;
    const before = text[start - 1] ?? "";
    const after = text[start + key.length] ?? "";
    // Whole keys only: not inside a word or a longer identifier (CVE-2024-1234 is not "CVE-2024").
    if (/[\w-]/.test(before) || /[\w]/.test(after) || (after === "-" && /\d/.test(text[start + key.length + 1] ?? "")))
      continue;
    if (NOT_TRACKER_KEYS.test(key)) continue;
    return key;
  }
  return undefined;
}
