/**
 * The canonical loan leaf committed on chain: which facts of a loan, in which ABI types and order.
 * The full rationale is in docs/loan-commitment.md; the short version: every field the
 * eligibility rules and the published pool statistics depend on, so anyone holding the leaves can
 * re-check both, and nothing that identifies a borrower.
 *
 * Leaf hash = keccak256(bytes.concat(keccak256(abi.encode(values…)))) — OpenZeppelin's
 * StandardMerkleTree leaf. Every type is static, so abi.encode is 18 left-padded 32-byte words
 * (bytes2 is right-padded), and the encoder below writes them straight into a buffer.
 */
import type { LoanRecord, Occupancy, Product, PropertyType, Purpose } from "../tape/loan.js";
import { InvalidInputError } from "../errors.js";
import { toHex, type Hex } from "./bytes.js";
import { keccak256Into, keccak256OfStaged, keccak256OfStagedPair, pairStaging, stagingArea } from "./keccak.js";

/** The subset of a LoanRecord the pool layer (rules, stats, commitment) reads. */
export type PoolLoan = Pick<
  LoanRecord,
  | "loanId"
  | "line"
  | "originalUpbCents"
  | "currentUpbCents"
  | "currentUpbProjected"
  | "noteRatePct"
  | "originalTermMonths"
  | "loanAgeMonths"
  | "remainingTermMonths"
  | "firstPaymentDate"
  | "fico"
  | "ltvPct"
  | "cltvPct"
  | "dtiPct"
  | "dtiAboveRangeOrUnknown"
  | "state"
  | "occupancy"
  | "purpose"
  | "propertyType"
  | "product"
  | "interestOnly"
>;

/** ABI types of the leaf tuple, in order; the `leafEncoding` of StandardMerkleTree. */
export const LEAF_ENCODING = [
  "bytes32", // loanIdHash = keccak256(utf8(loanId))
  "uint256", // originalUpbCents
  "uint256", // currentUpbCents
  "uint32", // noteRate, thousandths of a percent (7.875 % → 7875)
  "uint16", // originalTermMonths
  "uint16", // loanAgeMonths
  "uint16", // remainingTermMonths
  "uint32", // firstPaymentYyyymm (2000-02 → 200002)
  "uint16", // fico; 65535 = missing
  "uint16", // ltv, hundredths of a percent (60.5 % → 6050); 65535 = missing
  "uint16", // cltv, hundredths of a percent; 65535 = missing
  "uint16", // dti, hundredths of a percent (0 is a real 0 %); 65535 = missing, 65534 = above the layout's range or n/a
  "bytes2", // state, ASCII; 0x0000 = missing
  "uint8", // occupancy code, 0 = missing
  "uint8", // purpose code, 0 = missing
  "uint8", // propertyType code, 0 = missing
  "uint8", // product code
  "uint8", // interestOnly: 1 fully amortizing, 2 interest-only; 0 = missing
] as const;

/** A uint16 leaf field the tape did not carry. Above every value a reader accepts, so 0 stays a real 0. */
export const MISSING_UINT16 = 0xffff;
/** The DTI word of a loan whose tape DTI is a sentinel meaning "above range or n/a" (Freddie 999). */
export const DTI_ABOVE_RANGE_OR_UNKNOWN = 0xfffe;
/** interestOnly word values. */
export const INTEREST_ONLY_CODES = { missing: 0, no: 1, yes: 2 } as const;

export const LEAF_WORDS = LEAF_ENCODING.length;
export const LEAF_ABI_BYTES = 32 * LEAF_WORDS;

/** Codes for the categorical fields; 0 is reserved for "missing". Append only: never renumber. */
export const OCCUPANCY_CODES: Readonly<Record<Occupancy, number>> = { primary: 1, second: 2, investment: 3 };
export const PURPOSE_CODES: Readonly<Record<Purpose, number>> = {
  purchase: 1,
  "cashout-refi": 2,
  "rate-term-refi": 3,
  "refi-unspecified": 4,
};
export const PROPERTY_TYPE_CODES: Readonly<Record<PropertyType, number>> = {
  "single-family": 1,
  condo: 2,
  coop: 3,
  manufactured: 4,
  pud: 5,
};
export const PRODUCT_CODES: Readonly<Record<Product, number>> = { FRM: 1, ARM: 2 };

