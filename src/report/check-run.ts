import type { ConfigProblem } from "../config/diagnostics.js";
import type { Conclusion } from "../practices/evaluate.js";
import { count } from "../practices/message.js";
import {
  type PracticeResult,
  PULL_REQUEST_PRACTICES,
  type PullRequestPractice,
  type RecordedOutcome,
} from "../practices/types.js";
import type { WaiverState } from "../practices/waivers.js";
import { embedData, extractData } from "./data-block.js";
import { escapeText, inlineCode, renderMessage, tableCell, truncateBytes } from "./escape.js";
import { refusalNote, staleNote, waivedSummary, waiverNote, waiverNotes } from "./waiver-text.js";

/** The one check run Shipshape keeps per head commit. */
export const CHECK_NAME = "Shipshape";

/**
 * GitHub rejects a check-run summary or text over 65,535 bytes of UTF-8 with a 422 ("summary
 * exceeds a maximum bytesize of 65535"), though its docs say characters; a margin stays free.
 */
const MAX_OUTPUT_BYTES = 65_000;
const MAX_DETAIL_LINES = 50;

export interface CheckRunOutput {
  conclusion: Conclusion | "skipped";
  title: string;
  summary: string;
  text: string;
  /** Each practice's outcome, kept on the check run so a merge can be recorded without re-evaluating. */
  externalId: string;
  /** The pull request's `updated_at` as judged, recorded beside the outcomes. */
  judgedAt?: string;
  /** The waivers in force (also kept, hidden, in `text`). */
  waivers?: WaiverRecord[];
}

const OUTCOMES_PREFIX = "shipshape:v1:";

/** `shipshape:v1:tests=pass,staging=fail,…` */
export function encodeOutcomes(results: readonly Pick<PracticeResult, "practice" | "outcome">[]): string {
  return OUTCOMES_PREFIX + results.map((result) => `${result.practice}=${result.outcome}`).join(",");
}

/**
 * The `updated_at` of the pull request as judged is kept after the verdicts
 * (`…;at=2026-11-26T10:00:00Z`), so that a late or replayed webhook carrying an older state of the
 * pull request is recognised. GitHub's OpenAPI description sets no length limit on `external_id`;
 * it stays under 200 characters all the same.
 */
const JUDGED_AT = ";at=";

export function withJudgedAt(externalId: string, judgedAt: string | undefined): string {
  return judgedAt ? `${externalId}${JUDGED_AT}${judgedAt}` : externalId;
}

/** The pull request's `updated_at` a run was judged at, when it says. */
export function judgedAtOf(externalId: string | null | undefined): string | undefined {
  const index = externalId?.indexOf(JUDGED_AT) ?? -1;
  return index === -1 ? undefined : externalId?.slice(index + JUDGED_AT.length);
}

/** The external id without the judged-at time: what a re-evaluation compares. */
export function verdictPart(externalId: string): string {
  const index = externalId.indexOf(JUDGED_AT);
  return index === -1 ? externalId : externalId.slice(0, index);
}

