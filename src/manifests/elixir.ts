import type { Dependency, ParsedManifest } from "./types.js";

/** Environments of a dependency that serve development, not the release (`only: [:dev, :test]`). */
const DEV_ENVIRONMENTS = new Set(["dev", "test", "docs", "bench"]);

/**
 * Mix's `mix.exs`: the tuples of the list its `deps` function returns (`defp deps do [ … ] end`),
 * named by their Hex package (`{:phoenix, "~> 1.7"}`, or the `hex:` option when it differs). A
 * dependency only for development environments (`only: :dev`, `only: [:dev, :test]`) or not
 * started at runtime (`runtime: false` or only in one environment: build tools, generators) is dev. Read in one pass over the
 * text, strings and comments skipped; a list built another way (`++`, a conditional) is read as far
 * as its first literal list.
 */
export function mixExs(text: string): ParsedManifest {
  const list = depsList(text);
  if (list === undefined) return { dependencies: [] };
  const dependencies: Dependency[] = [];
  for (const element of topLevel(list, ",")) {
    const tuple = element.trim();
    if (!tuple.startsWith("{") || !tuple.endsWith("}")) continue;
    const dependency = dependencyOf(topLevel(tuple.slice(1, -1), ","));
    if (dependency) dependencies.push(dependency);
  }
  return { dependencies };
}

function dependencyOf(parts: string[]): Dependency | undefined {
  const [first, second, ...rest] = parts.map((part) => part.trim());
  if (!first?.startsWith(":")) return undefined;
  const atom = first.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(atom)) return undefined;
  const version = second?.startsWith('"') ? second.slice(1, -1) : "";
  const options = new Map<string, string>();
  for (const option of second?.startsWith('"') ? rest : [second ?? "", ...rest]) {
    const colon = option.indexOf(":");
    if (colon > 0) options.set(option.slice(0, colon).trim(), option.slice(colon + 1).trim());
  }
  const hex = options.get("hex")?.replace(/^:/, "");
  const only = options.get("only");
  const environments = only?.match(/:[a-z_]+/g)?.map((environment) => environment.slice(1)) ?? [];
  const devOnly = environments.length > 0 && environments.every((environment) => DEV_ENVIRONMENTS.has(environment));
  // `runtime: false`, or `runtime: Mix.env() == :dev` (esbuild, tailwind): not started in a release.
  const runtime = options.get("runtime");
  return { name: hex || atom, version, dev: devOnly || (runtime !== undefined && runtime !== "true") };
}

/** The text inside the first list literal after the `deps` function's name (without its brackets). */
function depsList(text: string): string | undefined {
  let depsAt = -1;
  for (let index = 0; index < text.length; index = next(text, index)) {
    if (depsAt < 0) {
      if (startsWord(text, index, "defp deps") || startsWord(text, index, "def deps")) depsAt = index;
      continue;
    }
    if (text[index] !== "[") continue;
    let depth = 0;
    for (let end = index; end < text.length; end = next(text, end)) {
      const char = text[end];
      if (char === "[" || char === "{" || char === "(") depth++;
      else if (char === "]" || char === "}" || char === ")") depth--;
      if (depth === 0) return text.slice(index + 1, end);
    }
    return undefined;
  }
  return undefined;
}

/** `word` starts at `index` and is a whole word there. */
function startsWord(text: string, index: number, word: string): boolean {
  if (!text.startsWith(word, index)) return false;
  const before = text[index - 1];
  const after = text[index + word.length];
  return (before === undefined || !/\w/.test(before)) && (after === undefined || !/\w/.test(after));
}

/** Splits at `separator` outside brackets, strings and comments. */
function topLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index = next(text, index)) {
    const char = text[index];
    if (char === "[" || char === "{" || char === "(") depth++;
    else if (char === "]" || char === "}" || char === ")") depth--;
    else if (char === separator && depth === 0) {
      parts.push(withoutComments(text.slice(start, index)));
      start = index + 1;
    }
  }
  parts.push(withoutComments(text.slice(start)));
  return parts;
}

/** The text without its `#` comments (outside strings). */
function withoutComments(text: string): string {
  let kept = "";
  for (let index = 0; index < text.length; ) {
    const after = next(text, index);
    if (text[index] !== "#") kept += text.slice(index, after);
    index = after;
  }
  return kept;
}

/**
 * The index after the token at `index`: a whole string (`"…"`, `'…'`, `"""…"""`, escapes
 * honoured), a whole comment (`#` to the end of the line), or one character. Unclosed: the end.
 */
function next(text: string, index: number): number {
  const char = text[index];
  if (char === "#") {
    const end = text.indexOf("\n", index);
    return end < 0 ? text.length : end;
  }
  if (char === '"' && text.startsWith('"""', index)) {
    const end = text.indexOf('"""', index + 3);
    return end < 0 ? text.length : end + 3;
  }
  if (char === '"' || char === "'") {
    for (let end = index + 1; end < text.length; end++) {
      if (text[end] === "\\") end++;
      else if (text[end] === char) return end + 1;
    }
    return text.length;
  }
  return index + 1;
}
