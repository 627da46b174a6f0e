/**
 * A compact, columnar store of the loans that passed the per-loan rules: exactly the leaf fields
 * (plus id and line), ~200 bytes a loan instead of a ~1 KB LoanRecord object. The pool-level
 * concentration rule, the statistics and the commitment all run over it after the tape has
 * streamed past, so a 1,000,000-loan tape needs ~200 MB here whatever its text size.
 */
import type { Occupancy, Product, PropertyType, Purpose } from "../tape/loan.js";
import {
  DTI_ABOVE_RANGE_OR_UNKNOWN,
  INTEREST_ONLY_CODES,
  LEAF_WORDS,
  MISSING_UINT16,
  OCCUPANCY_CODES,
  PRODUCT_CODES,
  PROPERTY_TYPE_CODES,
  PURPOSE_CODES,
  hashLeavesInto,
  loanIdHashesInto,
  type LoanLeaf,
  type PoolLoan,
  writeLeafWords,
} from "./leaf.js";
import { toHex } from "./bytes.js";

const WORDS = LEAF_WORDS - 1; // numeric words after the id hash
const W = {
  originalUpb: 0,
  currentUpb: 1,
  noteRateMilli: 2,
  originalTerm: 3,
  loanAge: 4,
  remainingTerm: 5,
  firstPayment: 6,
  fico: 7,
  ltv: 8,
  cltv: 9,
  dti: 10,
  state: 11,
  occupancy: 12,
  purpose: 13,
  propertyType: 14,
  product: 15,
  interestOnly: 16,
} as const;

/** Code → name as an array (codes are small integers): `loan()` decodes four per loan. */
function invert<K extends string>(codes: Readonly<Record<K, number>>): (K | undefined)[] {
  const names: (K | undefined)[] = [];
  for (const [k, v] of Object.entries(codes)) names[v as number] = k as K;
  return names;
}
const OCCUPANCY_BY_CODE = invert<Occupancy>(OCCUPANCY_CODES);
const PURPOSE_BY_CODE = invert<Purpose>(PURPOSE_CODES);
const PROPERTY_BY_CODE = invert<PropertyType>(PROPERTY_TYPE_CODES);
const PRODUCT_BY_CODE = invert<Product>(PRODUCT_CODES);

// `loan()` runs once per loan for the statistics; a pool has a few hundred distinct months and
// a few dozen states, so their strings are made once each instead of once per loan.
const MONTH_TEXT = new Map<number, string>();
const STATE_TEXT = new Map<number, string>();

/** YYYYMM → "YYYY-MM". */
function monthText(yyyymm: number): string {
  let text = MONTH_TEXT.get(yyyymm);
  if (text === undefined) MONTH_TEXT.set(yyyymm, (text = `${Math.floor(yyyymm / 100)}-${String(yyyymm % 100).padStart(2, "0")}`));
  return text;
}

/** 16-bit ASCII code → the two letters. */
function stateText(code: number): string {
  let text = STATE_TEXT.get(code);
  if (text === undefined) STATE_TEXT.set(code, (text = String.fromCharCode(code >> 8, code & 0xff)));
  return text;
}

/** A stored optional uint16 field (leaf.ts): MISSING_UINT16 stands for missing. */
function optional(v: number): number | undefined {
  return v === MISSING_UINT16 ? undefined : v;
}

/** A stored ratio in hundredths back in percent: the same double the reader parsed (both are correctly rounded). */
function ratio(v: number): number | undefined {
  return v >= DTI_ABOVE_RANGE_OR_UNKNOWN ? undefined : v / 100;
}

/**
 * The leaf fields of a range of loans, for a thread that hashes them: the loan ids as UTF-8
 * (id k is ids[idEnds[k - 1] .. idEnds[k]), with idEnds[-1] = 0) and 17 numeric words per loan.
 */
export interface LeafColumns {
  ids: Uint8Array<ArrayBuffer>;
  idEnds: Int32Array<ArrayBuffer>;
  words: Float64Array<ArrayBuffer>;
}

