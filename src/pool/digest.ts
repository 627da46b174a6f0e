/**
 * Content hashes committed next to the Merkle root: the tape file, the rule file and the pool
 * statistics, each as a bytes32 (sha256). JSON values are hashed in their RFC 8785 (JCS)
 * canonical form — object keys sorted by UTF-16 code unit, no whitespace, numbers as ECMAScript
 * prints them — so the hash depends on the content, not on formatting or key order, and any
 * language with a JCS library can reproduce it.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { Hex } from "./bytes.js";

/** sha256 of a file's bytes, streamed (constant memory). */
export async function sha256File(path: string): Promise<Hex> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return `0x${hash.digest("hex")}`;
}

/** RFC 8785 canonical JSON text of a JSON value. Throws on values JSON cannot carry. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot carry ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new TypeError(`canonical JSON cannot carry a ${typeof value}`);
}

/** sha256 of the canonical JSON of `value`, as bytes32 hex. */
export function sha256Json(value: unknown): Hex {
  return `0x${createHash("sha256").update(canonicalJson(value), "utf8").digest("hex")}`;
}
