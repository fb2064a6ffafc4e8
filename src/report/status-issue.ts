import type { ConfigProblem } from "../config/diagnostics.js";
import type { DependencyPatchesVerdict } from "../practices/dependency-patches.js";
import { SEVERITIES } from "../practices/dependency-patches.js";
import { day, type SprintReviewVerdict } from "../practices/sprint-review.js";
import { type Outcome, PULL_REQUEST_PRACTICES, type PullRequestPractice } from "../practices/types.js";
import { embedData, type LapsePractice, MARKERS } from "./data-block.js";
import { escapeText, inlineCode, tableCell } from "./escape.js";

/** One merged pull request's verdicts, as kept in the status issue's data block. */
export interface MergedRecord {
  /** Pull request number. */
  n: number;
  /** When it was merged (ISO 8601). */
  at: string;
  /** Outcome per practice at merge time. */
  r: Partial<Record<PullRequestPractice, Outcome>>;
}

export interface StatusData {
  merged: MergedRecord[];
}

/** How many merged pull requests the status issue keeps, and how many the shares are over. */
export const HISTORY_KEPT = 200;
export const SHARE_WINDOW = 30;
const CHART_WEEKS = 8;
const OPEN_PULLS_SHOWN = 20;

export interface OpenPullSummary {
  number: number;
  title: string;
  url: string;
  /** The Shipshape check run's conclusion on its head commit; null when there is none yet. */
  conclusion: string | null;
}

export interface StatusReport {
  repo: string;
  configProblems?: ConfigProblem[];
  sprint?: SprintReviewVerdict;
  patches?: DependencyPatchesVerdict;
  openPulls: OpenPullSummary[] | null;
  history: MergedRecord[];
  lapseIssues: { practice: LapsePractice; number: number; url: string }[];
  /** Lists that were longer than Shipshape reads ("only the oldest 1,000 open alerts were read"). */
  readLimits?: string[];
}

const PRACTICE_LABELS: Record<PullRequestPractice, string> = {
  tests: "Tests with code",
  staging: "Staging before merge",
  rollback: "Rollback notes",
  requirements: "Linked requirements",
  dependencies: "Justified dependencies",
};

export function renderStatusIssue(report: StatusReport): string {
  const sections: string[] = [MARKERS.status, embedData({ merged: report.history } satisfies StatusData)];
  sections.push(`## Delivery practices of ${escapeText(report.repo)}`);
  if (report.configProblems) {
    sections.push(
      [
        "> [!CAUTION]",
        "> **The Shipshape configuration is invalid**, so nothing below is up to date. Fix `.github/shipshape.yml` on the default branch:",
        ...report.configProblems.map(
          (problem) =>
            `> - ${inlineCode(`${problem.file}:${problem.line}:${problem.column}`)} ${problem.key ? inlineCode(problem.key) : ""} ${escapeText(problem.message)}`,
        ),
      ].join("\n"),
    );
  }
  sections.push(practicesTable(report));
  if (report.sprint) sections.push(cadenceSection(report.sprint));
  if (report.patches) sections.push(maintenanceSection(report.patches));
  if (report.openPulls) sections.push(openPullsSection(report.openPulls));
  if (report.readLimits && report.readLimits.length > 0) {
    sections.push(
      [
        "> [!NOTE]",
        "> Some lists were longer than Shipshape reads, so the figures above may be incomplete:",
        ...report.readLimits.map((limit) => `> - ${escapeText(limit)}`),
      ].join("\n"),
    );
  }
  sections.push(trendSection(report.history));
  sections.push(
    "_Kept up to date by Shipshape; edits to this issue are overwritten. Configure it with `status_issue` in `.github/shipshape.yml`._",
  );
  return sections.join("\n\n");
}

function practicesTable(report: StatusReport): string {
  const recent = report.history.slice(-SHARE_WINDOW);
  const rows = PULL_REQUEST_PRACTICES.map((practice) => {
    const judged = recent.filter((record) => record.r[practice] !== undefined);
    const met = judged.filter((record) => record.r[practice] !== "fail").length;
    if (judged.length === 0) return ["➖", PRACTICE_LABELS[practice], "no merged pull request recorded yet"];
    const share = Math.round((met / judged.length) * 100);
    return [
      share === 100 ? "✅" : share >= 80 ? "⚠️" : "❌",
      PRACTICE_LABELS[practice],
      `${met} of the last ${judged.length} merged PRs met it (${share} %)`,
    ];
  });
  const lapse = (practice: LapsePractice) => report.lapseIssues.find((issue) => issue.practice === practice);
  if (report.sprint) {
    const issue = lapse("sprint_review");
    rows.push([
      icon(report.sprint.outcome),
      "Sprint review cadence",
      `${report.sprint.summary}${issue ? ` See #${issue.number}.` : ""}`,
    ]);
  }
  if (report.patches) {
    const issue = lapse("dependency_patches");
    rows.push([
      icon(report.patches.outcome),
      "Dependency patches",
      `${report.patches.summary}${issue ? ` See #${issue.number}.` : ""}`,
    ]);
  }
  return [
    "| | Practice | State |",
    "| :-: | --- | --- |",
    ...rows.map((row) => `| ${row.map(tableCell).join(" | ")} |`),
  ].join("\n");
}

