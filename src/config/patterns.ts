import { LRUCache } from "lru-cache";
import { RE2JS } from "re2js";

/**
 * Patterns from configs (`requirements.key_pattern`) run on RE2 (re2js, a linear-time engine):
 * `(a+)+$` against a long title costs what any other pattern does, never seconds of backtracking.
 * RE2 has no backreferences or lookaround; such patterns are config errors.
 */
const compiled = new LRUCache<string, RE2JS>({ max: 500 });

/** GitHub-style limits for a pattern in a config. */
export const MAX_PATTERN_LENGTH = 200;

/** Why RE2 cannot use a pattern, or undefined when it can. */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return `must be at most ${MAX_PATTERN_LENGTH} characters`;
  try {
    compile(pattern);
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^error parsing regexp:\s*/i, "") : String(error);
    return `is not a pattern RE2 accepts (${reason}); backreferences and lookaround are not supported`;
  }
}

/** Every match of a pattern in a text, left to right, with where it starts. */
export function* matchesOf(pattern: string, text: string): Generator<{ text: string; start: number }> {
  const matcher = compile(pattern).matcher(text);
  while (matcher.find()) {
    const found = matcher.group() ?? "";
    yield { text: found, start: matcher.start() };
    if (found.length === 0) return; // an empty match would repeat forever
  }
}

function compile(pattern: string): RE2JS {
  let expression = compiled.get(pattern);
  if (!expression) {
    expression = RE2JS.compile(pattern);
    compiled.set(pattern, expression);
  }
  return expression;
}