/**
 * Longest loan id (UTF-8 bytes) `leafColumns` hands out: a worker hashes ids of up to 8 Keccak
 * blocks in its staging area. No real tape comes near it; a longer id is hashed where it is stored.
 */
export const MAX_COLUMN_ID_BYTES = 1024;

const utf8 = new TextEncoder();

export class LoanStore {
  private ids: string[] = [];
  private lines: Float64Array;
  /** 1 where the loan's current UPB is a projected scheduled balance (not a leaf field). */
  private projected: Uint8Array;
  private words: Float64Array;
  private idHashes: Uint8Array;
  /** keccak256(loanId) is computed lazily, in pairs (loanIdHashesInto); loans below this have it. */
  private hashedIds = 0;
  private count = 0;

  /**
   * `capacity`: loans to make room for up front. Growing copies every column, ~0.1 CPU-s over a
   * 1,000,000-loan tape; room never used costs address space only (the pages stay untouched).
   */
  constructor(capacity = 1024) {
    const n = Number.isFinite(capacity) ? Math.max(1, Math.ceil(capacity)) : 1024;
    this.lines = new Float64Array(n);
    this.projected = new Uint8Array(n);
    this.words = new Float64Array(n * WORDS);
    this.idHashes = new Uint8Array(n * 32);
  }

  get length(): number {
    return this.count;
  }

  /** Adds a loan; throws LeafEncodingError when a field cannot be committed exactly. */
  append(loan: PoolLoan): void {
    if (this.count === this.lines.length) this.grow();
    const i = this.count;
    // Validates before anything is stored, so a rejected loan leaves the store unchanged.
    writeLeafWords(loan, this.words, i * WORDS);
    this.ids.push(loan.loanId);
    this.lines[i] = loan.line;
    this.projected[i] = loan.currentUpbProjected === true ? 1 : 0;
    this.count++;
  }

  loanId(i: number): string {
    return this.ids[this.check(i)]!;
  }

  line(i: number): number {
    return this.lines[this.check(i)]!;
  }

  currentUpbCents(i: number): number {
    return this.words[this.check(i) * WORDS + W.currentUpb]!;
  }

  /** The state's 16-bit ASCII code (0 = missing), the leaf's bytes2. */
  stateCode(i: number): number {
    return this.words[this.check(i) * WORDS + W.state]!;
  }

  /** The loan as the pool layer sees it, rebuilt exactly from the stored leaf fields. */
  loan(i: number): PoolLoan {
    return this.loanInto(i, {
      loanId: "",
      line: 0,
      originalUpbCents: 0,
      currentUpbCents: 0,
      currentUpbProjected: false,
      noteRatePct: 0,
      originalTermMonths: 0,
      loanAgeMonths: 0,
      remainingTermMonths: 0,
      firstPaymentDate: "",
      fico: undefined,
      ltvPct: undefined,
      cltvPct: undefined,
      dtiPct: undefined,
      dtiAboveRangeOrUnknown: false,
      state: undefined,
      occupancy: undefined,
      purpose: undefined,
      propertyType: undefined,
      product: "FRM",
      interestOnly: undefined,
    });
  }

