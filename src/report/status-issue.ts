import type { ConfigProblem } from "../config/diagnostics.js";
import type { DependencyPatchesVerdict } from "../practices/dependency-patches.js";
import { SEVERITIES } from "../practices/dependency-patches.js";
import { type DeliveryMemory, weekStartOf } from "../practices/outcomes.js";
import { day, type SprintReviewVerdict } from "../practices/sprint-review.js";
import { PULL_REQUEST_PRACTICES, type PullRequestPractice, type RecordedOutcome } from "../practices/types.js";
import type { WaiverRecord } from "./check-run.js";
import { embedData, type LapsePractice, MARKERS } from "./data-block.js";
import { escapeText, inlineCode, renderMessage, tableCell } from "./escape.js";
import { type OutcomesReport, renderOutcomesSection } from "./outcomes-section.js";
import { commentLink, userLink } from "./waiver-text.js";

/** One merged pull request's verdicts, as kept in the status issue's data block. */
export interface MergedRecord {
  /** Pull request number. */
  n: number;
  /** When it was merged (ISO 8601). */
  at: string;
  /** Outcome per practice at merge time (`waived`: failed, and waived with a reason). */
  r: Partial<Record<PullRequestPractice, RecordedOutcome>>;
  /** The waivers in force at merge time: practice, who, the comment. */
  w?: WaiverRecord[];
}

export interface StatusData {
  merged: MergedRecord[];
  /** What the outcomes need not read again (final deployment states, first-commit times). */
  outcomes?: DeliveryMemory;
}

/** How many merged pull requests the status issue keeps, and how many the shares are over. */
export const HISTORY_KEPT = 200;
export const SHARE_WINDOW = 30;
const CHART_WEEKS = 8;
const WAIVERS_LISTED_DAYS = 30;
const WAIVERS_SHOWN = 50;
const OPEN_PULLS_SHOWN = 20;

export interface OpenPullSummary {
  number: number;
  title: string;
  url: string;
  /** The Shipshape check run's conclusion on its head commit; null when there is none yet. */
  conclusion: string | null;
  /** The waivers in force on it. */
  waivers?: WaiverRecord[];
}

export interface StatusReport {
  repo: string;
  configProblems?: ConfigProblem[];
  sprint?: SprintReviewVerdict;
  patches?: DependencyPatchesVerdict;
  openPulls: OpenPullSummary[] | null;
  history: MergedRecord[];
  lapseIssues: { practice: LapsePractice; number: number; url: string }[];
  /** Pull-request practices turned off in the config: shown as off, never as met. */
  practicesOff?: PullRequestPractice[];
  /** Lists that were longer than Shipshape reads ("only the oldest 1,000 open alerts were read"). */
  readLimits?: string[];
  /** The sweep's time, from which "the last 30 days" of waivers count. */
  now?: Date;
  /** Delivery outcomes, when `outcomes.enabled`. */
  outcomes?: OutcomesReport;
  /** Kept in the data block for the next sweep. */
  outcomesMemory?: DeliveryMemory;
}

const PRACTICE_LABELS: Record<PullRequestPractice, string> = {
  tests: "Tests with code",
  staging: "Staging before merge",
  rollback: "Rollback notes",
  requirements: "Linked requirements",
  dependencies: "Justified dependencies",
};

export function renderStatusIssue(report: StatusReport): string {
  const data: StatusData = {
    merged: report.history,
    ...(report.outcomesMemory ? { outcomes: report.outcomesMemory } : {}),
  };
  const sections: string[] = [MARKERS.status, embedData(data)];
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
  if (report.outcomes) sections.push(renderOutcomesSection(report.outcomes, PRACTICE_LABELS));
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
  if (report.now) {
    const waivers = waiversSection(report.history, report.openPulls ?? [], report.now);
    if (waivers) sections.push(waivers);
  }
  sections.push(trendSection(report.history, new Set(report.practicesOff ?? [])));
  sections.push(
    "_Kept up to date by Shipshape; edits to this issue are overwritten. Configure it with `status_issue` in `.github/shipshape.yml`._",
  );
  return sections.join("\n\n");
}

function practicesTable(report: StatusReport): string {
  const recent = report.history.slice(-SHARE_WINDOW);
  const off = new Set(report.practicesOff ?? []);
  const rows = PULL_REQUEST_PRACTICES.map((practice) => {
    if (off.has(practice)) return ["➖", PRACTICE_LABELS[practice], `off (\`pull_requests.${practice}.enforcement\`)`];
    const { judged, met, waived, share } = shareMeeting(recent, practice);
    if (share === null) return ["➖", PRACTICE_LABELS[practice], "no merged pull request it applied to yet"];
    return [
      share === 100 ? "✅" : share >= 80 ? "⚠️" : "❌",
      PRACTICE_LABELS[practice],
      `${met} of the last ${judged} merged PRs met it (${share} %)${waived > 0 ? `, ${waived} waived` : ""}`,
    ];
  });
  const lapse = (practice: LapsePractice) => report.lapseIssues.find((issue) => issue.practice === practice);
  if (report.sprint) {
    const issue = lapse("sprint_review");
    rows.push([
      icon(report.sprint.outcome),
      "Sprint review cadence",
      `${renderMessage(report.sprint.summary)}${issue ? ` See #${issue.number}.` : ""}`,
    ]);
  }
  if (report.patches) {
    const issue = lapse("dependency_patches");
    rows.push([
      icon(report.patches.outcome),
      "Dependency patches",
      `${renderMessage(report.patches.summary)}${issue ? ` See #${issue.number}.` : ""}`,
    ]);
  }
  return [
    "| | Practice | State |",
    "| :-: | --- | --- |",
    ...rows.map((row) => `| ${row.map(tableCell).join(" | ")} |`),
  ].join("\n");
}

