import type { OutcomeFigures } from "../practices/outcomes.js";
import { MARKERS } from "./data-block.js";
import { escapeText, tableCell } from "./escape.js";
import type { IssueContent } from "./lapse-issues.js";
import { formatDuration } from "./outcomes-section.js";

/** What the rollup shows of a repository's sweep, or why it could not be swept. */
export type RollupEntry =
  | {
      ok: true;
      repo: string;
      configured: boolean;
      failing: readonly string[];
      lapseIssues: readonly { practice: string; url: string }[];
      statusIssue?: { url: string };
      configError?: boolean;
      outcomes?: OutcomeFigures;
    }
  | { ok: false; repo: string; error: string };

const COLUMNS = [
  "Repository",
  "Failing practices",
  "Open lapse issues",
  "Status issue",
  "Deployments a week",
  "Lead time",
  "Change failure rate",
  "Time to restore",
  "Staged first",
];

/** The organisation's rollup: a row per configured repository. */
export function renderRollupIssue(organisation: string, outcomes: readonly RollupEntry[]): IssueContent {
  const rows = [...outcomes]
    .filter((outcome) => !outcome.ok || outcome.configured)
    .sort((a, b) => a.repo.localeCompare(b.repo))
    .map((outcome) => {
      if (!outcome.ok) {
        const reason = [escapeText(outcome.repo), `could not be swept: ${escapeText(outcome.error)}`];
        return [...reason, ...Array<string>(COLUMNS.length - reason.length).fill("")];
      }
      const failing = outcome.configError ? "invalid configuration" : outcome.failing.join(", ") || "none";
      const lapses =
        outcome.lapseIssues.map((issue) => `[${issue.practice.replace("_", " ")}](${issue.url})`).join(", ") || "none";
      const status = outcome.statusIssue ? `[status](${outcome.statusIssue.url})` : "";
      return [escapeText(outcome.repo), failing, lapses, status, ...figureCells(outcome.outcomes)];
    });
  const body = [
    MARKERS.rollup,
    `## Delivery practices across ${escapeText(organisation)}`,
    "",
    `| ${COLUMNS.join(" | ")} |`,
    `| ${COLUMNS.map((_, index) => (index < 4 ? "---" : "--:")).join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(tableCell).join(" | ")} |`),
    "",
    "_Delivery outcomes over each repository's `outcomes.window` (30 days by default), with their DORA band; staged first: the share of successful production deployments whose commit reached success on staging before; — : no production deployment, or nothing to measure yet._",
    "",
    "_Kept up to date by Shipshape on every scheduled sweep of the organisation._",
  ].join("\n");
  return { title: "Shipshape: delivery practices across the organisation", body };
}

/** The four delivery figures of a repository, each with its band; dashes without production deployments. */
function figureCells(figures: OutcomeFigures | undefined): string[] {
  if (!figures) return ["—", "—", "—", "—", "—"];
  const withBand = (value: string, band: string) => `${value} (${band})`;
  return [
    withBand(figures.perWeek.toLocaleString("en-US"), figures.frequencyBand),
    figures.leadTime ? withBand(formatDuration(figures.leadTime.ms), figures.leadTime.band) : "—",
    figures.changeFailure ? withBand(`${figures.changeFailure.percent} %`, figures.changeFailure.band) : "—",
    figures.restore ? withBand(formatDuration(figures.restore.ms), figures.restore.band) : "—",
    figures.stagedFirst ? `${figures.stagedFirst.percent} % (of ${figures.stagedFirst.of})` : "—",
  ];
}