  /**
   * `loan(i)` written over `into` (made by `loan()`), for a pass that reads each loan once and
   * keeps none: the statistics walk a million loans, and a fresh object each cost ~0.1 s.
   */
  loanInto(i: number, into: PoolLoan): PoolLoan {
    const o = this.check(i) * WORDS;
    const w = this.words;
    const state = w[o + W.state]!;
    into.loanId = this.ids[i]!;
    into.line = this.lines[i]!;
    into.originalUpbCents = w[o + W.originalUpb]!;
    into.currentUpbCents = w[o + W.currentUpb]!;
    into.currentUpbProjected = this.projected[i] === 1;
    into.noteRatePct = w[o + W.noteRateMilli]! / 1000;
    into.originalTermMonths = w[o + W.originalTerm]!;
    into.loanAgeMonths = w[o + W.loanAge]!;
    into.remainingTermMonths = w[o + W.remainingTerm]!;
    into.firstPaymentDate = monthText(w[o + W.firstPayment]!);
    into.fico = optional(w[o + W.fico]!);
    into.ltvPct = ratio(w[o + W.ltv]!);
    into.cltvPct = ratio(w[o + W.cltv]!);
    into.dtiPct = ratio(w[o + W.dti]!);
    into.dtiAboveRangeOrUnknown = w[o + W.dti] === DTI_ABOVE_RANGE_OR_UNKNOWN;
    into.state = state === 0 ? undefined : stateText(state);
    into.occupancy = OCCUPANCY_BY_CODE[w[o + W.occupancy]!];
    into.purpose = PURPOSE_BY_CODE[w[o + W.purpose]!];
    into.propertyType = PROPERTY_BY_CODE[w[o + W.propertyType]!];
    into.product = PRODUCT_BY_CODE[w[o + W.product]!]!;
    const io = w[o + W.interestOnly]!;
    into.interestOnly = io === INTEREST_ONLY_CODES.missing ? undefined : io === INTEREST_ONLY_CODES.yes;
    return into;
  }

  leaf(i: number): LoanLeaf {
    const o = this.check(i) * WORDS;
    const w = this.words;
    return {
      loanIdHash: toHex(this.hashIds(i + 1), 32 * i, 32),
      originalUpbCents: BigInt(w[o + W.originalUpb]!),
      currentUpbCents: BigInt(w[o + W.currentUpb]!),
      noteRateMilliPct: w[o + W.noteRateMilli]!,
      originalTermMonths: w[o + W.originalTerm]!,
      loanAgeMonths: w[o + W.loanAge]!,
      remainingTermMonths: w[o + W.remainingTerm]!,
      firstPaymentYyyymm: w[o + W.firstPayment]!,
      fico: w[o + W.fico]!,
      ltvCentiPct: w[o + W.ltv]!,
      cltvCentiPct: w[o + W.cltv]!,
      dtiCentiPct: w[o + W.dti]!,
      state: `0x${w[o + W.state]!.toString(16).padStart(4, "0")}`,
      occupancy: w[o + W.occupancy]!,
      purpose: w[o + W.purpose]!,
      propertyType: w[o + W.propertyType]!,
      product: w[o + W.product]!,
      interestOnly: w[o + W.interestOnly]!,
    };
  }

  /** keccak256(loanId) of every loan, n × 32 bytes in store order (a view, not a copy). */
  loanIdHashes(): Uint8Array {
    return this.hashIds(this.count).subarray(0, 32 * this.count);
  }

  /** The StandardMerkleTree leaf hashes of loans [from, to) (default: all), 32 bytes each. */
  leafHashes(from = 0, to = this.count): Uint8Array<ArrayBuffer> {
    this.checkRange(from, to);
    const out = new Uint8Array(32 * (to - from));
    const idHashes = this.hashIds(to).subarray(32 * from, 32 * to);
    hashLeavesInto(idHashes, this.words.subarray(from * WORDS, to * WORDS), to - from, out);
    return out;
  }

  /**
   * Copies of the leaf fields of loans [from, to): their ids as UTF-8 and their numeric words, so
   * that another thread can compute keccak256(id) too (a fair share of the commitment's hashing).
   * Undefined when an id is longer than MAX_COLUMN_ID_BYTES.
   */
  leafColumns(from: number, to: number): LeafColumns | undefined {
    this.checkRange(from, to);
    const ids = this.ids;
    let bytes = 0;
    for (let i = from; i < to; i++) bytes += ids[i]!.length;
    // 3 bytes per UTF-16 unit is UTF-8's worst case; ids are nearly always ASCII (1 byte each).
    let out = new Uint8Array(3 * bytes);
    const idEnds = new Int32Array(to - from);
    let at = 0;
    for (let i = from; i < to; i++) {
      const id = ids[i]!;
      const start = at;
      for (let k = 0; k < id.length; k++) {
        const c = id.charCodeAt(k);
        if (c >= 0x80) {
          at = start + utf8.encodeInto(id, out.subarray(start)).written;
          break;
        }
        out[at++] = c;
      }
      if (at - start > MAX_COLUMN_ID_BYTES) return undefined;
      idEnds[i - from] = at;
    }
    if (at < out.length) out = out.slice(0, at);
    return { ids: out, idEnds, words: this.words.slice(from * WORDS, to * WORDS) };
  }

