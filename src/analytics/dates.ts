import { InvalidInputError } from "../errors.js";

/** A calendar date without time zone. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Parses `YYYY-MM-DD`, rejecting impossible dates (2026-02-30). */
export function parseDate(input: string, text: string): CalendarDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) throw new InvalidInputError(input, `expected YYYY-MM-DD, got ${JSON.stringify(text)}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new InvalidInputError(input, `${text} is not a calendar date`);
  }
  return { year, month, day };
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Days between two dates on the 30/360 calendar of the Standard Formulas (SF-44): a start on the
 * last day of February or on the 31st counts from the 30th; an end on the 31st counts as the 30th
 * when the start is (now) the 30th; never negative.
 */
export function days30360(from: CalendarDate, to: CalendarDate): number {
  const endOfFebruary = from.month === 2 && from.day === (isLeapYear(from.year) ? 29 : 28);
  const d1 = endOfFebruary || from.day === 31 ? 30 : from.day;
  const d2 = to.day === 31 && d1 === 30 ? 30 : to.day;
  return Math.max(0, 360 * (to.year - from.year) + 30 * (to.month - from.month) + (d2 - d1));
}

/** 30/360 days of interest accrued from the 1st of the settlement month to settlement. */
export function accruedDays(settlement: CalendarDate): number {
  return days30360({ year: settlement.year, month: settlement.month, day: 1 }, settlement);
}
