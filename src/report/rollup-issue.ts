import type { RepositoryOutcome } from "../sweep/sweep-installation.js";
import { MARKERS } from "./data-block.js";
import { escapeText, tableCell } from "./escape.js";
import type { IssueContent } from "./lapse-issues.js";

/** The organisation's rollup: a row per configured repository. */
export function renderRollupIssue(organisation: string, outcomes: readonly RepositoryOutcome[]): IssueContent {
  const rows = [...outcomes]
    .filter((outcome) => !outcome.ok || outcome.configured)
    .sort((a, b) => a.repo.localeCompare(b.repo))
    .map((outcome) => {
      if (!outcome.ok) return [escapeText(outcome.repo), `could not be swept: ${escapeText(outcome.error)}`, "", ""];
      const failing = outcome.configError ? "invalid configuration" : outcome.failing.join(", ") || "none";
      const lapses =
        outcome.lapseIssues.map((issue) => `[${issue.practice.replace("_", " ")}](${issue.url})`).join(", ") || "none";
      const status = outcome.statusIssue ? `[status](${outcome.statusIssue.url})` : "";
      return [escapeText(outcome.repo), failing, lapses, status];
    });
  const body = [
    MARKERS.rollup,
    `## Delivery practices across ${escapeText(organisation)}`,
    "",
    "| Repository | Failing practices | Open lapse issues | Status issue |",
    "| --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row.map(tableCell).join(" | ")} |`),
    "",
    "_Kept up to date by Shipshape on every scheduled sweep of the organisation._",
  ].join("\n");
  return { title: "Shipshape: delivery practices across the organisation", body };
}
