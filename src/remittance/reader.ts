/**
 * Streaming remittance-file reader: lines → validated RemittanceRows in batches, every problem
 * located (`file:line field=value: reason`). Like the tape reader it never yields anything after
 * the first invalid row, and throws a ValidationError listing every problem (up to `maxIssues`)
 * once it has seen the whole file: a consumer commits nothing until iteration ends normally.
 *
 * File-level rules: one reporting month per file (the first row's, or `expectedPeriod`), each
 * loan at most once.
 */
import { InvalidInputError, MbsError, ValidationError, type LocatedIssue } from "../errors.js";
import { RowContext, monthIndex, monthString, parseCutoff } from "../tape/fields.js";
import { LoanIdSet } from "../tape/ids.js";
import { StreamingKeccak256 } from "./filehash.js";
import { readLines } from "../tape/lines.js";
import { ReadOnceStream, fileSize } from "../tape/once.js";
import { FannieLegacyRemittanceLayout } from "./layouts/fannie-legacy.js";
import { FannieRemittanceLayout } from "./layouts/fannie.js";
import { FreddieRemittanceLayout } from "./layouts/freddie.js";
import { GENERIC_REMITTANCE_COLUMN_NAMES, GenericRemittanceLayout } from "./layouts/generic.js";
import type { RemittanceLayout } from "./layouts/layout.js";
import type { RemittanceFormat, RemittanceRow } from "./types.js";

export const REMITTANCE_FORMATS: readonly RemittanceFormat[] = ["generic", "fannie-legacy", "fannie", "freddie"];

export interface ReadRemittanceOptions {
  format?: RemittanceFormat | "auto";
  /** Reporting month `YYYY-MM` every row must carry (default: the first row's). */
  expectedPeriod?: string;
  maxIssues?: number;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export interface RemittanceFileSummary {
  file: string;
  format: RemittanceFormat;
  /** Reporting month `YYYY-MM`. */
  period: string;
  lines: number;
  rows: number;
  bytes: number;
  /** keccak256 of the file's bytes, 0x-prefixed: the report's `fileHash`. */
  fileHash: `0x${string}`;
}

export class RemittanceStream extends ReadOnceStream<RemittanceRow, RemittanceFileSummary> {
  constructor(
    file: string,
    private readonly options: ReadRemittanceOptions = {},
  ) {
    super(file, "remittance file");
  }

