import { configSchema, type ShipshapeConfig } from "../../src/config/schema.js";
import { diffManifests, isManifest, parseManifest } from "../../src/manifests/parse.js";
import type { ParsedManifest } from "../../src/manifests/types.js";
import { evaluatePullRequest } from "../../src/practices/evaluate.js";
import type { ChangedFile, ManifestChange, PullRequestFacts } from "../../src/practices/facts.js";
import { plainText } from "../../src/practices/message.js";
import { known, type Outcome, PULL_REQUEST_PRACTICES, type PullRequestPractice } from "../../src/practices/types.js";

/**
 * A labelled pull request in the style of a real repository: its changed files, manifests before
 * and after, description, the repository's template, and the verdict a careful reviewer gives
 * each practice ("skip" where a practice does not apply).
 */
export interface CorpusCase {
  id: string;
  ecosystem: string;
  title: string;
  body: string;
  /** `A path`, `M path`, `D path`, `R old -> new` (renamed without edits), one per line. */
  files: string;
  headRef?: string;
  /** Manifest texts at the base (absent when added) and at the head. */
  manifests?: { path: string; before?: string; after: string }[];
  /** The repository's pull-request template(s). */
  templates?: string[];
  /** Added decision records' texts by path. */
  decisionRecords?: Record<string, string>;
  /** Whether the head commit reached `success` on a staging environment. */
  deployed?: boolean;
  /** The repository's `.github/shipshape.yml`, parsed (defaults when absent). */
  config?: Record<string, unknown>;
  expect: Record<PullRequestPractice, Outcome>;
}

export function changedFiles(spec: string): ChangedFile[] {
  return spec
    .trim()
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [status, ...rest] = line.split(/\s+/);
      const path = rest.join(" ");
      if (status === "R") {
        const [from, to] = path.split(/\s*->\s*/) as [string, string];
        return { filename: to, previousFilename: from, status: "renamed", changes: 0 };
      }
      const statuses = { A: "added", M: "modified", D: "removed" } as const;
      return { filename: path, status: statuses[status as keyof typeof statuses] ?? "modified", changes: 4 };
    });
}

function manifestChanges(corpusCase: CorpusCase): ManifestChange[] {
  return (corpusCase.manifests ?? []).map(({ path, before, after }) => {
    const parse = (text: string): ParsedManifest => {
      const parsed = parseManifest(path, text);
      if (!parsed.ok) throw new Error(`${corpusCase.id}: ${path} is not valid ${parsed.format}`);
      return parsed.manifest;
    };
    if (!isManifest(path)) throw new Error(`${corpusCase.id}: ${path} is not a manifest Shipshape reads`);
    return { path, ...diffManifests(before === undefined ? undefined : parse(before), parse(after)) };
  });
}

/** The facts GitHub would give for a case, as the app gathers them. */
export function factsOf(corpusCase: CorpusCase): PullRequestFacts {
  const files = changedFiles(corpusCase.files);
  return {
    title: corpusCase.title,
    body: corpusCase.body,
    headRef: corpusCase.headRef ?? "feature/change",
    headSha: "0123456789abcdef0123456789abcdef01234567",
    files: known({ files, total: files.length }),
    deployments: known(corpusCase.deployed ? [{ environment: "staging", state: "success" }] : []),
    manifests: known({ manifests: manifestChanges(corpusCase), notRead: 0 }),
    templates: corpusCase.templates ?? [],
    decisionRecords: corpusCase.decisionRecords ?? {},
  };
}

export interface Disagreement {
  id: string;
  practice: PullRequestPractice;
  expected: Outcome;
  actual: Outcome;
  summary: string;
}

export interface PracticeAccuracy {
  cases: number;
  /** The reviewer says it passes or does not apply; Shipshape fails it. */
  falseFailures: number;
  /** The reviewer fails it; Shipshape passes it or calls it not applicable. */
  falsePasses: number;
  /** Pass where the reviewer says "not applicable", or the other way round: no harm either way. */
  otherDisagreements: number;
  /** The cases the reviewer fails (the denominator of the false-pass rate). */
  failing: number;
}

export function judgeCorpus(cases: readonly CorpusCase[]): {
  practices: Record<PullRequestPractice, PracticeAccuracy>;
  disagreements: Disagreement[];
} {
  return judgeCases(cases, {
    facts: factsOf,
    expected: (corpusCase) => corpusCase.expect,
    config: (corpusCase) => configSchema.parse(corpusCase.config ?? {}),
  });
}

/**
 * Judges labelled cases of any corpus: the facts GitHub would give, the reviewer's expected
 * outcome per practice (a practice without one is not judged) and the repository's config.
 */
export function judgeCases<Case extends { id: string }>(
  cases: readonly Case[],
  judge: {
    facts: (corpusCase: Case) => PullRequestFacts;
    expected: (corpusCase: Case) => Partial<Record<PullRequestPractice, Outcome>>;
    config: (corpusCase: Case) => ShipshapeConfig;
  },
): { practices: Record<PullRequestPractice, PracticeAccuracy>; disagreements: Disagreement[] } {
  const practices = Object.fromEntries(
    PULL_REQUEST_PRACTICES.map((practice) => [
      practice,
      { cases: 0, falseFailures: 0, falsePasses: 0, otherDisagreements: 0, failing: 0 },
    ]),
  ) as Record<PullRequestPractice, PracticeAccuracy>;
  const disagreements: Disagreement[] = [];
  for (const corpusCase of cases) {
    const expectations = judge.expected(corpusCase);
    for (const result of evaluatePullRequest(judge.config(corpusCase).pull_requests, judge.facts(corpusCase))) {
      const expected = expectations[result.practice];
      if (expected === undefined) continue;
      const tally = practices[result.practice];
      tally.cases++;
      if (expected === "fail") tally.failing++;
      if (expected === result.outcome) continue;
      if (result.outcome === "fail") tally.falseFailures++;
      else if (expected === "fail") tally.falsePasses++;
      else tally.otherDisagreements++;
      disagreements.push({
        id: corpusCase.id,
        practice: result.practice,
        expected,
        actual: result.outcome,
        summary: plainText(result.summary),
      });
    }
  }
  return { practices, disagreements };
}

/** The false-pass rate of a practice: over the cases a reviewer fails. */
export function falsePassRate(accuracy: PracticeAccuracy): number {
  return accuracy.failing === 0 ? 0 : accuracy.falsePasses / accuracy.failing;
}