/**
 * The waivers of the last 30 days: kept with the pull requests merged in that time, and in force
 * on the open ones. How many per practice, who, where.
 */
function waiversSection(history: readonly MergedRecord[], openPulls: readonly OpenPullSummary[], now: Date) {
  const since = now.getTime() - WAIVERS_LISTED_DAYS * 86_400_000;
  const merged = history
    .filter((record) => Date.parse(record.at) >= since)
    .flatMap((record) => (record.w ?? []).map((waiver) => ({ n: record.n, merged: day(new Date(record.at)), waiver })))
    .reverse();
  const open = openPulls.flatMap((pull) =>
    (pull.waivers ?? []).map((waiver) => ({ n: pull.number, merged: "open", waiver })),
  );
  const waived = [...open, ...merged];
  if (waived.length === 0) return null;
  const perPractice = PULL_REQUEST_PRACTICES.flatMap((practice) => {
    const count = waived.filter(({ waiver }) => waiver.p === practice).length;
    return count > 0 ? [`${PRACTICE_LABELS[practice]}: ${count}`] : [];
  });
  const rows = waived.slice(0, WAIVERS_SHOWN).map(({ n, merged: when, waiver }) => {
    const who = `${userLink(waiver.by, waiver.u)} (${commentLink(waiver.u, "reason")})`;
    return `| ${pullRequestLink(n, waiver.u)} | ${when} | ${PRACTICE_LABELS[waiver.p]} | ${who} |`;
  });
  return [
    `### Waivers in the last ${WAIVERS_LISTED_DAYS} days`,
    "",
    `${waived.length} (${merged.length} in merged pull requests, ${open.length} in open ones): ${perPractice.join(" · ")}.`,
    "",
    "| Pull request | Merged | Practice | Waived by |",
    "| --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

/** `#12` linked to the pull request its waiver comment belongs to. */
function pullRequestLink(number: number, commentUrl: string): string {
  const pullUrl = commentUrl.split("#")[0] ?? "";
  return /\/pull\/\d+$/.test(pullUrl) ? commentLink(pullUrl, `#${number}`) : `#${number}`;
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

/**
 * How many merged pull requests a practice was judged on, how many met it and how many had it
 * waived, and the share met in percent (null when none was judged): "not applicable" is neither
 * met nor missed; a waived practice was judged and not met, and is counted apart from the misses.
 */
function shareMeeting(
  records: readonly MergedRecord[],
  practice: PullRequestPractice,
): { judged: number; met: number; waived: number; share: number | null } {
  const outcomes = records.map((record) => record.r[practice]);
  const judged = outcomes.filter((outcome) => outcome === "pass" || outcome === "fail" || outcome === "waived").length;
  const met = outcomes.filter((outcome) => outcome === "pass").length;
  const waived = outcomes.filter((outcome) => outcome === "waived").length;
  return { judged, met, waived, share: judged === 0 ? null : Math.round((met / judged) * 100) };
}

/**
 * The weekly trend as a table, one row per calendar week up to the latest merge: a week without
 * merged pull requests, or without any judged on a practice, is a gap (—), never 100 %.
 */
function trendSection(history: readonly MergedRecord[], off: ReadonlySet<PullRequestPractice>): string {
  const latest = history.at(-1);
  if (!latest) return "### Trend\n\nThe trend appears once merged pull requests have been checked.";
  const weeks: string[] = [];
  const last = new Date(`${weekStart(new Date(latest.at))}T00:00:00Z`);
  for (let index = CHART_WEEKS - 1; index >= 0; index--) {
    weeks.push(day(new Date(last.getTime() - index * 7 * 86_400_000)));
  }
  const byWeek = new Map<string, MergedRecord[]>();
  for (const record of history) {
    const week = weekStart(new Date(record.at));
    byWeek.set(week, [...(byWeek.get(week) ?? []), record]);
  }
  const practices = PULL_REQUEST_PRACTICES.filter((practice) => !off.has(practice));
  const rows = weeks.map((week) => {
    const records = byWeek.get(week) ?? [];
    const shares = practices.map((practice) => {
      const { share } = shareMeeting(records, practice);
      return share === null ? "—" : `${share} %`;
    });
    return `| ${week} | ${records.length} | ${shares.join(" | ")} |`;
  });
  return [
    "### Trend",
    "",
    "Share of merged pull requests meeting each practice, by week (— : nothing to judge that week).",
    "",
    `| Week of | Merged | ${practices.map((practice) => PRACTICE_LABELS[practice]).join(" | ")} |`,
    `| --- | --: | ${practices.map(() => "--:").join(" | ")} |`,
    ...rows,
  ].join("\n");
}

/** The day its week starts (Monday, UTC), as the trend's rows name weeks. */
function weekStart(date: Date): string {
  return day(new Date(weekStartOf(date.getTime())));
}

function icon(outcome: "pass" | "fail" | "skip"): string {
  return outcome === "pass" ? "✅" : outcome === "fail" ? "❌" : "➖";
}

function conclusionIcon(conclusion: string | null): string {
  if (conclusion === null) return "⏳ not checked yet";
  const icons: Record<string, string> = { success: "✅", failure: "❌", neutral: "⚠️", skipped: "➖" };
  return `${icons[conclusion] ?? "❔"} ${conclusion}`;
}
