/** A 0x-prefixed lowercase hex string (bytes32 roots, proofs, content hashes). */
export type Hex = `0x${string}`;

export function toHex(bytes: Uint8Array, offset = 0, length = bytes.length - offset): Hex {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset + offset, length).toString("hex")}`;
}

/** Parses a 0x-prefixed hex string of exactly `length` bytes; throws on anything else. */
export function fromHex(hex: string, length: number): Uint8Array {
  if (!new RegExp(`^0x[0-9a-fA-F]{${2 * length}}$`).test(hex)) {
    throw new TypeError(`expected 0x-prefixed hex of ${length} bytes, got ${JSON.stringify(hex)}`);
  }
  return Uint8Array.from(Buffer.from(hex.slice(2), "hex"));
}
