import type { ConfigProblem } from "../config/diagnostics.js";
import type { Conclusion } from "../practices/evaluate.js";
import {
  type Outcome,
  type PracticeResult,
  PULL_REQUEST_PRACTICES,
  type PullRequestPractice,
} from "../practices/types.js";
import { escapeText, inlineCode, tableCell, truncate } from "./escape.js";
import { count } from "./words.js";

/** The one check run Shipshape keeps per head commit. */
export const CHECK_NAME = "Shipshape";

/** GitHub rejects check-run output fields over 65,535 characters. */
const MAX_OUTPUT_FIELD = 65_000;
const MAX_DETAIL_LINES = 50;

export interface CheckRunOutput {
  conclusion: Conclusion | "skipped";
  title: string;
  summary: string;
  text: string;
  /** Each practice's outcome, kept on the check run so a merge can be recorded without re-evaluating. */
  externalId: string;
}

const OUTCOMES_PREFIX = "shipshape:v1:";

/** `shipshape:v1:tests=pass,staging=fail,…` */
export function encodeOutcomes(results: readonly PracticeResult[]): string {
  return OUTCOMES_PREFIX + results.map((result) => `${result.practice}=${result.outcome}`).join(",");
}

export function decodeOutcomes(
  externalId: string | null | undefined,
): Partial<Record<PullRequestPractice, Outcome>> | undefined {
  if (!externalId?.startsWith(OUTCOMES_PREFIX)) return undefined;
  const outcomes: Partial<Record<PullRequestPractice, Outcome>> = {};
  for (const pair of externalId.slice(OUTCOMES_PREFIX.length).split(",")) {
    const [practice, outcome] = pair.split("=");
    if (
      PULL_REQUEST_PRACTICES.includes(practice as PullRequestPractice) &&
      (outcome === "pass" || outcome === "fail" || outcome === "skip")
    ) {
      outcomes[practice as PullRequestPractice] = outcome;
    }
  }
  return outcomes;
}

const LABELS: Record<PullRequestPractice, string> = {
  tests: "Tests",
  staging: "Staging",
  rollback: "Rollback",
  requirements: "Requirements",
  dependencies: "Dependencies",
};

export function icon(result: Pick<PracticeResult, "outcome" | "enforcement">): string {
  if (result.outcome === "pass") return "✅";
  if (result.outcome === "skip") return "➖";
  return result.enforcement === "error" ? "❌" : "⚠️";
}

export function renderVerdicts(
  results: readonly PracticeResult[],
  conclusion: Conclusion,
  configFiles: readonly string[],
): CheckRunOutput {
  const failing = results.filter((result) => result.outcome === "fail");
  const names = (list: readonly PracticeResult[]) =>
    list.map((result) => LABELS[result.practice].toLowerCase()).join(", ");
  const errors = failing.filter((result) => result.enforcement === "error");
  const warnings = failing.filter((result) => result.enforcement === "warn");
  const title =
    conclusion === "success"
      ? "All delivery practices met"
      : conclusion === "failure"
        ? `${count(errors.length, "practice")} failing: ${names(errors)}`
        : `${count(warnings.length, "warning")}: ${names(warnings)}`;

  const rows = results.map((result) =>
    [icon(result), LABELS[result.practice], result.summary, result.outcome === "fail" ? (result.fix ?? "") : ""].map(
      tableCell,
    ),
  );
  const table = [
    "| | Practice | Result | How to fix |",
    "| :-: | --- | --- | --- |",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ];
  const legend = "✅ met · ❌ failing · ⚠️ warning (does not block) · ➖ off or not applicable";
  const source = `Configured by ${configFiles.map(inlineCode).join(", then ")}.`;
  const summary = [...table, "", legend, "", source].join("\n");

  const sections = results
    .filter((result) => result.details && result.details.length > 0)
    .map((result) => {
      const details = result.details ?? [];
      const shown = details.slice(0, MAX_DETAIL_LINES).map((line) => `- ${line}`);
      if (details.length > MAX_DETAIL_LINES) shown.push(`- … and ${count(details.length - MAX_DETAIL_LINES, "more")}`);
      return [`### ${icon(result)} ${LABELS[result.practice]}`, "", ...shown].join("\n");
    });
  return {
    conclusion,
    title,
    summary: fitOutput(summary),
    text: fitOutput(sections.join("\n\n")),
    externalId: encodeOutcomes(results),
  };
}

export function renderSkipped(reason: string): CheckRunOutput {
  return {
    conclusion: "skipped",
    title: "Skipped",
    summary: `Shipshape did not check this pull request: ${reason}`,
    text: "",
    externalId: "shipshape:skipped",
  };
}

export function renderConfigProblems(problems: readonly ConfigProblem[]): CheckRunOutput {
  const lines = problems.map(
    (problem) =>
      `- ${inlineCode(`${problem.file}:${problem.line}:${problem.column}`)}${problem.key ? ` ${inlineCode(problem.key)}` : ""}: ${escapeText(problem.message)}`,
  );
  return {
    conclusion: "failure",
    title: `Invalid configuration: ${count(problems.length, "problem")}`,
    summary: fitOutput(
      [
        "Shipshape could not read its configuration, so no practice was checked. Fix the file on the default branch (or run `npx shipshape validate` locally):",
        "",
        ...lines,
      ].join("\n"),
    ),
    text: "",
    externalId: "shipshape:invalid-config",
  };
}

function fitOutput(markdown: string): string {
  return truncate(markdown, MAX_OUTPUT_FIELD);
}
