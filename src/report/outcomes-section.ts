import type { Band, DeliveryOutcomes, FailureKind, Share } from "../practices/outcomes.js";
import { day } from "../practices/sprint-review.js";
import { PULL_REQUEST_PRACTICES, type PullRequestPractice } from "../practices/types.js";
import { escapeText, inlineCode, tableCell } from "./escape.js";

/** Fewer deployments than this in a group: its failure rate says nothing yet. */
export const MIN_DEPLOYMENTS_TO_COMPARE = 5;

/** What the status issue shows about delivery outcomes. */
export interface OutcomesReport {
  /** The `outcomes.production` globs, to say which environments count. */
  production: readonly string[];
  /** The `outcomes.window` as written (`30d`). */
  window: string;
  /** Null: no production deployment in the window. */
  outcomes: DeliveryOutcomes | null;
  /** Environments deployed to that are not production ones. */
  otherEnvironments: readonly string[];
  /** Why deployments could not be read, if so. */
  unreadable?: string;
}

const BAND_ICONS: Record<Band, string> = { elite: "🟢", high: "🟢", medium: "🟡", low: "🔴" };

/** "45 minutes", "3 hours", "1.5 hours", "2.3 days". */
export function formatDuration(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 60) return plural(Math.round(minutes), "minute");
  const hours = minutes / 60;
  if (hours < 48) return plural(Math.round(hours * 10) / 10, "hour");
  return plural(Math.round((hours / 24) * 10) / 10, "day");
}

function plural(value: number, unit: string): string {
  return `${value.toLocaleString("en-US")} ${value === 1 ? unit : `${unit}s`}`;
}

function band(value: Band): string {
  return `${BAND_ICONS[value]} ${value}`;
}

function share({ failed, of }: Share): string {
  if (of === 0) return "none";
  const counts = `${failed} of ${of} failed`;
  if (of < MIN_DEPLOYMENTS_TO_COMPARE) return `too few to compare (${counts})`;
  return `${Math.round((failed / of) * 100)} % (${counts})`;
}

export function renderOutcomesSection(report: OutcomesReport, labels: Record<PullRequestPractice, string>): string {
  const environments = `${report.production.map(inlineCode).join(", ")} (\`outcomes.production\`)`;
  const heading = "### Delivery outcomes";
  if (report.unreadable) {
    return [
      heading,
      "",
      `Deployments could not be read, so there are no figures this time: ${escapeText(report.unreadable)}.`,
    ].join("\n");
  }
  const { outcomes } = report;
  if (!outcomes) {
    const seen =
      report.otherEnvironments.length > 0
        ? `the deployments it saw went to ${report.otherEnvironments.slice(0, 10).map(inlineCode).join(", ")}.`
        : "this repository had no deployments in that time (GitHub Actions jobs with an `environment`, or the Deployments API, create them).";
    return [
      heading,
      "",
      `No production deployment in the last ${escapeText(report.window)}, so there are no figures yet. Shipshape counts deployments to environments matching ${environments}; ${seen} Set \`outcomes.production\` to the names your production environments use.`,
    ].join("\n");
  }
  const since = day(new Date(outcomes.window.start));
  const rows: string[][] = [
    [
      "Deployment frequency",
      `${plural(outcomes.frequency.deployments, "successful deployment")} (${outcomes.frequency.perWeek.toLocaleString("en-US")} a week)`,
      band(outcomes.frequency.band),
    ],
    outcomes.leadTime
      ? [
          "Lead time for changes",
          `${formatDuration(outcomes.leadTime.ms)} (median of ${plural(outcomes.leadTime.of, "merged pull request")}, first commit to production)`,
          band(outcomes.leadTime.band),
        ]
      : ["Lead time for changes", "no merged pull request reached production yet", "—"],
    outcomes.changeFailure
      ? [
          "Change failure rate",
          `${outcomes.changeFailure.percent} % (${outcomes.changeFailure.failed} of ${plural(outcomes.changeFailure.of, "deployment")}${failureKinds(outcomes)})`,
          band(outcomes.changeFailure.band),
        ]
      : ["Change failure rate", "no deployment has finished yet", "—"],
    restoreRow(outcomes),
    stagedRow(outcomes),
  ];
  return [
    heading,
    "",
    `Since ${since}, from deployments to environments matching ${environments}.`,
    "",
    "| Figure | Value | DORA band |",
    "| --- | --- | --- |",
    ...rows.map((row) => `| ${row.map(tableCell).join(" | ")} |`),
    "",
    "_Bands: DORA, Accelerate State of DevOps Report 2023 (elite, high, medium, low)._",
    "",
    weeksTable(outcomes),
    "",
    joinTable(outcomes, labels),
  ].join("\n");
}