  protected async *read(): AsyncGenerator<RemittanceRow[], RemittanceFileSummary, undefined> {
    const { file, options } = this;
    const max = options.maxIssues ?? 100;
    let expected = Number.NaN;
    if (options.expectedPeriod !== undefined) {
      expected = parseCutoff(options.expectedPeriod);
      if (Number.isNaN(expected)) throw new InvalidInputError("period", `expected YYYY-MM, got ${JSON.stringify(options.expectedPeriod)}`);
    }
    const total = await fileSize(file, "remittance file");
    if (total === 0) throw new ValidationError(file, [{ file, line: 0, reason: "the file is empty" }]);
    const hash = new StreamingKeccak256();
    const ctx = new RowContext(file, undefined);
    const issues: LocatedIssue[] = [];
    const seen = new LoanIdSet();
    let layout: RemittanceLayout | undefined;
    let period = expected;
    let periodLine = 0;
    let rows = 0;
    let lines = 0;
    let bytes = 0;
    const flush = (): void => {
      for (const p of ctx.problems.splice(0)) {
        if (issues.length >= max) throw new ValidationError(file, issues, true);
        issues.push(p);
      }
    };
    for await (const batch of readLines(file, { onChunk: (c) => hash.update(c) })) {
      const out: RemittanceRow[] = [];
      const last = batch.count - 1;
      for (let k = 0; k < batch.count; k++) {
        const start = batch.start(k);
        const end = batch.end(k);
        if (start === end) continue;
        const line = batch.firstLine + k;
        if (layout === undefined) {
          layout = openRemittanceLayout(file, batch.line(k), options.format ?? "auto");
          if (layout.hasHeader) continue;
        }
        ctx.line = line;
        ctx.loanId = undefined;
        ctx.unterminated = batch.unterminatedLast && k === last;
        if (batch.invalidUtf8.length > 0 && batch.invalidUtf8.includes(line)) {
          ctx.fail("(line)", batch.line(k).slice(0, 60), "invalid UTF-8 bytes: a remittance file must be UTF-8 text");
          flush();
          continue;
        }
        const row = layout.row(batch.text, start, end, ctx);
        if (row !== undefined && ctx.problems.length === 0) {
          if (Number.isNaN(period)) {
            period = row.period;
            periodLine = line;
          } else if (row.period !== period) {
            const why = periodLine > 0 ? `the file is for ${monthString(period)} (line ${periodLine})` : `expected ${monthString(period)}`;
            ctx.fail(layout.periodField, monthString(row.period), `another reporting month: ${why}; one file holds one month`);
          }
          const first = seen.add(row.loanId, line);
          if (first >= 0) ctx.fail(layout.idField, row.loanId, `loan reported twice this month: also on line ${first}`);
        }
        if (ctx.problems.length > 0) {
          flush();
          continue;
        }
        if (row === undefined || issues.length > 0) continue;
        rows++;
        out.push(row);
      }
      lines = batch.firstLine + batch.count - 1;
      bytes = batch.bytesRead;
      options.onProgress?.(bytes, total);
      if (out.length > 0 && issues.length === 0) yield out;
    }
    if (layout === undefined) throw new ValidationError(file, [{ file, line: 0, reason: "the file is empty (blank lines only)" }]);
    if (issues.length > 0) throw new ValidationError(file, issues);
    if (rows === 0) throw new ValidationError(file, [{ file, line: 1, reason: "the file has a header row but no loans" }]);
    return {
      file,
      format: layout.format,
      period: monthString(period),
      lines,
      rows,
      bytes,
      fileHash: hash.digest(),
    };
  }
}

export function readRemittance(file: string, options: ReadRemittanceOptions = {}): RemittanceStream {
  return new RemittanceStream(file, options);
}

/** Every row of a (small) file and its summary, for tests and tools. */
export async function loadRemittance(file: string, options: ReadRemittanceOptions = {}): Promise<{ rows: RemittanceRow[]; summary: RemittanceFileSummary }> {
  const stream = readRemittance(file, options);
  const rows: RemittanceRow[] = [];
  for await (const batch of stream.batches()) for (const r of batch) rows.push(r);
  return { rows, summary: stream.summary };
}

/** The format of a remittance file from its first line, or why none fits. */
export function detectRemittanceFormat(firstLine: string): { format: RemittanceFormat; delimiter: string } | { reason: string } {
  for (const d of [",", "\t"]) {
    const names = firstLine.split(d).map((c) => c.trim().replace(/^"|"$/g, "").toLowerCase());
    const known = names.filter((n) => (GENERIC_REMITTANCE_COLUMN_NAMES as readonly string[]).includes(n)).length;
    if (names.includes("loan_id") && names.includes("original_upb")) {
      return { reason: "this is a loan tape (it has original_upb), not a remittance file" };
    }
    if (names.includes("loan_id") || known >= 3) return { format: "generic", delimiter: d };
  }
  const f = firstLine.split("|");
  const n = f.length;
  if (n === 31 && !Number.isNaN(monthIndex(f[1] ?? "", "MM/DD/YYYY"))) return { format: "fannie-legacy", delimiter: "|" };
  // The origination file also has 32 fields and a YYYYMM second field, but starts with a credit score.
  if (n === 32 && !Number.isNaN(monthIndex(f[1] ?? "", "YYYYMM")) && !/^\d*$/.test(f[0] ?? "")) return { format: "freddie", delimiter: "|" };
  if (n === 110) return { format: "fannie", delimiter: "|" };
  if (n === 25 || n === 26) return { reason: "this looks like a Fannie Mae Acquisition file (a loan tape), not a performance file" };
  if (n === 32) return { reason: "32 |-separated fields starting with a credit score, not a loan sequence number: a Freddie Mac origination file (a loan tape), not a performance file" };
  return {
    reason:
      `cannot tell the remittance format from line 1 (${n} |-separated fields): expected a generic header with loan_id, ` +
      "or |-separated fannie-legacy performance (31 fields), fannie (110) or freddie performance (32)",
  };
}

function openRemittanceLayout(file: string, firstLine: string, requested: RemittanceFormat | "auto"): RemittanceLayout {
  const detected = detectRemittanceFormat(firstLine);
  let format: RemittanceFormat;
  if (requested === "auto") {
    if (!("format" in detected)) throw new ValidationError(file, [{ file, line: 1, reason: detected.reason }]);
    format = detected.format;
  } else {
    if (!REMITTANCE_FORMATS.includes(requested)) throw new InvalidInputError("--format", `expected auto or one of ${REMITTANCE_FORMATS.join(", ")}, got ${String(requested)}`);
    if ("format" in detected && detected.format !== requested) {
      throw new ValidationError(file, [{ file, line: 1, reason: `--format ${requested} was requested but line 1 looks like ${detected.format}` }]);
    }
    format = requested;
  }
  switch (format) {
    case "generic": {
      const delimiter = "format" in detected ? detected.delimiter : ",";
      const layout = GenericRemittanceLayout.fromHeader(firstLine, delimiter, file);
      if (Array.isArray(layout)) throw new ValidationError(file, layout);
      return layout;
    }
    case "fannie-legacy":
      return new FannieLegacyRemittanceLayout();
    case "fannie":
      return new FannieRemittanceLayout();
    case "freddie":
      return new FreddieRemittanceLayout();
  }
}
