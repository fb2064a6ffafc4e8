import { DateTime, IANAZone, type WeekdayNumbers } from "luxon";

/**
 * Deploy freeze windows of `gate.freeze`, read with luxon (time zones and daylight saving from the
 * platform's IANA database). Two forms:
 *   weekly      `Fri 16:00 - Mon 08:00`   from a weekday and time to another (wrapping the week)
 *   dates       `2026-12-23 - 2027-01-02` whole days, both included; `2026-12-25` alone is one day
 * Times are wall-clock times in `gate.timezone`. Linear in the text, which is at most 100 characters.
 */
export type FreezeWindow =
  | { kind: "weekly"; text: string; start: WeekTime; end: WeekTime }
  | { kind: "dates"; text: string; from: string; to: string };

export interface WeekTime {
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  hour: number;
  minute: number;
}

export const MAX_FREEZE_WINDOWS = 50;
export const MAX_FREEZE_LENGTH = 100;

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const WEEKLY = /^([A-Za-z]{3,9})\s+(\d{1,2}):(\d{2})\s+-\s+([A-Za-z]{3,9})\s+(\d{1,2}):(\d{2})$/;
const DATES = /^(\d{4}-\d{2}-\d{2})(?:\s+-\s+(\d{4}-\d{2}-\d{2}))?$/;
const EXAMPLE = "a weekly window such as `Fri 16:00 - Mon 08:00` or dates such as `2026-12-23 - 2027-01-02`";

/** A window, or what is wrong with its text (with the form it should take). */
export function parseFreezeWindow(value: string): { ok: true; window: FreezeWindow } | { ok: false; problem: string } {
  const text = value.trim();
  if (text.length > MAX_FREEZE_LENGTH)
    return { ok: false, problem: `is longer than ${MAX_FREEZE_LENGTH} characters; write ${EXAMPLE}` };
  const weekly = WEEKLY.exec(text);
  if (weekly) {
    const start = weekTime(weekly[1] ?? "", weekly[2] ?? "", weekly[3] ?? "");
    const end = weekTime(weekly[4] ?? "", weekly[5] ?? "", weekly[6] ?? "");
    if (typeof start === "string") return { ok: false, problem: start };
    if (typeof end === "string") return { ok: false, problem: end };
    if (minuteOfWeek(start) === minuteOfWeek(end))
      return { ok: false, problem: "starts and ends at the same time; a window needs a length" };
    return { ok: true, window: { kind: "weekly", text, start, end } };
  }
  const dates = DATES.exec(text);
  if (dates) {
    const from = dates[1] ?? "";
    const to = dates[2] ?? from;
    for (const day of [from, to])
      if (!DateTime.fromISO(day, { zone: "UTC" }).isValid) return { ok: false, problem: `${day} is not a date` };
    if (to < from) return { ok: false, problem: `ends (${to}) before it starts (${from})` };
    return { ok: true, window: { kind: "dates", text, from, to } };
  }
  return { ok: false, problem: `must be ${EXAMPLE}` };
}

/** What is wrong with a time zone name; undefined when luxon knows it. */
export function timezoneProblem(zone: string): string | undefined {
  return IANAZone.isValidZone(zone)
    ? undefined
    : `is not an IANA time zone; write one such as UTC, Europe/Berlin or America/New_York`;
}

function weekTime(day: string, hour: string, minute: string): WeekTime | string {
  const weekday = WEEKDAYS.indexOf(day.slice(0, 3).toLowerCase()) + 1;
  const fullNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
  if (weekday === 0 || !(day.length === 3 || fullNames[weekday - 1] === day.toLowerCase()))
    return `"${day}" is not a weekday; write Mon, Tue, Wed, Thu, Fri, Sat or Sun`;
  const h = Number(hour);
  const m = Number(minute);
  if (h > 23 || m > 59) return `${hour}:${minute} is not a time of day (00:00 to 23:59)`;
  return { weekday, hour: h, minute: m };
}

function minuteOfWeek(time: WeekTime): number {
  return (time.weekday - 1) * 1440 + time.hour * 60 + time.minute;
}

/** The window open at `now`, and when it closes; null when none is open. */
export function openFreeze(
  windows: readonly FreezeWindow[],
  zone: string,
  now: Date,
): { window: FreezeWindow; until: Date } | null {
  const local = DateTime.fromJSDate(now, { zone });
  for (const window of windows) {
    const until = window.kind === "weekly" ? weeklyEnd(window, local) : datesEnd(window, local);
    if (until) return { window, until: until.toJSDate() };
  }
  return null;
}

function weeklyEnd(window: Extract<FreezeWindow, { kind: "weekly" }>, local: DateTime): DateTime | null {
  const now = minuteOfWeek({ weekday: local.weekday, hour: local.hour, minute: local.minute });
  const start = minuteOfWeek(window.start);
  const end = minuteOfWeek(window.end);
  const open = start < end ? now >= start && now < end : now >= start || now < end;
  if (!open) return null;
  // The end in wall-clock time (a day with a daylight-saving change is 23 or 25 hours long).
  let until = local
    .set({ weekday: window.end.weekday as WeekdayNumbers, hour: window.end.hour, minute: window.end.minute })
    .startOf("minute");
  if (until <= local) until = until.plus({ weeks: 1 });
  return until;
}

function datesEnd(window: Extract<FreezeWindow, { kind: "dates" }>, local: DateTime): DateTime | null {
  const from = DateTime.fromISO(window.from, { zone: local.zone });
  const until = DateTime.fromISO(window.to, { zone: local.zone }).plus({ days: 1 });
  return local >= from && local < until ? until : null;
}
