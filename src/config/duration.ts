import ms from "ms";

/**
 * Durations in the config: a number and a unit, `36h`, `14d`, `2w`, `90m`. The `ms` library
 * converts them; this decides what is accepted, because `ms` alone reads `1M` as one minute and a
 * bare `14` as 14 milliseconds, neither of which anybody writing a review cadence means.
 */
const DURATION = /^(\d+(?:\.\d+)?)\s*(m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?)$/;
/** `M` (upper case only: `m` is minutes), `mo`, `months`. */
const MONTHS = /^(\d+(?:\.\d+)?)\s*(?:M|[Mm][Oo][Ss]?|[Mm]onths?)$/;

/** What is wrong with a duration, with a suggestion; undefined when it is fine. */
export function durationProblem(value: string): string | undefined {
  const text = value.trim();
  const months = MONTHS.exec(text);
  if (months) {
    const days = Math.round(Number(months[1]) * 30);
    return `months vary in length: write days or weeks instead, e.g. ${days}d`;
  }
  if (/^\d+(?:\.\d+)?$/.test(text)) return `needs a unit: m (minutes), h, d or w, e.g. ${text}d`;
  const match = DURATION.exec(
    text.toLowerCase() === text ? text : text.replace(/[A-Z]+$/, (unit) => unit.toLowerCase()),
  );
  if (!match) return "must be a duration such as 36h, 14d or 2w (units: m, h, d, w)";
  if (Number(match[1]) <= 0) return "must be longer than zero";
  return undefined;
}

/** Milliseconds of a duration that passed durationProblem. */
export function durationMs(value: string): number {
  const text = value.trim().replace(/[A-Z]+$/, (unit) => unit.toLowerCase());
  const match = DURATION.exec(text);
  if (!match) throw new Error(`not a duration: ${value}`);
  return ms(`${match[1]}${normalUnit(match[2] ?? "")}` as ms.StringValue);
}

function normalUnit(unit: string): string {
  if (unit.startsWith("mi") || unit === "m") return "m";
  return unit.charAt(0);
}
