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
  const match = parseDuration(text);
  if (!match) return "must be a duration such as 36h, 14d or 2w (units: m, h, d, w)";
  if (Number(match.amount) <= 0) return "must be longer than zero";
  return undefined;
}

/** Milliseconds of a duration that passed durationProblem. */
export function durationMs(value: string): number {
  const match = parseDuration(value);
  if (!match) throw new Error(`not a duration: ${value}`);
  return ms(`${match.amount}${match.unit}` as ms.StringValue);
}

/** Amount and unit (`m`, `h`, `d`, `w`) of a duration; a unit in capitals (`14D`) reads as lower case. */
function parseDuration(value: string): { amount: string; unit: string } | undefined {
  const match = DURATION.exec(value.trim().replace(/[A-Z]+$/, (unit) => unit.toLowerCase()));
  if (!match) return undefined;
  const unit = match[2] ?? "";
  return { amount: match[1] ?? "", unit: unit.startsWith("mi") ? "m" : unit.charAt(0) };
}
