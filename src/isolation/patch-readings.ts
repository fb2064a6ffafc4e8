import { performance } from "node:perf_hooks";
import type { PullRequestsConfig } from "../config/schema.js";
import { MAX_PATCH_CHARS_PER_PULL } from "../diff/limits.js";
import { type PatchReading, readPatch } from "../diff/read-patch.js";
import { fileClassifier } from "../practices/deployable.js";
import type { ChangedFile, PullRequestFacts } from "../practices/facts.js";

/**
 * The facts with each changed file's patch read (src/diff/read-patch.ts): whether it changes only
 * comments or whitespace, and whether it changes tests written inside it. Only files whose class
 * depends on it (code and deployable files) are read, up to MAX_PATCH_CHARS_PER_PULL of patch
 * text; the patches themselves are dropped once read. Runs in the evaluation worker, under its
 * deadline: tokenizing is linear in the patch, and past `budgetMs` (a share of the deadline, so
 * that loading a grammar on a slow machine never costs the whole verdict) the remaining files are
 * judged by their names.
 */
export async function withPatchReadings(
  config: PullRequestsConfig,
  facts: PullRequestFacts,
  budgetMs = Number.POSITIVE_INFINITY,
  now: () => number = () => performance.now(),
): Promise<PullRequestFacts> {
  if (!facts.files?.ok) return facts;
  const classify = fileClassifier(config.tests);
  const until = now() + budgetMs;
  let chars = MAX_PATCH_CHARS_PER_PULL;
  const files: ChangedFile[] = [];
  for (const file of facts.files.value.files) {
    const { patch, patchTooLarge, ...rest } = file;
    if (file.reading || classify(file.filename) === "neither") {
      files.push(file.reading ? { ...rest, reading: file.reading } : rest);
      continue;
    }
    let reading: PatchReading;
    if (patchTooLarge || (patch !== undefined && patch.length > chars)) reading = { read: false, reason: "too-large" };
    else if (patch === undefined) reading = { read: false, reason: "no-patch" };
    else reading = (await withinBudget(readPatch(file.filename, patch), until - now())) ?? tooSlow;
    chars -= patch?.length ?? 0;
    files.push({ ...rest, reading });
  }
  return { ...facts, files: { ok: true, value: { ...facts.files.value, files } } };
}

const tooSlow: PatchReading = { read: false, reason: "too-slow" };

/** The reading, or undefined when the time left runs out first. */
async function withinBudget<T>(work: Promise<T>, leftMs: number): Promise<T | undefined> {
  if (leftMs <= 0) return undefined;
  if (!Number.isFinite(leftMs)) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), leftMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
