/**
 * Loan tape reading: the public entry points.
 *
 * Streaming (any size): iterate `readTape(path, opts)` — records, or `.batches()` of records —
 * then read `.summary`. The stream throws a ValidationError listing every problem (up to
 * `maxIssues`) once it knows the tape is invalid, so a consumer must not commit anything before
 * iteration ends normally. `loadTape()` collects everything, for small tapes and tests.
 */
import { open } from "node:fs/promises";
import { detectFormat, type DetectedFormat } from "./detect.js";
import type { LoanRecord } from "./loan.js";
import { TapeStream, type ReadTapeOptions, type TapeSummary } from "./reader.js";
import { notTextReason } from "./sniff.js";

export type { LoanRecord, TapeFormat } from "./loan.js";
export type { ExcludedRow, ReadTapeOptions, TapeSummary } from "./reader.js";
export type { DetectedFormat } from "./detect.js";
export { TapeStream } from "./reader.js";
export { baselineParse } from "./baseline.js";

export function readTape(path: string, options: ReadTapeOptions = {}): TapeStream {
  return new TapeStream(path, options);
}

export async function loadTape(path: string, options: ReadTapeOptions = {}): Promise<{ loans: LoanRecord[]; summary: TapeSummary }> {
  const tape = readTape(path, options);
  const loans: LoanRecord[] = [];
  for await (const batch of tape.batches()) for (const r of batch) loans.push(r);
  return { loans, summary: tape.summary };
}

/** Format of a tape from its first line (reads only the file's first 64 KiB). */
export async function detectTapeFormat(path: string): Promise<DetectedFormat | { reason: string }> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const binary = notTextReason(buf.subarray(0, Math.min(bytesRead, 512)));
    if (binary !== undefined) return { reason: binary };
    const text = buf.subarray(0, bytesRead).toString("utf8").replace(/^\uFEFF/, "");
    const first = text.split("\n").find((l) => l.trim().length > 0)?.replace(/\r$/, "");
    return first === undefined ? { reason: "the file is empty" } : detectFormat(first);
  } finally {
    await fh.close();
  }
}