/** A leaf as typed values, in LEAF_ENCODING order (the shape ethers' AbiCoder and OZ accept). */
export interface LoanLeaf {
  loanIdHash: Hex;
  originalUpbCents: bigint;
  currentUpbCents: bigint;
  noteRateMilliPct: number;
  originalTermMonths: number;
  loanAgeMonths: number;
  remainingTermMonths: number;
  firstPaymentYyyymm: number;
  /** FICO, or MISSING_UINT16. */
  fico: number;
  /** Hundredths of a percent, or MISSING_UINT16. */
  ltvCentiPct: number;
  cltvCentiPct: number;
  /** Hundredths of a percent, MISSING_UINT16, or DTI_ABOVE_RANGE_OR_UNKNOWN. */
  dtiCentiPct: number;
  /** bytes2: the two ASCII letters, or 0x0000. */
  state: Hex;
  occupancy: number;
  purpose: number;
  propertyType: number;
  product: number;
  interestOnly: number;
}

export type LeafTuple = [Hex, bigint, bigint, number, number, number, number, number, number, number, number, number, Hex, number, number, number, number, number];

export function leafTuple(leaf: LoanLeaf): LeafTuple {
  return [
    leaf.loanIdHash,
    leaf.originalUpbCents,
    leaf.currentUpbCents,
    leaf.noteRateMilliPct,
    leaf.originalTermMonths,
    leaf.loanAgeMonths,
    leaf.remainingTermMonths,
    leaf.firstPaymentYyyymm,
    leaf.fico,
    leaf.ltvCentiPct,
    leaf.cltvCentiPct,
    leaf.dtiCentiPct,
    leaf.state,
    leaf.occupancy,
    leaf.purpose,
    leaf.propertyType,
    leaf.product,
    leaf.interestOnly,
  ];
}

/** A loan field that cannot be represented in the leaf, with the loan, line, field and value. */
export class LeafEncodingError extends InvalidInputError {
  constructor(loan: Pick<LoanRecord, "loanId" | "line">, field: string, value: unknown, reason: string) {
    super(`loan ${loan.loanId} (line ${loan.line})`, `${field}=${String(value)}: ${reason}`, {
      loanId: loan.loanId,
      line: loan.line,
      field,
      value,
      why: reason,
    });
  }
}

const utf8 = new TextEncoder();

/** keccak256 of the loan id's UTF-8 bytes, into out[offset .. offset + 32). */
export function loanIdHashInto(loanId: string, out: Uint8Array, offset: number): void {
  // Encoded straight into the hasher's staging area: no allocation per loan. A UTF-8 id takes at
  // most 3 bytes per UTF-16 unit; anything too long for the area goes the allocating way.
  if (3 * loanId.length <= stagingArea.length) {
    const { written } = utf8.encodeInto(loanId, stagingArea);
    keccak256OfStaged(written, out, offset);
  } else {
    const bytes = utf8.encode(loanId);
    keccak256Into(bytes, 0, bytes.length, out, offset);
  }
}

// The checks below are module-level functions rather than closures inside leafIntegers: it runs
// once per loan on the tokenize hot path, and a closure per field per loan (each wrapped by the
// TypeScript loader's name-keeping helper) cost about a second on a 1,000,000-loan tape.

function checkedUpb(loan: PoolLoan, field: "originalUpbCents" | "currentUpbCents"): number {
  const v = loan[field];
  if (!Number.isSafeInteger(v) || v < 0) throw new LeafEncodingError(loan, field, v, "must be a non-negative integer number of cents");
  return v;
}

function checkedUint(loan: PoolLoan, field: string, v: number, bits: 16 | 32): number {
  // `v === Math.floor(v)` rather than Number.isInteger: the same for the finite range checked here,
  // and it leaves NaN and ±Infinity to fail the range test.
  if (!(v === Math.floor(v) && v >= 0 && v < (bits === 16 ? 0x1_0000 : 0x1_0000_0000))) {
    throw new LeafEncodingError(loan, field, v, `must be an integer in uint${bits}`);
  }
  return v;
}

