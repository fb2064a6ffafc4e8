/**
 * Linear helpers for reading manifest text. Manifests come from pull-request authors: nothing here
 * (or in the parsers) uses a backtracking regular expression whose cost can grow faster than the text.
 */

/** The lines of a text, without their `\r\n` or `\n` ends. */
export function linesOf(text: string): string[] {
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (line.endsWith("\r")) lines[index] = line.slice(0, -1);
  }
  return lines;
}

export function isSpace(char: string | undefined): boolean {
  return char === " " || char === "\t" || char === "\r" || char === "\n" || char === "\f" || char === "\v";
}

export function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= "0" && char <= "9";
}

export function isLetterOrDigit(char: string | undefined): boolean {
  return char !== undefined && ((char >= "a" && char <= "z") || (char >= "A" && char <= "Z") || isDigit(char));
}

/** The longest prefix of `text` from `start` whose characters satisfy `accept`. */
export function takeWhile(text: string, start: number, accept: (char: string) => boolean): string {
  let end = start;
  while (end < text.length && accept(text[end] as string)) end++;
  return text.slice(start, end);
}

/** `text` without the characters at its end that satisfy `drop`. */
export function trimEndWhere(text: string, drop: (char: string) => boolean): string {
  let end = text.length;
  while (end > 0 && drop(text[end - 1] as string)) end--;
  return text.slice(0, end);
}

/** `text` without the characters at its start and end that satisfy `drop`. */
export function trimWhere(text: string, drop: (char: string) => boolean): string {
  let start = 0;
  while (start < text.length && drop(text[start] as string)) start++;
  return trimEndWhere(text.slice(start), drop);
}

/** The words of a text split at whitespace, without empty ones. */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let index = 0; index <= text.length; index++) {
    const blank = index === text.length || isSpace(text[index]);
    if (blank && start !== -1) {
      words.push(text.slice(start, index));
      start = -1;
    } else if (!blank && start === -1) start = index;
  }
  return words;
}

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function keysOf(value: unknown): string[] {
  return Object.keys(asRecord(value));
}

export function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/** A value as one element or a list of them (an XML parser gives one child as itself, several as a list). */
export function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A version as written: a string, or a table (`{ version = "1", features = [...] }`) as its version or JSON. */
export function versionOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  const table = asRecord(value);
  if (typeof table.version === "string") return table.version;
  return value === undefined ? "" : JSON.stringify(value);
}
