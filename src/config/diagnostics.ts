import leven from "leven";
import { type Document, isMap, isScalar, type LineCounter, type Node } from "yaml";
import type { z } from "zod";
import { durationProblem } from "./duration.js";

/** One problem in a config file, pointing at where the user can fix it. */
export interface ConfigProblem {
  /** Where the file lives, e.g. `acme/.github:.github/shipshape.yml`, or a local path. */
  file: string;
  line: number;
  column: number;
  /** The dotted key, e.g. `pull_requests.tests.enforcment`; empty for the whole file. */
  key: string;
  message: string;
}

export function formatProblem(problem: ConfigProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  return problem.key ? `${where} ${problem.key}: ${problem.message}` : `${where} ${problem.message}`;
}

/** Turns zod issues into problems located in the YAML document they came from. */
export function locateIssues(
  issues: readonly z.core.$ZodIssue[],
  document: Document,
  lineCounter: LineCounter,
  file: string,
  knownKeysAt: (path: readonly PropertyKey[]) => readonly string[],
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = issue.path.map((segment) => (typeof segment === "symbol" ? String(segment) : segment));
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const node = findKeyNode(document, path, key) ?? nodeAt(document, path);
        const suggestion = suggestKey(key, knownKeysAt(path));
        const hint = suggestion ? `did you mean "${suggestion}"?` : `known keys: ${knownKeysAt(path).join(", ")}`;
        problems.push({
          file,
          ...position(node, lineCounter),
          key: [...path, key].join("."),
          message: `unknown key, ${hint}`,
        });
      }
      continue;
    }
    const node = nodeAt(document, path);
    problems.push({
      file,
      ...position(node, lineCounter),
      key: path.join("."),
      message: describeIssue(issue, isScalar(node) ? node.value : undefined),
    });
  }
  return problems;
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === "invalid_value") {
    return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
  }
  if (issue.code === "invalid_type") {
    // YAML reads `max_age: 14` as a number: a duration then lacks its unit, it is not "not a string".
    if (issue.expected === "string" && typeof value === "number" && isDurationKey(issue.path)) {
      return durationProblem(String(value)) ?? `must be ${article(issue.expected)} ${issue.expected}`;
    }
    return `must be ${article(issue.expected)} ${issue.expected}`;
  }
  return issue.message;
}

const DURATION_KEYS = new Set(["every", "grace", "max_age", "critical", "high", "medium", "low"]);

function isDurationKey(path: readonly PropertyKey[]): boolean {
  return DURATION_KEYS.has(String(path.at(-1)));
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}

/** The closest known key, when it is close enough to be a plausible typo. */
export function suggestKey(unknown: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance = leven(unknown.toLowerCase(), key.toLowerCase());
    if (!best || distance < best.distance) best = { key, distance };
  }
  if (!best) return undefined;
  const tolerance = Math.max(2, Math.floor(best.key.length / 3));
  return best.distance <= tolerance ? best.key : undefined;
}

function nodeAt(document: Document, path: readonly (string | number)[]): Node | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = document.getIn(path.slice(0, depth), true);
    if (node && typeof node === "object" && "range" in node) return node as Node;
  }
  return document.contents ?? undefined;
}

function findKeyNode(document: Document, path: readonly (string | number)[], key: string): Node | undefined {
  const parent = path.length === 0 ? document.contents : document.getIn(path, true);
  if (!isMap(parent)) return undefined;
  for (const pair of parent.items) {
    if (isScalar(pair.key) && pair.key.value === key) return pair.key;
  }
  return undefined;
}

function position(node: Node | undefined | null, lineCounter: LineCounter): { line: number; column: number } {
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}
