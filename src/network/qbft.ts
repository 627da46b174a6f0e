/**
 * QBFT genesis `extraData`, as Besu documents it for block-header validator selection:
 *
 *   RLP([32 bytes vanity, List<validator address>, no vote, round = 0, no seals])
 *
 * i.e. `besu rlp encode --type=QBFT_EXTRA_DATA` of the validator list. "No vote" is the empty
 * list (0xc0), round 0 is the empty byte string (0x80), "no seals" the empty list (0xc0).
 * (IBFT 2.0's layout differs: a 4-byte round and an empty-string vote — do not mix them up.)
 */
import { ZeroHash, decodeRlp, encodeRlp, getAddress, isAddress } from "ethers";

import { MbsError } from "../errors.js";

export interface QbftExtraData {
  vanity: string;
  validators: string[];
  /** The vote list: empty in a genesis block. */
  vote: unknown[];
  round: bigint;
  seals: string[];
}

/** Validator addresses in ascending order (how Besu's docs ask for them), checksummed; rejects duplicates. */
export function sortValidators(addresses: readonly string[]): string[] {
  const checked = addresses.map((a, i) => {
    if (!isAddress(a)) throw new MbsError(`validator ${i + 1}: "${a}" is not an address`);
    return getAddress(a);
  });
  const seen = new Set<string>();
  for (const a of checked) {
    if (seen.has(a)) throw new MbsError(`validator ${a} is listed twice`);
    seen.add(a);
  }
  return checked.sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
}

/** The genesis `extraData` naming `validators` (encoded in the order given; see `sortValidators`). */
export function encodeQbftExtraData(validators: readonly string[]): string {
  if (validators.length === 0) throw new MbsError("a QBFT genesis needs at least one validator");
  const addresses = validators.map((a) => {
    if (!isAddress(a)) throw new MbsError(`"${a}" is not a validator address`);
    return a.toLowerCase();
  });
  return encodeRlp([ZeroHash, addresses, [], "0x", []]);
}

/** Decodes a QBFT `extraData` (genesis or later block); throws on any other layout. */
export function decodeQbftExtraData(extraData: string): QbftExtraData {
  let decoded: unknown;
  try {
    decoded = decodeRlp(extraData);
  } catch (error) {
    throw new MbsError(`extraData is not RLP: ${(error as Error).message}`);
  }
  if (!Array.isArray(decoded) || decoded.length !== 5) {
    throw new MbsError("extraData is not a QBFT extraData (expected an RLP list of 5 items: vanity, validators, vote, round, seals)");
  }
  const [vanity, validators, vote, round, seals] = decoded as unknown[];
  if (typeof vanity !== "string" || vanity.length !== 66) throw new MbsError("QBFT extraData: the vanity must be 32 bytes");
  if (!Array.isArray(validators) || !validators.every((v) => typeof v === "string" && v.length === 42)) {
    throw new MbsError("QBFT extraData: validators must be a list of 20-byte addresses");
  }
  if (!Array.isArray(vote)) throw new MbsError("QBFT extraData: the vote must be a list (an IBFT 2.0 extraData has a byte string here)");
  if (typeof round !== "string") throw new MbsError("QBFT extraData: the round must be an integer");
  if (!Array.isArray(seals)) throw new MbsError("QBFT extraData: the seals must be a list");
  return {
    vanity,
    validators: (validators as string[]).map((v) => getAddress(v)),
    vote: vote as unknown[],
    round: round === "0x" ? 0n : BigInt(round),
    seals: seals as string[],
  };
}

/** Validators a QBFT network of `n` validators may lose and still make blocks: f in n ≥ 3f + 1. */
export function faultTolerance(validatorCount: number): number {
  return Math.floor((validatorCount - 1) / 3);
}
