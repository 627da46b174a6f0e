import { InvalidInputError } from "../../errors.js";

/**
 * Market mortgage rate history for fitting the prepayment model: Freddie Mac Primary Mortgage
 * Market Survey (PMMS), 30-year fixed-rate commitment rate, **annual averages** in percent
 * (freddiemac.com/pmms, "PMMS history"). Annual averages are all this offline project carries;
 * `marketRateAt` interpolates linearly between mid-year points, which smooths the 2001–2003
 * refinancing waves — a documented limitation of the fit (docs/analytics.md).
 */
export const PMMS_30Y_ANNUAL_AVERAGE: Readonly<Record<number, number>> = Object.freeze({
  1999: 7.44, 2000: 8.05, 2001: 6.97, 2002: 6.54, 2003: 5.83, 2004: 5.84, 2005: 5.87, 2006: 6.41,
  2007: 6.34, 2008: 6.03, 2009: 5.04, 2010: 4.69, 2011: 4.45, 2012: 3.66, 2013: 3.98, 2014: 4.17,
  2015: 3.85, 2016: 3.65, 2017: 3.99, 2018: 4.54,
});

/** The market rate (percent) in a calendar month, interpolated between annual averages placed mid-year. */
export function marketRateAt(year: number, month: number, table: Readonly<Record<number, number>> = PMMS_30Y_ANNUAL_AVERAGE): number {
  const years = Object.keys(table).map(Number).sort((a, b) => a - b);
  const first = years[0];
  const last = years[years.length - 1];
  if (first === undefined || last === undefined) throw new InvalidInputError("market rate table", "is empty");
  // Annual average sits at mid-year: year + 0.5 (July 1st ≈ month 6.5 of 12).
  const t = year + (month - 0.5) / 12;
  if (t <= first + 0.5) return table[first] as number;
  if (t >= last + 0.5) return table[last] as number;
  const y0 = Math.floor(t - 0.5);
  const w = t - 0.5 - y0;
  return (table[y0] as number) * (1 - w) + (table[y0 + 1] as number) * w;
}