/** FICO as its uint16 word: integers only (a score has no fractions); missing → MISSING_UINT16. */
function ficoWord(loan: PoolLoan): number {
  const v = loan.fico;
  if (v === undefined) return MISSING_UINT16;
  if (!(v === Math.floor(v) && v >= 0 && v < MISSING_UINT16)) throw new LeafEncodingError(loan, "fico", v, "must be a whole score below 65535");
  return v;
}

/** A ratio in percent as hundredths (uint16); missing → MISSING_UINT16. */
function ratioWord(loan: PoolLoan, field: "ltvPct" | "cltvPct" | "dtiPct"): number {
  const v = loan[field];
  if (v === undefined) return MISSING_UINT16;
  const hundredths = Math.round(v * 100);
  if (!Number.isFinite(v) || Math.abs(hundredths - v * 100) > 1e-6) {
    throw new LeafEncodingError(loan, field, v, "more than 2 decimals cannot be committed exactly (hundredths of a percent)");
  }
  if (!(hundredths >= 0 && hundredths < DTI_ABOVE_RANGE_OR_UNKNOWN)) {
    throw new LeafEncodingError(loan, field, v, "must be between 0 and 655.33 %");
  }
  return hundredths;
}

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const CAPITAL_A = 65;
const CAPITAL_Z = 90;

/** `YYYY-MM` (month 01–12) as YYYYMM, or -1; read by character codes, no regex match object per loan. */
function yyyymm(date: string): number {
  if (date.length !== 7 || date.charCodeAt(4) !== 45) return -1;
  let value = 0;
  for (let k = 0; k < 7; k++) {
    if (k === 4) continue;
    const c = date.charCodeAt(k);
    if (c < DIGIT_0 || c > DIGIT_9) return -1;
    value = value * 10 + (c - DIGIT_0);
  }
  const month = value % 100;
  return month >= 1 && month <= 12 ? value : -1;
}

function isCapital(code: number): boolean {
  return code >= CAPITAL_A && code <= CAPITAL_Z;
}

/**
 * Writes the UTF-8 of `s` at the start of `into` (which has room for 3 bytes per UTF-16 unit) and
 * returns its length. Loan ids are nearly always ASCII, whose bytes are the char codes: copying
 * those is cheaper than a call into the encoder; anything else goes through TextEncoder.
 */
function stageUtf8(s: string, into: Uint8Array): number {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0x80) return utf8.encodeInto(s, into).written;
    into[k] = c;
  }
  return s.length;
}

/**
 * keccak256 of the UTF-8 of ids[from .. to) into out[32 from ..], two ids per pass of the paired
 * permutation whenever both fit one pair of blocks of the same count (loan ids are short).
 */
export function loanIdHashesInto(ids: readonly string[], from: number, to: number, out: Uint8Array): void {
  const [a, b] = pairStaging;
  let i = from;
  for (; i + 1 < to; i += 2) {
    const first = ids[i]!;
    const second = ids[i + 1]!;
    // Staging holds 3 bytes per UTF-16 unit (the UTF-8 worst case) only for short ids.
    if (3 * Math.max(first.length, second.length) <= a.length) {
      const lengthA = stageUtf8(first, a);
      const lengthB = stageUtf8(second, b);
      if (Math.floor(lengthA / 136) === Math.floor(lengthB / 136)) {
        keccak256OfStagedPair(lengthA, out, 32 * i, out, 32 * (i + 1), lengthB);
        continue;
      }
    }
    loanIdHashInto(first, out, 32 * i);
    loanIdHashInto(second, out, 32 * (i + 1));
  }
  if (i < to) loanIdHashInto(ids[i]!, out, 32 * i);
}

/**
 * The integer leaf fields of a loan, checked to fit their ABI type exactly. Shared by the typed
 * leaf and the compact store so both apply the same rules.
 */
