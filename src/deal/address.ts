/**
 * EIP-55 addresses without a chain library (the deal model is pure): the checksummed form of a
 * 20-byte hex address, and whether a mixed-case address carries a valid checksum.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";

export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** The EIP-55 form of `0x` + 40 hex digits (any case). */
export function toChecksumAddress(address: string): string {
  const hex = address.slice(2).toLowerCase();
  const hash = keccak_256(new TextEncoder().encode(hex));
  let out = "0x";
  for (let i = 0; i < 40; i += 1) {
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0x0f;
    out += nibble >= 8 ? hex[i]!.toUpperCase() : hex[i]!;
  }
  return out;
}

/**
 * The checksummed address, or undefined when a mixed-case address does not match its checksum
 * (all-lowercase and all-uppercase addresses carry no checksum and are accepted).
 */
export function checksummed(address: string): string | undefined {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) return undefined;
  const body = address.slice(2);
  const sum = toChecksumAddress(address);
  if (body === body.toLowerCase() || body === body.toUpperCase()) return sum;
  return sum === address ? sum : undefined;
}
