/**
 * The loan-level line of one period as a Merkle leaf, the loan's "digital twin" committed by the
 * period's `loanRoot`. Leaf hash = keccak256(bytes.concat(keccak256(abi.encode(values…)))),
 * OpenZeppelin's StandardMerkleTree leaf, so `MerkleProof.verify` checks a line on chain. Every
 * type is static: abi.encode is 14 left-padded 32-byte words written straight into the hasher.
 */
import { toHex, type Hex } from "../pool/bytes.js";
import { loanIdHashInto, loanIdHashesInto } from "../pool/leaf.js";
import { keccak256OfStaged, keccak256OfStagedPair, pairStaging, stagingArea } from "../pool/keccak.js";
import { monthString } from "../tape/fields.js";
import { LINE_STATUS, type LoanPeriodLine } from "./reconcile.js";

/** ABI types of the leaf tuple, in order (the `leafEncoding` of a StandardMerkleTree dump). */
export const LOAN_LINE_ENCODING = [
  "bytes32", // loanIdHash = keccak256(utf8(loanId)), as in the pool's loan leaves
  "uint32", // period, YYYYMM
  "uint8", // status (LINE_STATUS)
  "uint16", // delinquentMonths
  "bool", // modified this month
  "uint32", // noteRate, thousandths of a percent
  "uint256", // beginningUpbCents
  "uint256", // endingUpbCents
  "uint256", // scheduledPrincipalCents
  "uint256", // unscheduledPrincipalCents (curtailment + payoff)
  "uint256", // interestCents
  "uint256", // liquidationProceedsCents
  "uint256", // realizedLossCents
  "uint256", // recoveryCents
] as const;

const WORDS = LOAN_LINE_ENCODING.length;
const ABI_BYTES = 32 * WORDS;

/** The leaf's values in LOAN_LINE_ENCODING order (the shape ethers' AbiCoder and OZ accept). */
export type LoanLineTuple = [Hex, number, number, number, boolean, number, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];

export function yyyymmOf(period: number): number {
  const s = monthString(period);
  return Number(s.slice(0, 4)) * 100 + Number(s.slice(5, 7));
}

const idHash = new Uint8Array(32);

export function loanLineTuple(line: LoanPeriodLine): LoanLineTuple {
  loanIdHashInto(line.loanId, idHash, 0);
  const w = lineWords(line);
  return [
    toHex(idHash),
    w[0]!,
    w[1]!,
    w[2]!,
    w[3] === 1,
    w[4]!,
    ...(w.slice(5).map((v) => BigInt(v)) as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint]),
  ];
}

/** The 13 numeric words after the id hash. Values are safe integers (< 2^53). */
function lineWords(line: LoanPeriodLine): number[] {
  return [
    yyyymmOf(line.period),
    LINE_STATUS[line.status],
    line.delinquentMonths,
    line.modified ? 1 : 0,
    Math.round(line.noteRatePct * 1000),
    line.beginningUpbCents,
    line.endingUpbCents,
    line.scheduledPrincipalCents,
    line.curtailmentCents + line.payoffCents,
    line.interestCents,
    line.liquidationProceedsCents,
    line.realizedLossCents,
    line.recoveryCents,
  ];
}

/** Writes the leaf's abi.encode (id hash at idHashes[idAt ..]) to out[0 .. ABI_BYTES). */
function encodeInto(line: LoanPeriodLine, yyyymm: number, idHashes: Uint8Array, idAt: number, out: Uint8Array): void {
  out.fill(0, 32, ABI_BYTES);
  for (let b = 0; b < 32; b++) out[b] = idHashes[idAt + b]!;
  putWord(out, 1, yyyymm);
  putWord(out, 2, LINE_STATUS[line.status]);
  putWord(out, 3, line.delinquentMonths);
  putWord(out, 4, line.modified ? 1 : 0);
  putWord(out, 5, Math.round(line.noteRatePct * 1000));
  putWord(out, 6, line.beginningUpbCents);
  putWord(out, 7, line.endingUpbCents);
  putWord(out, 8, line.scheduledPrincipalCents);
  putWord(out, 9, line.curtailmentCents + line.payoffCents);
  putWord(out, 10, line.interestCents);
  putWord(out, 11, line.liquidationProceedsCents);
  putWord(out, 12, line.realizedLossCents);
  putWord(out, 13, line.recoveryCents);
}

/** A non-negative safe integer, big-endian at the end of word `w` (the word is already zero). */
function putWord(out: Uint8Array, w: number, v: number): void {
  const at = 32 * w;
  const high = Math.floor(v / 0x1_0000_0000);
  const low = v - high * 0x1_0000_0000;
  out[at + 24] = high >>> 24;
  out[at + 25] = (high >>> 16) & 0xff;
  out[at + 26] = (high >>> 8) & 0xff;
  out[at + 27] = high & 0xff;
  out[at + 28] = low >>> 24;
  out[at + 29] = (low >>> 16) & 0xff;
  out[at + 30] = (low >>> 8) & 0xff;
  out[at + 31] = low & 0xff;
}

/**
 * Leaf hashes of `lines` (32 bytes each, in order): loan-id hashes two at a time, then each pair
 * of leaves through one pass of the paired permutation, encoded in place in the hasher's memory.
 */
export function hashLoanLines(lines: readonly LoanPeriodLine[]): Uint8Array {
  const n = lines.length;
  const out = new Uint8Array(32 * n);
  const ids = new Uint8Array(32 * n);
  loanIdHashesInto(lines.map((l) => l.loanId), 0, n, ids);
  const [a, b] = pairStaging;
  let period = Number.NaN;
  let yyyymm = 0;
  const ym = (p: number): number => {
    if (p !== period) {
      period = p;
      yyyymm = yyyymmOf(p);
    }
    return yyyymm;
  };
  let k = 0;
  for (; k + 1 < n; k += 2) {
    encodeInto(lines[k]!, ym(lines[k]!.period), ids, 32 * k, a);
    encodeInto(lines[k + 1]!, ym(lines[k + 1]!.period), ids, 32 * (k + 1), b);
    keccak256OfStagedPair(ABI_BYTES, a, 0, b, 0); // each inner hash becomes its outer message
    keccak256OfStagedPair(32, out, 32 * k, out, 32 * (k + 1));
  }
  if (k < n) {
    encodeInto(lines[k]!, ym(lines[k]!.period), ids, 32 * k, stagingArea);
    keccak256OfStaged(ABI_BYTES, stagingArea, 0);
    keccak256OfStaged(32, out, 32 * k);
  }
  return out;
}

/** One line's leaf hash. */
export function hashLoanLine(line: LoanPeriodLine): Hex {
  return toHex(hashLoanLines([line]));
}
