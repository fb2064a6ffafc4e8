import { linesOf, wordsOf } from "./text.js";
import type { Dependency, ParsedManifest } from "./types.js";

/**
 * go.mod's `require` lines and blocks. `// indirect` marks a dependency of a dependency recorded by
 * `go mod tidy`: not a choice made here. Go does not tell test-only modules apart: none is dev.
 */
export function goMod(text: string): ParsedManifest {
  const dependencies: Dependency[] = [];
  let inRequireBlock = false;
  for (const raw of linesOf(text)) {
    const commentAt = raw.indexOf("//");
    const comment = commentAt === -1 ? "" : raw.slice(commentAt + 2).trim();
    const indirect = comment === "indirect" || comment.startsWith("indirect;") || comment.startsWith("indirect ");
    const words = wordsOf(commentAt === -1 ? raw : raw.slice(0, commentAt));
    if (inRequireBlock) {
      if (words[0] === ")") inRequireBlock = false;
      else if (words[0] && !indirect) dependencies.push({ name: words[0], version: words[1] ?? "", dev: false });
      continue;
    }
    if (words[0] !== "require") continue;
    if (words[1] === "(" && words.length === 2) inRequireBlock = true;
    else if (words.length >= 3 && !indirect)
      dependencies.push({ name: words[1] as string, version: words[2] as string, dev: false });
  }
  return { dependencies };
}