export function leafIntegers(loan: PoolLoan): Omit<LoanLeaf, "loanIdHash" | "originalUpbCents" | "currentUpbCents" | "state"> & {
  originalUpbCents: number;
  currentUpbCents: number;
  stateCode: number;
} {
  const w = new Float64Array(LEAF_WORDS - 1);
  writeLeafWords(loan, w, 0);
  return {
    originalUpbCents: w[0]!,
    currentUpbCents: w[1]!,
    noteRateMilliPct: w[2]!,
    originalTermMonths: w[3]!,
    loanAgeMonths: w[4]!,
    remainingTermMonths: w[5]!,
    firstPaymentYyyymm: w[6]!,
    fico: w[7]!,
    ltvCentiPct: w[8]!,
    cltvCentiPct: w[9]!,
    dtiCentiPct: w[10]!,
    stateCode: w[11]!,
    occupancy: w[12]!,
    purpose: w[13]!,
    propertyType: w[14]!,
    product: w[15]!,
    interestOnly: w[16]!,
  };
}

/** The typed leaf of a loan (for display, proofs and ABI encoders). */
export function loanLeaf(loan: PoolLoan): LoanLeaf {
  const { stateCode, originalUpbCents, currentUpbCents, ...ints } = leafIntegers(loan);
  const idHash = new Uint8Array(32);
  loanIdHashInto(loan.loanId, idHash, 0);
  return {
    loanIdHash: toHex(idHash),
    originalUpbCents: BigInt(originalUpbCents),
    currentUpbCents: BigInt(currentUpbCents),
    ...ints,
    state: `0x${stateCode.toString(16).padStart(4, "0")}`,
  };
}

/** Index of the one bytes2 word (the state); every other word after the id hash is an integer. */
const STATE_WORD = LEAF_ENCODING.indexOf("bytes2");

/**
 * Writes abi.encode(leaf values) — LEAF_ABI_BYTES bytes — at out[offset]. `words[wordsOffset ..
 * + 17)` are the 17 numeric words after the id hash, in LEAF_ENCODING order, with the state as its
 * 16-bit code. Runs once per loan: byte stores only, no allocation.
 */
export function encodeLeafAbiInto(
  idHash: Uint8Array,
  idHashOffset: number,
  words: ArrayLike<number>,
  out: Uint8Array,
  offset: number,
  wordsOffset = 0,
): void {
  out.fill(0, offset, offset + LEAF_ABI_BYTES);
  for (let b = 0; b < 32; b++) out[offset + b] = idHash[idHashOffset + b]!;
  for (let w = 1; w < LEAF_WORDS; w++) {
    const v = words[wordsOffset + w - 1]!;
    const word = offset + 32 * w;
    if (w === STATE_WORD) {
      // bytes<N> is left-aligned in its word, unlike integers.
      out[word] = v >>> 8;
      out[word + 1] = v & 0xff;
      continue;
    }
    // Integers are big-endian at the end of the word; values are < 2^53, so the last 8 bytes hold
    // them: the high 32 bits, then the low 32 bits.
    const high = Math.floor(v / 0x1_0000_0000);
    const low = v - high * 0x1_0000_0000;
    out[word + 24] = high >>> 24;
    out[word + 25] = (high >>> 16) & 0xff;
    out[word + 26] = (high >>> 8) & 0xff;
    out[word + 27] = high & 0xff;
    out[word + 28] = low >>> 24;
    out[word + 29] = (low >>> 16) & 0xff;
    out[word + 30] = (low >>> 8) & 0xff;
    out[word + 31] = low & 0xff;
  }
}

/**
 * Writes the 17 numeric words of a loan's leaf after the id hash, in LEAF_ENCODING order, to
 * out[offset .. offset + 17); throws LeafEncodingError (writing nothing) when a field does not fit.
 * The store calls it once per loan, so it checks and writes without building anything per loan.
 */
