import type { GateDecision, GateRule, RuleVerdict } from "../practices/gate.js";
import type { Message } from "../practices/message.js";
import { truncate, withoutBidi } from "./escape.js";

/**
 * The comment GitHub shows with the gate's answer in the workflow run. GitHub documents no markup
 * for it, so it is plain text a person reads as it stands: names in backticks, text from elsewhere
 * (titles, reasons) flattened to one line with mentions defused, bounded in length.
 */
const MAX_COMMENT_LENGTH = 4_000;

const RULE_NAMES: Record<GateRule, string> = {
  freeze: "Freeze",
  staged: "Staged first",
  practices: "Shipped pull requests",
};

export function plainMessage(message: Message): string {
  return message
    .map((part) => {
      if (typeof part === "string") return part;
      const text = withoutBidi("quote" in part ? part.quote : part.text)
        .replace(/\s+/g, " ")
        // An @ followed by a zero-width joiner reads the same and pings nobody.
        .replace(/@/g, "@\u200d");
      return "quote" in part ? `\`${truncate(text.replace(/`/g, "'"), 200)}\`` : truncate(text, 300);
    })
    .join("");
}

function mark(verdict: RuleVerdict): string {
  if (verdict.outcome === "pass") return "OK";
  if (verdict.outcome === "skip") return "--";
  return verdict.level === "error" ? "FAILED" : "WARNING";
}

export function renderGateComment(
  decision: GateDecision,
  context: { environment: string; sha: string; configFiles: readonly string[] },
): string {
  const failed = decision.verdicts.filter((verdict) => verdict.outcome === "fail" && verdict.level === "error");
  const head =
    decision.state === "approved"
      ? `Shipshape approved this deployment of ${context.sha.slice(0, 7)} to ${plainMessage([{ quote: context.environment }])}.`
      : `Shipshape rejected this deployment of ${context.sha.slice(0, 7)} to ${plainMessage([{ quote: context.environment }])}: ${failed.map((verdict) => RULE_NAMES[verdict.rule].toLowerCase()).join(", ")}.`;
  const lines = [head, ""];
  for (const verdict of decision.verdicts) {
    lines.push(`[${mark(verdict)}] ${RULE_NAMES[verdict.rule]}: ${plainMessage(verdict.summary)}`);
    for (const detail of verdict.details ?? []) lines.push(`  - ${plainMessage(detail)}`);
    if (verdict.outcome === "fail" && verdict.fix) lines.push(`  How to fix: ${plainMessage(verdict.fix)}`);
  }
  if (context.configFiles.length > 0)
    lines.push("", `Configured by ${context.configFiles.join(", then ")} (the gate: keys; defaults where not set).`);
  return truncate(lines.join("\n"), MAX_COMMENT_LENGTH);
}

/** The answer where the gate does not judge: another environment, or no config. */
export function renderNotApplicable(reason: "environment" | "unconfigured", environment: string): string {
  const name = plainMessage([{ quote: environment }]);
  return reason === "environment"
    ? `Shipshape approved: the gate does not apply to ${name} (it judges the environments of gate.environments, by default outcomes.production).`
    : `Shipshape approved: this repository has no .github/shipshape.yml, so the gate does not apply to ${name}.`;
}

/** The answer when the config cannot be read or is invalid: rejected, with what to fix. */
export function renderConfigProblem(what: string, problems: readonly string[]): string {
  const lines = [`Shipshape rejected this deployment: ${plainMessage([{ text: what }])}.`];
  for (const problem of problems.slice(0, 10)) lines.push(`  - ${plainMessage([{ text: problem }])}`);
  lines.push(
    "  How to fix: correct .github/shipshape.yml (see the Shipshape check on its pull request), then re-run the deployment.",
  );
  return truncate(lines.join("\n"), MAX_COMMENT_LENGTH);
}
