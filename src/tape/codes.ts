/**
 * Categorical codes of each layout → the shared LoanRecord vocabulary. Agency codes follow
 * the agencies' published layouts (docs/loan-tape-generic.md tables them); the generic layout spells the vocabulary out.
 */
import { sameAt } from "./fields.js";
import type { Channel, Occupancy, Product, PropertyType, Purpose } from "./loan.js";

/**
 * A handful of codes: looked up by a linear scan with `===`, which beats hashing a freshly
 * split string for tables this small.
 */
export class CodeTable<T> {
  readonly codes: readonly string[];
  readonly values: readonly T[];

  /** Length, first and last character of each code: rejects non-matching codes in one compare. */
  private readonly signatures: Int32Array;

  constructor(entries: Record<string, T>) {
    this.codes = Object.keys(entries);
    this.values = Object.values(entries);
    this.signatures = Int32Array.from(this.codes, (c) => signature(c, 0, c.length));
  }

  get(code: string): T | undefined {
    const codes = this.codes;
    for (let i = 0; i < codes.length; i++) if (codes[i] === code) return this.values[i];
    return undefined;
  }

  /** The value whose code is exactly `t[s, e)`, compared in place. */
  find(t: string, s: number, e: number): T | undefined {
    const sig = signature(t, s, e);
    const sigs = this.signatures;
    for (let i = 0; i < sigs.length; i++) {
      if (sigs[i] === sig && sameAt(t, s, e, this.codes[i] as string)) return this.values[i];
    }
    return undefined;
  }

  /** The code of a value (for writers). */
  codeOf(value: T): string {
    const i = this.values.indexOf(value);
    if (i < 0) throw new Error(`no code for ${String(value)}`);
    return this.codes[i] as string;
  }
}

function signature(t: string, s: number, e: number): number {
  return ((e - s) << 20) | ((t.charCodeAt(s) & 0x3ff) << 10) | (t.charCodeAt(e - 1) & 0x3ff);
}

const map = <T>(entries: Record<string, T>): CodeTable<T> => new CodeTable(entries);

export const AGENCY_OCCUPANCY = map<Occupancy>({ P: "primary", S: "second", I: "investment" });
export const AGENCY_PROPERTY = map<PropertyType>({
  SF: "single-family",
  CO: "condo",
  CP: "coop",
  MH: "manufactured",
  PU: "pud",
});
export const FANNIE_PURPOSE = map<Purpose>({ P: "purchase", C: "cashout-refi", R: "rate-term-refi" });
export const FREDDIE_PURPOSE = map<Purpose>({
  P: "purchase",
  C: "cashout-refi",
  N: "rate-term-refi",
  R: "refi-unspecified",
});
export const FANNIE_CHANNEL = map<Channel>({ R: "retail", B: "broker", C: "correspondent" });
export const FREDDIE_CHANNEL = map<Channel>({ R: "retail", B: "broker", C: "correspondent", T: "tpo" });
export const YES_NO = map<boolean>({ Y: true, N: false });
export const PRODUCT = map<Product>({ FRM: "FRM", ARM: "ARM" });

/** Generic layout: the LoanRecord vocabulary itself. */
export const GENERIC_OCCUPANCY = map<Occupancy>({ primary: "primary", second: "second", investment: "investment" });
export const GENERIC_PROPERTY = map<PropertyType>({
  "single-family": "single-family",
  condo: "condo",
  coop: "coop",
  manufactured: "manufactured",
  pud: "pud",
});
export const GENERIC_PURPOSE = map<Purpose>({
  purchase: "purchase",
  "cashout-refi": "cashout-refi",
  "rate-term-refi": "rate-term-refi",
  "refi-unspecified": "refi-unspecified",
});
export const GENERIC_CHANNEL = map<Channel>({
  retail: "retail",
  broker: "broker",
  correspondent: "correspondent",
  tpo: "tpo",
});

/** Code of a value in a table; undefined stays undefined only where the caller allows it. */
export function codeOf<T>(codes: CodeTable<T>, value: T | undefined): string {
  if (value === undefined) throw new Error("no code for a missing value");
  return codes.codeOf(value);
}