function cadenceSection(verdict: SprintReviewVerdict): string {
  const last = verdict.lastReview
    ? `[${escapeText(verdict.lastReview.title)}](${verdict.lastReview.url}) on ${day(verdict.lastReview.at)}`
    : "none recorded";
  return [
    "### Cadence",
    "",
    `- Last sprint review: ${last}`,
    `- Next review due: ${verdict.dueAt ? day(verdict.dueAt) : "when the first review is recorded"}`,
  ].join("\n");
}

function maintenanceSection(verdict: DependencyPatchesVerdict): string {
  const staleUpdates = verdict.stale.filter((item) => item.kind === "update").length;
  const alerts = verdict.openAlerts
    ? SEVERITIES.map((severity) => `${severity} ${verdict.openAlerts?.[severity] ?? 0}`).join(", ")
    : escapeText(verdict.alertsUnavailable ?? "not read");
  return [
    "### Maintenance",
    "",
    `- Open update PRs: ${verdict.openUpdates}, stale: ${staleUpdates}`,
    `- Open Dependabot alerts: ${alerts}`,
    `- Past their SLA: ${verdict.stale.length - staleUpdates}`,
  ].join("\n");
}

function openPullsSection(pulls: readonly OpenPullSummary[]): string {
  if (pulls.length === 0) return "### Open pull requests\n\nNone.";
  const rows = pulls
    .slice(0, OPEN_PULLS_SHOWN)
    .map(
      (pull) =>
        `| [#${pull.number}](${pull.url}) ${tableCell(escapeText(pull.title))} | ${conclusionIcon(pull.conclusion)} |`,
    );
  const more = pulls.length > OPEN_PULLS_SHOWN ? [`\n… and ${pulls.length - OPEN_PULLS_SHOWN} more.`] : [];
  return ["### Open pull requests", "", "| Pull request | Shipshape |", "| --- | --- |", ...rows, ...more].join("\n");
}

function trendSection(history: readonly MergedRecord[]): string {
  const weeks = new Map<string, MergedRecord[]>();
  for (const record of history) {
    const week = weekStart(new Date(record.at));
    weeks.set(week, [...(weeks.get(week) ?? []), record]);
  }
  const shown = [...weeks.keys()].sort().slice(-CHART_WEEKS);
  if (shown.length === 0) return "### Trend\n\nThe trend appears once merged pull requests have been checked.";
  const series = PULL_REQUEST_PRACTICES.map((practice) =>
    shown.map((week) => {
      const records = (weeks.get(week) ?? []).filter((record) => record.r[practice] !== undefined);
      return records.length === 0
        ? 100
        : Math.round((records.filter((record) => record.r[practice] !== "fail").length / records.length) * 100);
    }),
  );
  return [
    "### Trend",
    "",
    "Share of merged pull requests meeting each practice, by week (lines in order: tests, staging, rollback, requirements, dependencies).",
    "",
    "```mermaid",
    "xychart-beta",
    '  title "Merged PRs meeting each practice (%)"',
    `  x-axis [${shown.map((week) => `"${week.slice(5)}"`).join(", ")}]`,
    '  y-axis "%" 0 --> 100',
    ...series.map((values) => `  line [${values.join(", ")}]`),
    "```",
  ].join("\n");
}

/** The Monday of the week a date falls in, as YYYY-MM-DD. */
function weekStart(date: Date): string {
  const monday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return day(monday);
}

function icon(outcome: "pass" | "fail" | "skip"): string {
  return outcome === "pass" ? "✅" : outcome === "fail" ? "❌" : "➖";
}

function conclusionIcon(conclusion: string | null): string {
  if (conclusion === null) return "⏳ not checked yet";
  const icons: Record<string, string> = { success: "✅", failure: "❌", neutral: "⚠️", skipped: "➖" };
  return `${icons[conclusion] ?? "❔"} ${conclusion}`;
}
