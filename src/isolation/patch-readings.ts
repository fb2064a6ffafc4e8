import { performance } from "node:perf_hooks";
import type { PullRequestsConfig } from "../config/schema.js";
import { lockChangesOnlyDevPackages, marksDevPackages } from "../diff/dev-only-locks.js";
import { MAX_PATCH_CHARS_PER_PULL } from "../diff/limits.js";
import { type PatchReading, readPatch } from "../diff/read-patch.js";
import { fileClassifier } from "../practices/deployable.js";
import type { ChangedFile, PullRequestFacts } from "../practices/facts.js";
import { globMatcher } from "../practices/globs.js";

/**
 * The facts with each changed file's patch read (src/diff/read-patch.ts): whether it changes only
 * comments or whitespace, only deletes code, only changes literal values, and whether it changes
 * tests written inside it. Only files whose verdict depends on it (code and deployable files, then
 * test files) are read, up to MAX_PATCH_CHARS_PER_PULL of patch text; the patches themselves are
 * dropped once read. Runs in the evaluation worker, under its deadline: tokenizing is linear in the
 * patch, and past `budgetMs` (a share of the deadline, so that loading a grammar on a slow machine
 * never costs the whole verdict) the remaining files are judged by their names.
 */
export async function withPatchReadings(
  config: PullRequestsConfig,
  facts: PullRequestFacts,
  budgetMs = Number.POSITIVE_INFINITY,
  now: () => number = () => performance.now(),
): Promise<PullRequestFacts> {
  if (!facts.files?.ok) return facts;
  const classify = fileClassifier(config.tests);
  const isTest = globMatcher(config.tests.tests);
  // Code and deployable files are read first, to know whether they change behaviour; then test
  // files, to know whether they change a test (a comment fixed in a test file is no test change).
  const priority = (filename: string) => (classify(filename) !== "neither" ? 0 : isTest(filename) ? 1 : undefined);
  const until = now() + budgetMs;
  let chars = MAX_PATCH_CHARS_PER_PULL;
  const files = [...facts.files.value.files];
  for (const wanted of [0, 1]) {
    for (const [index, file] of files.entries()) {
      if (file.reading || priority(file.filename) !== wanted) continue;
      const { patch, patchTooLarge } = file;
      let reading: PatchReading;
      if (patchTooLarge || (patch !== undefined && patch.length > chars))
        reading = { read: false, reason: "too-large" };
      else if (patch === undefined) reading = { read: false, reason: "no-patch" };
      else reading = (await withinBudget(readPatch(file.filename, patch), until - now())) ?? tooSlow;
      chars -= patch?.length ?? 0;
      files[index] = { ...file, reading };
    }
  }
  // A lock file changed without its manifests: whether it moves only dev packages (see deployable.ts).
  for (const [index, file] of files.entries()) {
    const { patch } = file;
    if (!marksDevPackages(file.filename) || patch === undefined || file.patchTooLarge || patch.length > chars) continue;
    chars -= patch.length;
    if (lockChangesOnlyDevPackages(file.filename, patch, file.lockContext))
      files[index] = { ...file, devPackagesOnly: true };
  }
  // The patches themselves stay behind: only their readings go on.
  const read = files.map(
    ({ patch: _patch, patchTooLarge: _tooLarge, lockContext: _context, ...rest }): ChangedFile => rest,
  );
  return { ...facts, files: { ok: true, value: { ...facts.files.value, files: read } } };
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
