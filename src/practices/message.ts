/**
 * What a practice says, kept as data. Shipshape's own words stay apart from the values they quote
 * (file names, environments, config keys, tracker keys) and from text that came from elsewhere
 * (GitHub's error reasons), so that `src/report/` alone decides how each is escaped for the place
 * it is written to. Practices never write markdown.
 */

/** A name or value shown verbatim, as a name (rendered as inline code). */
export interface Quoted {
  readonly quote: string;
}

/** Text that did not come from Shipshape (a reason GitHub gave): rendered as escaped prose. */
export interface Foreign {
  readonly text: string;
}

/** Shipshape's own words (a string, trusted), a quoted value or foreign text. */
export type Part = string | Quoted | Foreign;
export type Message = readonly Part[];

export function quote(value: string): Quoted {
  return { quote: value };
}

type Value = Part | Message | number | Date;

/**
 * Builds a message: the template's literal text is Shipshape's own words; an interpolated string
 * is foreign text (escaped when rendered), a number is written out, a date is written as its day
 * (2026-11-25: day granularity keeps issue bodies stable between sweeps), `quote(…)` is a name,
 * and a message is spliced in. Whatever is interpolated, nothing untrusted is ever taken for markup.
 */
export function say(strings: TemplateStringsArray, ...values: readonly Value[]): Message {
  const parts: Part[] = [];
  strings.forEach((literal, index) => {
    if (literal) parts.push(literal);
    if (index < values.length) parts.push(...partsOf(values[index] as Value));
  });
  return parts;
}

function partsOf(value: Value): Part[] {
  if (typeof value === "number") return [value.toLocaleString("en-US")];
  if (value instanceof Date) return [value.toISOString().slice(0, 10)];
  if (typeof value === "string") return [{ text: value }];
  if (Array.isArray(value)) return [...(value as Message)];
  return [value as Quoted | Foreign];
}

/** Quoted values joined as a list: "`a`, `b`, `c`". */
export function quoteList(values: readonly string[], separator = ", "): Message {
  return values.flatMap((value, index) => (index === 0 ? [quote(value)] : [separator, quote(value)]));
}

/** The message as plain text, values unmarked: for logs and comparisons, never for GitHub. */
export function plainText(message: Message): string {
  return message.map((part) => (typeof part === "string" ? part : "quote" in part ? part.quote : part.text)).join("");
}

/** "1 file", "3 files", "2 dependencies". The nouns are Shipshape's own words, never user text. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${NUMBERS.format(n)} ${n === 1 ? singular : plural}`;
}

/** One formatter for every count: `toLocaleString` would build one per call. */
const NUMBERS = new Intl.NumberFormat("en-US");

/** `count` as a message part in Shipshape's own words. */
export function counted(n: number, singular: string, plural?: string): Message {
  return [count(n, singular, plural)];
}