function failureKinds(outcomes: DeliveryOutcomes): string {
  const failures = outcomes.changeFailure?.failures ?? [];
  if (failures.length === 0) return "";
  const kinds: FailureKind[] = ["failed", "rolled back", "reverted"];
  const parts = kinds.flatMap((kind) => {
    const count = failures.filter((failure) => failure.kind === kind).length;
    return count > 0 ? [`${count} ${kind}`] : [];
  });
  return `: ${parts.join(", ")}`;
}

function restoreRow(outcomes: DeliveryOutcomes): string[] {
  const failures = outcomes.changeFailure?.failures ?? [];
  const open = failures.filter((failure) => failure.restoredAfterMs === null).length;
  const pending = open > 0 ? `; ${open} not restored yet` : "";
  if (!outcomes.restore) {
    return ["Time to restore service", failures.length === 0 ? "no change failure" : `not restored yet${pending}`, "—"];
  }
  return [
    "Time to restore service",
    `${formatDuration(outcomes.restore.ms)} (median of ${plural(outcomes.restore.of, "failure")}${pending})`,
    band(outcomes.restore.band),
  ];
}

/** Staged before production: N of M production deployments (P %); it has no DORA band. */
function stagedRow(outcomes: DeliveryOutcomes): string[] {
  const staged = outcomes.stagedFirst;
  if (!staged) return ["Staged before production", "not known yet (no successful production deployment read)", "—"];
  return [
    "Staged before production",
    `${staged.staged} of ${plural(staged.of, "production deployment")} (${staged.percent} %)`,
    "—",
  ];
}

function weeksTable(outcomes: DeliveryOutcomes): string {
  const rows = outcomes.weeks.map((week) => {
    const rate =
      week.judged === 0 ? "—" : `${Math.round((week.failed / week.judged) * 100)} % (${week.failed} of ${week.judged})`;
    const lead = week.leadTime ? formatDuration(week.leadTime.ms) : "—";
    const staged = week.staged.of === 0 ? "—" : `${week.staged.staged} of ${week.staged.of}`;
    return `| ${day(new Date(week.start))} | ${week.deployments} | ${rate} | ${lead} | ${staged} |`;
  });
  return [
    "#### Outcomes by week",
    "",
    "| Week of | Successful deployments | Change failure rate | Lead time (median) | Staged first |",
    "| --- | --: | --: | --: | --: |",
    ...rows,
  ].join("\n");
}

function joinTable(outcomes: DeliveryOutcomes, labels: Record<PullRequestPractice, string>): string {
  const rows = PULL_REQUEST_PRACTICES.map((practice) => {
    const join = outcomes.join.find((entry) => entry.practice === practice);
    if (!join) return `| ${labels[practice]} | none | none |`;
    return `| ${labels[practice]} | ${share(join.meeting)} | ${share(join.missing)} |`;
  });
  // Shipped without staging counts as a missed practice, judged on the deployment itself.
  rows.push(
    `| Staged before production | ${share(outcomes.stagingJoin.staged)} | ${share(outcomes.stagingJoin.unstaged)} |`,
  );
  return [
    "#### Change failures by practice",
    "",
    `Change failure rate of the production deployments whose pull requests all met a practice, against those that shipped one missing it (failed or waived); under ${MIN_DEPLOYMENTS_TO_COMPARE} deployments a group is too few to compare.`,
    "",
    "| Practice | Shipped PRs meeting it | Shipped a PR missing it |",
    "| --- | --- | --- |",
    ...rows,
  ].join("\n");
}
