/**
 * Property: every row a tape reader accepts can be committed. Rows of every layout are generated
 * field by field across (and just beyond) what the readers document — decimals of every length,
 * range edges, sentinels, blanks, padded values — read with invalid rows excluded, and every
 * loan the reader yields must then pass the leaf encoder, the store and the whole pool build,
 * and come back from the store exactly as read. Seeded: a failure replays from its seed.
 */
import { expect } from "chai";
import { buildPool } from "../../src/pool/pipeline.js";
import { validateRules } from "../../src/pool/rules.js";
import { LoanStore } from "../../src/pool/store.js";
import { mulberry32 } from "../../src/random.js";
import { USPS_CODES, monthString } from "../../src/tape/fields.js";
import { loadTape } from "../../src/tape/index.js";
import type { LoanRecord, TapeFormat } from "../../src/tape/loan.js";
import { GENERIC_COLUMN_NAMES } from "../../src/tape/layouts/generic.js";
import { tmpFile } from "../tape/tmp.js";

const CUTOFF = 2026 * 12; // 2026-01
const ROWS = 1_500;

type Rnd = () => number;
const int = (rnd: Rnd, lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** A decimal in [lo, hi] with 0–`maxDecimals` decimals (one more now and then, which readers refuse). */
function decimal(rnd: Rnd, lo: number, hi: number, maxDecimals: number): string {
  const decimals = rnd() < 0.05 ? maxDecimals + 1 : int(rnd, 0, maxDecimals);
  const v = lo + rnd() * (hi - lo);
  let text = v.toFixed(decimals);
  if (rnd() < 0.1) text += "0"; // trailing zeros are not extra precision
  return text;
}

/** A ratio field: edges, a real 0, decimals, or out of range now and then. */
function ratio(rnd: Rnd, lo: number, hi: number): string {
  const r = rnd();
  if (r < 0.05) return String(lo);
  if (r < 0.1) return String(hi);
  if (r < 0.13) return String(hi + 1);
  return decimal(rnd, lo, hi, 2);
}

interface Timing {
  term: number;
  age: number;
  first: number;
  maturity: number;
  origination: number;
}

function timing(rnd: Rnd): Timing {
  const term = rnd() < 0.1 ? int(rnd, 1, 480) : pick(rnd, [120, 180, 240, 360, 480]);
  const age = Math.min(term - 1, rnd() < 0.2 ? 0 : int(rnd, 0, 60));
  const first = CUTOFF - age + 1;
  return { term, age, first, maturity: first + term - 1, origination: first - int(rnd, 1, 3) };
}

const ym = (m: number) => monthString(m);
const yyyymm = (m: number) => ym(m).replace("-", "");
const mmSlashYyyy = (m: number) => `${ym(m).slice(5)}/${ym(m).slice(0, 4)}`;
const mmyyyy = (m: number) => `${ym(m).slice(5)}${ym(m).slice(0, 4)}`;
const pad = (rnd: Rnd, s: string) => (rnd() < 0.05 ? ` ${s} ` : s);

function upb(rnd: Rnd): string {
  const dollars = int(rnd, 1, 2_000_000);
  return rnd() < 0.5 ? String(dollars) : `${dollars}.${String(int(rnd, 0, 99)).padStart(2, "0")}`;
}

function genericRow(rnd: Rnd, i: number): string {
  const t = timing(rnd);
  const original = upb(rnd);
  const ltv = ratio(rnd, 1, 200);
  const v: Record<string, string> = {
    loan_id: `G${i}`,
    original_upb: original,
    current_upb: rnd() < 0.3 ? "" : (Number(original) * (0.5 + rnd() / 2)).toFixed(2),
    note_rate: decimal(rnd, 0.001, 24.999, 3),
    original_term: String(t.term),
    loan_age: rnd() < 0.5 ? "" : String(t.age),
    remaining_term: rnd() < 0.7 ? "" : String(t.term - t.age),
    first_payment_date: ym(t.first),
    origination_date: rnd() < 0.3 ? "" : ym(t.origination),
    fico: rnd() < 0.1 ? "" : String(int(rnd, 290, 860)),
    co_borrower_fico: rnd() < 0.5 ? "" : String(int(rnd, 300, 850)),
    ltv: rnd() < 0.1 ? "" : ltv,
    cltv: rnd() < 0.2 ? "" : rnd() < 0.5 ? ltv : ratio(rnd, 1, 200),
    dti: rnd() < 0.1 ? "" : ratio(rnd, 0, 100),
    mi_pct: rnd() < 0.5 ? "" : ratio(rnd, 0, 55),
    state: rnd() < 0.05 ? "" : pick(rnd, USPS_CODES),
    zip3: rnd() < 0.1 ? "" : String(int(rnd, 0, 999)).padStart(3, "0"),
    property_type: pick(rnd, ["", "single-family", "condo", "coop", "manufactured", "pud"]),
    occupancy: pick(rnd, ["", "primary", "second", "investment"]),
    purpose: pick(rnd, ["", "purchase", "cashout-refi", "rate-term-refi", "refi-unspecified"]),
    channel: pick(rnd, ["", "retail", "broker", "correspondent", "tpo"]),
    units: pick(rnd, ["", "1", "2", "3", "4"]),
    borrowers: pick(rnd, ["", "1", "2", "3"]),
    first_time_buyer: pick(rnd, ["", "Y", "N"]),
    product: pick(rnd, ["", "FRM", "ARM"]),
    interest_only: pick(rnd, ["", "Y", "N"]),
    maturity_date: rnd() < 0.5 ? "" : ym(t.maturity),
    seller: pick(rnd, ["", "Some Bank", '"Bank, N.A."']),
    servicer: pick(rnd, ["", "Servicer"]),
  };
  return GENERIC_COLUMN_NAMES.map((c) => pad(rnd, v[c] ?? "")).join(",");
}

function freddieRow(rnd: Rnd, i: number): string {
  const t = timing(rnd);
  const ltv = rnd() < 0.05 ? "999" : ratio(rnd, 1, 200);
  const f = [
    rnd() < 0.1 ? "9999" : String(int(rnd, 300, 850)),
    yyyymm(t.first),
    pick(rnd, ["Y", "N", "9"]),
    yyyymm(t.maturity),
    "",
    rnd() < 0.1 ? "999" : ratio(rnd, 0, 55),
    pick(rnd, ["1", "2", "3", "4", "99"]),
    pick(rnd, ["P", "S", "I", "9"]),
    rnd() < 0.05 ? "999" : ltv,
    rnd() < 0.1 ? "999" : ratio(rnd, 0, 65),
    String(int(rnd, 1, 2000) * 1000),
    ltv,
    decimal(rnd, 0.001, 24.999, 3),
    pick(rnd, ["R", "B", "C", "T", "9"]),
    "N",
    pick(rnd, ["FRM", "ARM"]),
    pick(rnd, USPS_CODES),
    pick(rnd, ["SF", "CO", "PU", "MH", "CP", "99"]),
    `${String(int(rnd, 0, 999)).padStart(3, "0")}00`,
    `F26Q1${String(i).padStart(7, "0")}`,
    pick(rnd, ["P", "C", "N", "R", "9"]),
    String(t.term),
    pick(rnd, ["01", "02", "99"]),
    "Other sellers",
    "Other servicers",
    "",
    "",
    "9",
    "",
    "9",
    pick(rnd, ["Y", "N", ""]),
    "7",
  ];
  return f.join("|");
}

function fannieLegacyRow(rnd: Rnd, i: number): string {
  const t = timing(rnd);
  const ltv = ratio(rnd, 1, 200);
  const f = [
    String(100_000_000_000 + i),
    pick(rnd, ["R", "B", "C"]),
    "SELLER",
    decimal(rnd, 0.001, 24.999, 3),
    String(int(rnd, 1, 2_000_000)),
    String(t.term),
    mmSlashYyyy(t.origination),
    mmSlashYyyy(t.first),
    ltv,
    rnd() < 0.3 ? "" : rnd() < 0.5 ? ltv : ratio(rnd, 1, 200),
    pick(rnd, ["1", "2", ""]),
    rnd() < 0.1 ? "" : ratio(rnd, 0, 100),
    rnd() < 0.1 ? "" : String(int(rnd, 300, 850)),
    pick(rnd, ["Y", "N", "U"]),
    pick(rnd, ["P", "C", "R", "U"]),
    pick(rnd, ["SF", "CO", "CP", "MH", "PU"]),
    pick(rnd, ["1", "2", "3", "4"]),
    pick(rnd, ["P", "S", "I", "U"]),
    pick(rnd, USPS_CODES),
    String(int(rnd, 0, 999)).padStart(3, "0"),
    rnd() < 0.7 ? "" : ratio(rnd, 0, 55),
    "FRM",
    rnd() < 0.5 ? "" : String(int(rnd, 300, 850)),
    "",
    "N",
    "202601",
  ];
  return f.join("|");
}

function fannieRow(rnd: Rnd, i: number): string {
  const t = timing(rnd);
  const original = int(rnd, 1, 2_000_000);
  const ltv = ratio(rnd, 1, 200);
  const f: string[] = new Array<string>(110).fill("");
  f[1] = String(200_000_000_000 + i);
  f[2] = mmyyyy(CUTOFF);
  f[3] = pick(rnd, ["R", "B", "C"]);
  f[7] = decimal(rnd, 0.001, 24.999, 3);
  f[8] = rnd() < 0.5 ? "" : f[7];
  f[9] = `${original}.00`;
  f[11] = rnd() < 0.3 ? "" : (original * (0.5 + rnd() / 2)).toFixed(2);
  f[12] = String(t.term);
  f[13] = mmyyyy(t.origination);
  f[14] = mmyyyy(t.first);
  f[15] = rnd() < 0.3 ? "" : String(t.age);
  f[18] = rnd() < 0.3 ? "" : mmyyyy(t.maturity);
  f[19] = ltv;
  f[20] = rnd() < 0.5 ? ltv : ratio(rnd, 1, 200);
  f[22] = rnd() < 0.1 ? "" : ratio(rnd, 0, 100);
  f[23] = rnd() < 0.1 ? "" : String(int(rnd, 300, 850));
  f[25] = pick(rnd, ["Y", "N", "U"]);
  f[26] = pick(rnd, ["P", "C", "R", "U"]);
  f[27] = pick(rnd, ["SF", "CO", "CP", "MH", "PU"]);
  f[28] = pick(rnd, ["1", "2", "3", "4"]);
  f[29] = pick(rnd, ["P", "S", "I", "U"]);
  f[30] = pick(rnd, USPS_CODES);
  f[32] = String(int(rnd, 0, 999)).padStart(3, "0");
  f[34] = pick(rnd, ["FRM", "ARM"]);
  f[36] = pick(rnd, ["Y", "N", ""]);
  return f.join("|");
}

const LAYOUTS: Record<TapeFormat, { header?: string; row: (rnd: Rnd, i: number) => string }> = {
  generic: { header: GENERIC_COLUMN_NAMES.join(","), row: genericRow },
  freddie: { row: freddieRow },
  "fannie-legacy": { row: fannieLegacyRow },
  fannie: { row: fannieRow },
};

/** What the store must give back of a loan: exactly the pool fields the reader produced. */
function poolFields(loan: LoanRecord): Partial<LoanRecord> {
  return {
    loanId: loan.loanId,
    originalUpbCents: loan.originalUpbCents,
    currentUpbCents: loan.currentUpbCents,
    noteRatePct: loan.noteRatePct,
    originalTermMonths: loan.originalTermMonths,
    loanAgeMonths: loan.loanAgeMonths,
    remainingTermMonths: loan.remainingTermMonths,
    firstPaymentDate: loan.firstPaymentDate,
    fico: loan.fico,
    ltvPct: loan.ltvPct,
    cltvPct: loan.cltvPct,
    dtiPct: loan.dtiPct,
    dtiAboveRangeOrUnknown: loan.dtiAboveRangeOrUnknown === true,
    state: loan.state,
    occupancy: loan.occupancy,
    purpose: loan.purpose,
    propertyType: loan.propertyType,
    product: loan.product,
    interestOnly: loan.interestOnly,
  };
}

describe("property: every row a reader accepts is committed", () => {
  for (const [format, layout] of Object.entries(LAYOUTS) as [TapeFormat, (typeof LAYOUTS)[TapeFormat]][]) {
    for (const seed of [1, 2]) {
      it(`${format}, seed ${seed}: validation refuses what the commitment would, and the store gives back what was read`, async () => {
        const rnd = mulberry32(seed * 7919 + format.length);
        const lines = Array.from({ length: ROWS }, (_, i) => layout.row(rnd, i + 1));
        const path = tmpFile(`property-${format}-${seed}.txt`, [...(layout.header === undefined ? [] : [layout.header]), ...lines].join("\n") + "\n");
        const { loans, summary } = await loadTape(path, { format, cutoff: ym(CUTOFF), excludeInvalid: true, maxIssues: ROWS * 10 });
        // The generator is meant to hit both sides of every check.
        expect(loans.length, "rows accepted").to.be.greaterThan(ROWS / 5);
        expect(summary.excluded.length, "rows refused").to.be.greaterThan(0);

        const store = new LoanStore();
        for (const loan of loans) {
          expect(() => store.append(loan), `line ${loan.line}`).to.not.throw();
        }
        loans.forEach((loan, i) => expect(store.loan(i), `line ${loan.line}`).to.deep.include(poolFields(loan)));

        const pool = await buildPool(loans, validateRules({}, "no-rules.json"));
        expect(pool.includedCount).to.equal(loans.length);
        for (const loan of loans.slice(0, 50)) expect(pool.commitment.has(loan.loanId)).to.equal(true);
      });
    }
  }
});
