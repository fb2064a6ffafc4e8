import { MAX_PATCH_CHARS } from "../src/diff/limits.js";
import { readPatch } from "../src/diff/read-patch.js";
import { bestMs } from "./measure.js";

/**
 * Reading a pull request's patches is linear in their size: hostile patches of the largest size
 * Shipshape reads take about as long as an ordinary patch of that size (the ratio is the goal, not
 * the milliseconds). Each patch is read in the evaluation worker; here on this thread, best of three.
 */
const SIZE = MAX_PATCH_CHARS - 1_000;
const hunk = (body: string) => `@@ -1,9000 +1,9000 @@\n${body}`;

/** An ordinary patch: statements changed, a few lines at a time. */
function ordinary(): string {
  const lines: string[] = [];
  for (let index = 0; lines.join("\n").length < SIZE - 200; index++) {
    lines.push(
      `   const total${index} = price${index} * quantity;`,
      `-  charge(total${index});`,
      `+  charge(total${index}, currency);`,
    );
  }
  return hunk(lines.join("\n"));
}

const HOSTILE: Record<string, () => string> = {
  // A line whose trailing-punctuation scan meets a long run of spaces that does not end the line.
  whitespace_run: () => {
    const spaces = " ".repeat(Math.floor(SIZE / 2) - 40);
    return hunk(`-  let a = 1;${spaces}b\n+  let a = 1;${spaces}c`);
  },
  // Thousands of removed and added lines, each compared with the others.
  many_lines: () => {
    const count = Math.floor(SIZE / 32);
    const removed = Array.from({ length: count }, (_, index) => `-  call${index}();`);
    const added = Array.from({ length: count }, (_, index) => `+  call${index}(x);`);
    return hunk([...removed, ...added].join("\n"));
  },
  // An unclosed block comment: every completion of it is tried.
  open_comment: () => hunk(`+/*${" * text\n".repeat(Math.floor(SIZE / 10))}`),
};

export async function hostilePatches(): Promise<Record<string, number>> {
  await readPatch("src/warm.ts", hunk("-a\n+b")); // the grammar loads once, outside the timings
  const readTime = (patch: string) => bestMs(() => readPatch("src/hostile.ts", patch));
  const baseline = await readTime(ordinary());
  const figures: Record<string, number> = { patch_chars: SIZE, ordinary_ms: Math.round(baseline * 10) / 10 };
  for (const [name, make] of Object.entries(HOSTILE)) {
    figures[`${name}_ratio`] = Math.round(((await readTime(make())) / baseline) * 100) / 100;
  }
  figures.ratio_goal = 3;
  return figures;
}