  /**
   * Leaf hashes of loans [from, to) with their id hashes (32 bytes each), computed here without
   * hashing the ids of earlier loans, which another thread may have hashed.
   */
  leafHashesAndIdHashes(from: number, to: number): { hashes: Uint8Array<ArrayBuffer>; idHashes: Uint8Array<ArrayBuffer> } {
    this.checkRange(from, to);
    // The range's slots of the id hash buffer are free to use: loans at or above hashedIds have
    // none yet, and hashIds() would write the same values there.
    if (to > this.hashedIds) loanIdHashesInto(this.ids, Math.max(from, this.hashedIds), to, this.idHashes);
    const idHashes = this.idHashes.slice(32 * from, 32 * to);
    const hashes = new Uint8Array(32 * (to - from));
    hashLeavesInto(idHashes, this.words.subarray(from * WORDS, to * WORDS), to - from, hashes);
    return { hashes, idHashes };
  }

  /**
   * Takes keccak256(loanId) of every loan, in store order, from whoever computed them (the tree
   * worker), so they are not hashed again here.
   */
  adoptIdHashes(idHashes: Uint8Array): void {
    if (idHashes.length !== 32 * this.count) throw new RangeError(`${idHashes.length / 32} id hashes for ${this.count} loans`);
    this.idHashes.set(idHashes);
    this.hashedIds = this.count;
  }

  /** Keeps only the loans whose `drop` flag is 0, preserving their order. */
  compact(drop: Uint8Array): void {
    let kept = 0;
    let hashedKept = 0;
    for (let i = 0; i < this.count; i++) {
      // Loans below hashedIds have their id hash; the kept ones among them stay a prefix.
      if (i === this.hashedIds) hashedKept = kept;
      if (drop[i] === 1) continue;
      if (kept !== i) {
        this.ids[kept] = this.ids[i]!;
        this.lines[kept] = this.lines[i]!;
        this.projected[kept] = this.projected[i]!;
        this.words.copyWithin(kept * WORDS, i * WORDS, (i + 1) * WORDS);
        this.idHashes.copyWithin(32 * kept, 32 * i, 32 * i + 32);
      }
      kept++;
    }
    this.hashedIds = this.hashedIds >= this.count ? kept : hashedKept;
    this.ids.length = kept;
    this.count = kept;
  }

  /** Computes the pending id hashes of loans below `upTo`; returns the id hash buffer. */
  private hashIds(upTo: number): Uint8Array {
    if (upTo > this.hashedIds) {
      loanIdHashesInto(this.ids, this.hashedIds, upTo, this.idHashes);
      this.hashedIds = upTo;
    }
    return this.idHashes;
  }

  private grow(): void {
    const capacity = this.lines.length * 2;
    const lines = new Float64Array(capacity);
    lines.set(this.lines);
    const projected = new Uint8Array(capacity);
    projected.set(this.projected);
    this.projected = projected;
    const words = new Float64Array(capacity * WORDS);
    words.set(this.words);
    const idHashes = new Uint8Array(capacity * 32);
    idHashes.set(this.idHashes);
    this.lines = lines;
    this.words = words;
    this.idHashes = idHashes;
  }

  private checkRange(from: number, to: number): void {
    if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= this.count)) {
      throw new RangeError(`loan range ${from}..${to} out of range 0..${this.count}`);
    }
  }

  private check(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) throw new RangeError(`loan index ${i} out of range 0..${this.count - 1}`);
    return i;
  }
}
