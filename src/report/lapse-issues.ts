import type { ShipshapeConfig } from "../config/schema.js";
import type { DependencyPatchesVerdict, StaleItem } from "../practices/dependency-patches.js";
import { day, type SprintReviewVerdict } from "../practices/sprint-review.js";
import { embedData, MARKERS } from "./data-block.js";
import { escapeText, inlineCode } from "./escape.js";

export interface IssueContent {
  title: string;
  body: string;
}

/** What a lapse issue remembers, so a snooze can be judged after a person closes it. */
export interface LapseData {
  /** Sprint review: the due date this issue was about. */
  dueAt?: string;
  /** Dependency patches: the stale items it listed. */
  items?: string[];
}

export function renderSprintReviewLapse(
  repo: string,
  verdict: SprintReviewVerdict,
  config: ShipshapeConfig["cadence"]["sprint_review"],
): IssueContent {
  const last = verdict.lastReview
    ? `The last sprint review was [${escapeText(verdict.lastReview.title)}](${verdict.lastReview.url}) (${verdict.lastReview.kind === "milestone" ? "milestone closed" : "review issue"} on ${day(verdict.lastReview.at)}).`
    : "No sprint review has been recorded since Shipshape started watching this repository.";
  const evidence = [
    config.evidence.milestones ? "close the sprint's milestone" : "",
    config.evidence.labels.length > 0
      ? `open or close an issue labelled ${config.evidence.labels.map(inlineCode).join(" or ")}`
      : "",
  ].filter(Boolean);
  const body = [
    MARKERS.lapse("sprint_review"),
    embedData({ dueAt: verdict.dueAt?.toISOString() } satisfies LapseData),
    `## The sprint-review cadence of ${escapeText(repo)} lapsed`,
    "",
    last,
    `The next review was due on **${verdict.dueAt ? day(verdict.dueAt) : "?"}** (every ${config.every}); the ${config.grace} of grace ended on ${verdict.lapsesAt ? day(verdict.lapsesAt) : "?"}.`,
    "",
    `**How to fix:** hold the review with your stakeholders and ${evidence.join(", or ") || "record it"}. Shipshape closes this issue when it sees the review.`,
    "",
    "The cadence is governed by `cadence.sprint_review` (`every`, `grace`, `evidence`) in `.github/shipshape.yml`. Closing this issue by hand snoozes the reminder until the next due date.",
  ].join("\n");
  return { title: "Sprint review overdue", body };
}

export function renderDependencyPatchesLapse(
  repo: string,
  verdict: DependencyPatchesVerdict,
  config: ShipshapeConfig["maintenance"]["dependency_patches"],
): IssueContent {
  const rows = verdict.stale.map(staleRow);
  const body = [
    MARKERS.lapse("dependency_patches"),
    embedData({ items: verdict.stale.map((item) => item.key) } satisfies LapseData),
    `## Dependency patches in ${escapeText(repo)} are going stale`,
    "",
    "Oldest first:",
    "",
    "| Item | Kind | Age | Limit |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    verdict.alertsUnavailable
      ? `⚠️ Dependabot alerts were not checked: ${escapeText(verdict.alertsUnavailable)}.\n`
      : "",
    "**How to fix:** merge or close the update PRs, and fix or dismiss the alerts. Shipshape closes this issue when nothing stale remains.",
    "",
    `Limits are governed by \`maintenance.dependency_patches\` (\`max_age: ${config.max_age}\`, \`alert_sla\`) in \`.github/shipshape.yml\`. Closing this issue by hand snoozes it until something new goes stale.`,
  ]
    .filter((line, index, lines) => !(line === "" && lines[index - 1] === ""))
    .join("\n");
  const count = verdict.stale.length;
  return { title: `${count} stale dependency patch${count === 1 ? "" : "es"}`, body };
}

function staleRow(item: StaleItem): string {
  if (item.kind === "update") {
    return `| [#${item.pull.number}](${item.pull.url}) ${escapeText(item.pull.title)} | update PR by ${escapeText(item.pull.author)} | ${item.ageDays} days | max age |`;
  }
  return `| [alert ${item.alert.number}](${item.alert.url}) ${escapeText(item.alert.packageName)} | ${item.alert.severity} alert | ${item.ageDays} days | ${item.slaDays} days |`;
}