export function decodeOutcomes(
  externalId: string | null | undefined,
): Partial<Record<PullRequestPractice, RecordedOutcome>> | undefined {
  if (!externalId?.startsWith(OUTCOMES_PREFIX)) return undefined;
  const outcomes: Partial<Record<PullRequestPractice, RecordedOutcome>> = {};
  for (const pair of verdictPart(externalId).slice(OUTCOMES_PREFIX.length).split(",")) {
    const [practice, outcome] = pair.split("=");
    if (
      PULL_REQUEST_PRACTICES.includes(practice as PullRequestPractice) &&
      (outcome === "pass" || outcome === "fail" || outcome === "skip" || outcome === "waived")
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
  if (result.outcome === "waived") return "🏳️";
  return result.enforcement === "error" ? "❌" : "⚠️";
}

export function renderVerdicts(
  results: readonly PracticeResult[],
  conclusion: Conclusion,
  configFiles: readonly string[],
  waivers?: WaiverState,
): CheckRunOutput {
  const failing = results.filter((result) => result.outcome === "fail");
  const names = (list: readonly PracticeResult[]) =>
    list.map((result) => LABELS[result.practice].toLowerCase()).join(", ");
  const errors = failing.filter((result) => result.enforcement === "error");
  const warnings = failing.filter((result) => result.enforcement === "warn");
  const waivedResults = results.filter((result) => result.outcome === "waived");
  const title =
    conclusion === "success"
      ? "All delivery practices met"
      : conclusion === "failure"
        ? `${count(errors.length, "practice")} failing: ${names(errors)}`
        : [
            ...(warnings.length > 0 ? [`${count(warnings.length, "warning")}: ${names(warnings)}`] : []),
            ...(waivedResults.length > 0
              ? [`${count(waivedResults.length, "practice")} waived: ${names(waivedResults)}`]
              : []),
          ].join("; ");

  const rows = results.map((result) =>
    [
      icon(result),
      LABELS[result.practice],
      resultCell(result),
      result.outcome === "fail" ? renderMessage(result.fix ?? []) : "",
    ].map(tableCell),
  );
  const table = [
    "| | Practice | Result | How to fix |",
    "| :-: | --- | --- | --- |",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ];
  const legend = `✅ met · ❌ failing · ⚠️ warning (does not block) · ➖ off or not applicable${waivedResults.length > 0 ? " · 🏳️ waived" : ""}`;
  const source = `Configured by ${configFiles.map(inlineCode).join(", then ")}.`;
  const unknown = waivers ? waiverNotes(waivers) : [];
  // Only worth saying when a waiver could have changed the conclusion.
  if (waivers?.unreadable && failing.length > 0)
    unknown.push(`Waivers could not be read, so none is applied: ${escapeText(waivers.unreadable)}.`);
  const summary = [...table, "", legend, ...(unknown.length > 0 ? ["", ...unknown] : []), "", source].join("\n");

  const sections = results
    .filter((result) => result.details && result.details.length > 0)
    .map((result) => {
      const details = result.details ?? [];
      const shown = details.slice(0, MAX_DETAIL_LINES).map((line) => `- ${renderMessage(line)}`);
      if (details.length > MAX_DETAIL_LINES) shown.push(`- … and ${count(details.length - MAX_DETAIL_LINES, "more")}`);
      return [`### ${icon(result)} ${LABELS[result.practice]}`, "", ...shown].join("\n");
    });
  const waived = waiversInForce(results);
  return {
    conclusion,
    title,
    summary: fitOutput(summary),
    // The waivers ride along, hidden, so that a merge can be recorded with who waived what.
    text: fitOutput([...(waived.length > 0 ? [embedData({ waivers: waived })] : []), ...sections].join("\n\n")),
    externalId: encodeOutcomes(results),
    waivers: waived,
  };
}

/** A waiver as recorded with a merged pull request: practice, login, comment address. */
export interface WaiverRecord {
  p: PullRequestPractice;
  by: string;
  u: string;
}

function waiversInForce(results: readonly PracticeResult[]): WaiverRecord[] {
  return results.flatMap((result) =>
    result.outcome === "waived" && result.waiver
      ? [{ p: result.practice, by: result.waiver.by, u: result.waiver.url }]
      : [],
  );
}

/** The waivers a check run's text recorded (see renderVerdicts). */
export function decodeWaivers(text: string | null | undefined): WaiverRecord[] {
  const records = extractData<{ waivers?: unknown }>(text)?.waivers;
  if (!Array.isArray(records)) return [];
  return records.filter(
    (record): record is WaiverRecord =>
      typeof record === "object" &&
      record !== null &&
      PULL_REQUEST_PRACTICES.includes((record as WaiverRecord).p) &&
      typeof (record as WaiverRecord).by === "string" &&
      typeof (record as WaiverRecord).u === "string",
  );
}

/** A practice's result cell: its verdict, or the waiver that replaces it, and a refused waiver's reason. */
function resultCell(result: PracticeResult): string {
  const verdict = renderMessage(result.summary);
  const shown =
    result.outcome === "waived" && result.waiver
      ? waivedSummary(result.waiver, verdict)
      : result.waiver
        ? `${verdict} ${waiverNote(result.waiver)}`
        : verdict;
  const stale = result.waiverStale ? `${shown} ${staleNote(result.waiverStale)}` : shown;
  return result.waiverRefused ? `${stale} ${refusalNote(result.waiverRefused)}` : stale;
}

/** Why a pull request is not checked: its author or a label is listed in the config. */
export type SkipReason = { by: "author"; author: string } | { by: "label"; label: string };

export function renderSkipped(reason: SkipReason): CheckRunOutput {
  const why =
    reason.by === "author"
      ? `its author ${inlineCode(reason.author)} is listed in \`pull_requests.skip_authors\`.`
      : `it has the label ${inlineCode(reason.label)}, listed in \`pull_requests.skip_labels\`.`;
  return {
    conclusion: "skipped",
    title: "Skipped",
    summary: `Shipshape did not check this pull request: ${why}`,
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
  return truncateBytes(markdown, MAX_OUTPUT_BYTES);
}

/** A pull request in a merge group, with the conclusion of its own Shipshape check run. */
export interface QueuedPullResult {
  number: number;
  /** Null when it could not be found or judged. */
  conclusion: Conclusion | "skipped" | null;
  /** Why it could not be judged, if so. */
  problem?: string;
}

/**
 * The merge group's run follows the queued pull requests' own runs: their content was judged on
 * each pull request, and a merge group's commit is one nobody deployed to staging, so judging it
 * afresh would fail every queued pull request on staging.
 */
export function renderMergeGroup(queued: readonly QueuedPullResult[]): CheckRunOutput {
  const failing = queued.filter((pull) => pull.conclusion === "failure" || pull.conclusion === null);
  const neutral = queued.some((pull) => pull.conclusion === "neutral");
  const conclusion: Conclusion =
    queued.length === 0 || failing.length > 0 ? "failure" : neutral ? "neutral" : "success";
  const lines = queued.map((pull) => {
    const state = pull.conclusion ?? `not judged (${escapeText(pull.problem ?? "unknown")})`;
    return `- #${pull.number}: ${state}`;
  });
  const title =
    queued.length === 0
      ? "No queued pull request found"
      : failing.length > 0
        ? `${count(failing.length, "queued pull request")} failing`
        : "The queued pull requests meet the delivery practices";
  const policy =
    "In a merge queue, Shipshape reports what each queued pull request's own Shipshape check concluded: its practices were judged on the pull request, and staging evidence belongs to the pull request's head commit, not to the merge group's new commit.";
  const missing =
    queued.length === 0
      ? "The merge group's branch does not name a pull request (`gh-readonly-queue/<base>/pr-<number>-<sha>`), so nothing could be checked."
      : "";
  return {
    conclusion,
    title,
    summary: fitOutput([policy, "", ...lines, ...(missing ? ["", missing] : [])].join("\n")),
    text: "",
    externalId: `shipshape:merge-group:${queued.map((pull) => pull.number).join(",")}`,
  };
}