export function writeLeafWords(loan: PoolLoan, out: Float64Array, offset: number): void {
  const milli = Math.round(loan.noteRatePct * 1000);
  if (!Number.isFinite(loan.noteRatePct) || Math.abs(milli - loan.noteRatePct * 1000) > 1e-6) {
    throw new LeafEncodingError(loan, "noteRatePct", loan.noteRatePct, "more than 3 decimals cannot be committed exactly");
  }
  const firstPaymentYyyymm = yyyymm(loan.firstPaymentDate);
  if (firstPaymentYyyymm < 0) throw new LeafEncodingError(loan, "firstPaymentDate", loan.firstPaymentDate, "expected YYYY-MM");
  let stateCode = 0;
  const state = loan.state;
  if (state !== undefined) {
    if (state.length !== 2 || !isCapital(state.charCodeAt(0)) || !isCapital(state.charCodeAt(1))) {
      throw new LeafEncodingError(loan, "state", state, "expected two capital letters");
    }
    stateCode = (state.charCodeAt(0) << 8) | state.charCodeAt(1);
  }
  // Every check before the first write, in the order the leaf lists the fields.
  const originalUpb = checkedUpb(loan, "originalUpbCents");
  const currentUpb = checkedUpb(loan, "currentUpbCents");
  const noteRate = checkedUint(loan, "noteRatePct", milli, 32);
  const originalTerm = checkedUint(loan, "originalTermMonths", loan.originalTermMonths, 16);
  const loanAge = checkedUint(loan, "loanAgeMonths", loan.loanAgeMonths, 16);
  const remainingTerm = checkedUint(loan, "remainingTermMonths", loan.remainingTermMonths, 16);
  const fico = ficoWord(loan);
  const ltv = ratioWord(loan, "ltvPct");
  const cltv = ratioWord(loan, "cltvPct");
  let dti = ratioWord(loan, "dtiPct");
  if (loan.dtiAboveRangeOrUnknown === true) {
    if (loan.dtiPct !== undefined) throw new LeafEncodingError(loan, "dtiPct", loan.dtiPct, "a DTI value and the above-range sentinel at once");
    dti = DTI_ABOVE_RANGE_OR_UNKNOWN;
  }
  out[offset] = originalUpb;
  out[offset + 1] = currentUpb;
  out[offset + 2] = noteRate;
  out[offset + 3] = originalTerm;
  out[offset + 4] = loanAge;
  out[offset + 5] = remainingTerm;
  out[offset + 6] = firstPaymentYyyymm;
  out[offset + 7] = fico;
  out[offset + 8] = ltv;
  out[offset + 9] = cltv;
  out[offset + 10] = dti;
  out[offset + 11] = stateCode;
  out[offset + 12] = loan.occupancy === undefined ? 0 : OCCUPANCY_CODES[loan.occupancy];
  out[offset + 13] = loan.purpose === undefined ? 0 : PURPOSE_CODES[loan.purpose];
  out[offset + 14] = loan.propertyType === undefined ? 0 : PROPERTY_TYPE_CODES[loan.propertyType];
  out[offset + 15] = PRODUCT_CODES[loan.product];
  out[offset + 16] =
    loan.interestOnly === undefined ? INTEREST_ONLY_CODES.missing : loan.interestOnly ? INTEREST_ONLY_CODES.yes : INTEREST_ONLY_CODES.no;
}

/**
 * The StandardMerkleTree leaf hashes keccak256(keccak256(abi.encode(values))) of `count` leaves:
 * id hash k at idHashes[32k ..], numeric words k at words[16k ..), leaf hash k to out[32k ..].
 * Each encoding is written straight into the hasher's staging area, and so is its inner hash;
 * leaves go through the two-lane permutation in pairs.
 */
export function hashLeavesInto(idHashes: Uint8Array, words: ArrayLike<number>, count: number, out: Uint8Array): void {
  const [a, b] = pairStaging;
  const W = LEAF_WORDS - 1;
  let k = 0;
  for (; k + 1 < count; k += 2) {
    encodeLeafAbiInto(idHashes, 32 * k, words, a, 0, W * k);
    encodeLeafAbiInto(idHashes, 32 * (k + 1), words, b, 0, W * (k + 1));
    keccak256OfStagedPair(LEAF_ABI_BYTES, a, 0, b, 0); // each inner hash becomes its outer message
    keccak256OfStagedPair(32, out, 32 * k, out, 32 * (k + 1));
  }
  if (k < count) {
    encodeLeafAbiInto(idHashes, 32 * k, words, stagingArea, 0, W * k);
    keccak256OfStaged(LEAF_ABI_BYTES, stagingArea, 0);
    keccak256OfStaged(32, out, 32 * k);
  }
}
