import { keccak256, toUtf8Bytes } from "ethers";
import type { LoanRecord } from "../../src/tape/loan.js";
import { mulberry32 } from "../../src/random.js";

/** A plain, fully-populated 30-year purchase loan; tests override what they exercise. */
export function aLoan(overrides: Partial<LoanRecord> = {}): LoanRecord {
  return {
    loanId: "100000000001",
    line: 1,
    originalUpbCents: 20_000_000,
    currentUpbCents: 19_500_000,
    noteRatePct: 7.875,
    originalTermMonths: 360,
    loanAgeMonths: 6,
    remainingTermMonths: 354,
    firstPaymentDate: "2000-02",
    fico: 720,
    ltvPct: 80,
    cltvPct: 85,
    dtiPct: 35,
    state: "CA",
    zip3: "945",
    propertyType: "single-family",
    occupancy: "primary",
    purpose: "purchase",
    product: "FRM",
    ...overrides,
  };
}

/** Deterministic pseudo-random numbers, so "random" cases are reproducible. */
export const seededRandom = mulberry32;

const STATES = ["CA", "TX", "FL", "NY", "IL", "PA", "OH", "GA", "NC", "MI"] as const;
const OCC = ["primary", "second", "investment"] as const;
const PURPOSES = ["purchase", "cashout-refi", "rate-term-refi", "refi-unspecified"] as const;
const PROPS = ["single-family", "condo", "coop", "manufactured", "pud"] as const;

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)]!;
}

/** `n` varied loans with some fields missing, from a seed. */
export function randomLoans(n: number, seed: number): LoanRecord[] {
  const rnd = seededRandom(seed);
  const loans: LoanRecord[] = [];
  for (let i = 0; i < n; i++) {
    const term = rnd() < 0.8 ? 360 : 180;
    const age = Math.floor(rnd() * 60);
    const original = Math.round(30_000 + rnd() * 700_000) * 100;
    const maybe = <T>(v: T): T | undefined => (rnd() < 0.1 ? undefined : v);
    loans.push({
      loanId: `L${seed}-${String(i).padStart(7, "0")}`,
      line: i + 1,
      originalUpbCents: original,
      currentUpbCents: Math.round(original * (1 - age / term) * rnd()),
      noteRatePct: Math.round(3000 + rnd() * 6000) / 1000,
      originalTermMonths: term,
      loanAgeMonths: age,
      remainingTermMonths: term - age,
      firstPaymentDate: `${1998 + Math.floor(rnd() * 6)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, "0")}`,
      fico: maybe(Math.round(560 + rnd() * 270)),
      // Hundredths, as tapes may give them (60.5, 79.99), and a real DTI of 0 now and then (the
      // same draws as before either way, so seeded cases keep their loans).
      ltvPct: maybe(Math.round(3000 + rnd() * 6700) / 100),
      cltvPct: maybe(Math.round(3000 + rnd() * 7500) / 100),
      dtiPct: ((dti) => (i % 7 === 3 && dti !== undefined ? 0 : dti))(maybe(Math.round(500 + rnd() * 5500) / 100)),
      dtiAboveRangeOrUnknown: false,
      interestOnly: i % 13 === 0 ? undefined : i % 11 === 5,
      state: maybe(pick(rnd, STATES)),
      occupancy: maybe(pick(rnd, OCC)),
      purpose: maybe(pick(rnd, PURPOSES)),
      propertyType: maybe(pick(rnd, PROPS)),
      product: rnd() < 0.9 ? "FRM" : "ARM",
    });
  }
  return loans;
}

export async function* streamOf<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

/** The leaf values an independent party would write down for a loan, from the documented encoding. */
export function documentedValues(loan: LoanRecord): unknown[] {
  return [
    keccak256(toUtf8Bytes(loan.loanId)),
    BigInt(loan.originalUpbCents),
    BigInt(loan.currentUpbCents),
    Math.round(loan.noteRatePct * 1000),
    loan.originalTermMonths,
    loan.loanAgeMonths,
    loan.remainingTermMonths,
    Number(loan.firstPaymentDate.replace("-", "")),
    loan.fico ?? 65535,
    loan.ltvPct === undefined ? 65535 : Math.round(loan.ltvPct * 100),
    loan.cltvPct === undefined ? 65535 : Math.round(loan.cltvPct * 100),
    loan.dtiAboveRangeOrUnknown === true ? 65534 : loan.dtiPct === undefined ? 65535 : Math.round(loan.dtiPct * 100),
    loan.state === undefined ? "0x0000" : `0x${Buffer.from(loan.state, "ascii").toString("hex")}`,
    { primary: 1, second: 2, investment: 3, none: 0 }[loan.occupancy ?? "none"],
    { purchase: 1, "cashout-refi": 2, "rate-term-refi": 3, "refi-unspecified": 4, none: 0 }[loan.purpose ?? "none"],
    { "single-family": 1, condo: 2, coop: 3, manufactured: 4, pud: 5, none: 0 }[loan.propertyType ?? "none"],
    { FRM: 1, ARM: 2 }[loan.product],
    loan.interestOnly === undefined ? 0 : loan.interestOnly ? 2 : 1,
  ];
}
