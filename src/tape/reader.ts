/**
 * Drives a layout over a file: lines → validated LoanRecords, in batches, with every problem
 * located. Nothing invalid is ever yielded, and after the first invalid row nothing at all is
 * (unless bad rows are excluded): the stream then throws a ValidationError once it has seen the
 * whole file or `maxIssues` problems. A consumer commits nothing until iteration has finished.
 */
import { createHash } from "node:crypto";
import { InvalidInputError, MbsError, ValidationError, type LocatedIssue } from "../errors.js";
import { detectFormat, mismatch } from "./detect.js";
import { RowContext, parseCutoff } from "./fields.js";
import { LoanIdSet } from "./ids.js";
import { FannieLegacyLayout } from "./layouts/fannie-legacy.js";
import { FannieLayout } from "./layouts/fannie.js";
import { FreddieLayout } from "./layouts/freddie.js";
import { GenericLayout } from "./layouts/generic.js";
import type { TapeLayout } from "./layouts/layout.js";
import { readLines } from "./lines.js";
import { ReadOnceStream, fileSize } from "./once.js";
import { sniffFile } from "./sniff.js";
import { readPerformance, type PerformanceAtCutoffFile } from "./performance.js";
import type { LoanRecord, TapeFormat } from "./loan.js";

export interface ReadTapeOptions {
  /** Layout of the file; "auto" (default) detects it from the first line. */
  format?: TapeFormat | "auto";
  /** Stop collecting problems after this many (default 100). */
  maxIssues?: number;
  /** Leave invalid rows out (listed in the summary) instead of failing the tape. */
  excludeInvalid?: boolean;
  /**
   * Cut-off month `YYYY-MM`: loans of tapes without an age (fannie-legacy, freddie, generic
   * without loan_age) are aged to it; without it such tapes are taken as new issue (age 0).
   */
  cutoff?: string;
  /**
   * fannie-legacy and freddie: the matching monthly performance (servicing) file. Each loan then
   * takes its current UPB, age and remaining term from its latest month at or before `cutoff`
   * (required); a loan that reached a zero balance by then is an invalid row. Loans without
   * performance rows (or whose balance is masked) keep the projected scheduled balance.
   */
  performance?: string;
  /** Compute the SHA-256 of the file's bytes in the same pass (summary.sha256). */
  contentHash?: boolean;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** A row left out under `excludeInvalid`, with everything wrong with it. */
export interface ExcludedRow {
  line: number;
  loanId: string | undefined;
  issues: LocatedIssue[];
}

export interface TapeSummary {
  file: string;
  format: TapeFormat;
  delimiter: string;
  /** Lines in the file, header included. */
  lines: number;
  /** Records yielded. */
  loans: number;
  bytes: number;
  excluded: ExcludedRow[];
  /** Consistency findings that did not fail a row (docs/loan-tape-checks.md), the first 1,000. */
  warnings: LocatedIssue[];
  /** Every warning, including those past the first 1,000. */
  warningCount: number;
  /**
   * Loans whose current UPB is the scheduled balance projected to the cut-off, because the tape
   * carries no balance and no performance file gave one (Freddie origination, Fannie legacy).
   */
  projectedBalances: number;
  /** The cut-off month the loans were aged to (`YYYY-MM`), when one was given. */
  cutoff: string | undefined;
  /** Hex SHA-256 of the file's bytes, when `contentHash` was asked for. */
  sha256: string | undefined;
}

export class TapeStream extends ReadOnceStream<LoanRecord, TapeSummary> {
  constructor(
    file: string,
    private readonly options: ReadTapeOptions = {},
  ) {
    super(file, "tape");
  }

  protected async *read(): AsyncGenerator<LoanRecord[], TapeSummary, undefined> {
    const run = new TapeRun(this.file, this.options);
    yield* run.batches();
    return run.summary();
  }
}

/** State of one pass over a tape. */
class TapeRun {
  private readonly max: number;
  private readonly exclude: boolean;
  private readonly issues: LocatedIssue[] = [];
  private readonly excluded: ExcludedRow[] = [];
  private readonly warnings: LocatedIssue[] = [];
  private warningCount = 0;
  private projected = 0;
  private readonly seen = new LoanIdSet();
  private layout: TapeLayout | undefined;
  private failed = false;
  private lines = 0;
  private loans = 0;
  private bytes = 0;
  private sha256: string | undefined;

  constructor(
    private readonly file: string,
    private readonly options: ReadTapeOptions,
  ) {
    this.max = options.maxIssues ?? 100;
    this.exclude = options.excludeInvalid ?? false;
  }

  async *batches(): AsyncGenerator<LoanRecord[], void, undefined> {
    const { file, options } = this;
    const cutoff = options.cutoff === undefined ? undefined : parseCutoff(options.cutoff);
    if (cutoff !== undefined && Number.isNaN(cutoff)) throw new InvalidInputError("cutoff", `expected YYYY-MM, got ${JSON.stringify(options.cutoff)}`);
    if (options.performance !== undefined && cutoff === undefined) {
      throw new InvalidInputError("performance", "a Performance file needs a cutoff month to read the loans at");
    }
    const performance =
      options.performance === undefined || cutoff === undefined
        ? undefined
        : await readPerformance(options.performance, cutoff, this.max);
    const total = await fileSize(file, "tape file");
    if (total === 0) throw new ValidationError(file, [{ file, line: 0, reason: "the file is empty" }]);
    const binary = await sniffFile(file);
    if (binary !== undefined) throw new ValidationError(file, [{ file, line: 0, reason: binary }]);
    const hash = options.contentHash === true ? createHash("sha256") : undefined;
    const ctx = new RowContext(file, cutoff);
    let dataRows = 0;
    let layout: TapeLayout | undefined;

    for await (const batch of readLines(file, { onChunk: hash === undefined ? undefined : (c) => hash.update(c) })) {
      const out: LoanRecord[] = [];
      const { text, count, firstLine, invalidUtf8 } = batch;
      const last = count - 1;
      for (let k = 0; k < count; k++) {
        const start = batch.start(k);
        const end = batch.end(k);
        if (start === end) continue;
        const line = firstLine + k;
        if (layout === undefined) {
          layout = this.layout = openLayout(file, batch.line(k), options.format ?? "auto", performance);
          if (layout.hasHeader) continue;
        }
        dataRows++;
        ctx.line = line;
        ctx.loanId = undefined;
        ctx.unterminated = batch.unterminatedLast && k === last;
        if (invalidUtf8.length > 0 && invalidUtf8.includes(line)) {
          reportBadBytes(ctx, layout, batch.line(k));
          this.reject(ctx, undefined);
          continue;
        }
        this.take(layout.row(text, start, end, ctx), ctx, out);
      }
      this.lines = firstLine + count - 1;
      this.bytes = batch.bytesRead;
      options.onProgress?.(batch.bytesRead, total);
      if (out.length > 0) yield out;
    }
    if (layout === undefined) throw new ValidationError(file, [{ file, line: 0, reason: "the file is empty (blank lines only)" }]);
    const out: LoanRecord[] = [];
    this.take(layout.end(ctx), ctx, out);
    if (dataRows === 0) throw new ValidationError(file, [{ file, line: 1, reason: "the file has a header row but no loans" }]);
    if (this.failed) throw new ValidationError(file, this.issues, false);
    this.sha256 = hash?.digest("hex");
    if (out.length > 0) yield out;
  }

  summary(): TapeSummary {
    const layout = this.layout;
    if (layout === undefined) throw new MbsError("tape not read", { file: this.file });
    return {
      file: this.file,
      format: layout.format,
      delimiter: layout.delimiter,
      lines: this.lines,
      loans: this.loans,
      bytes: this.bytes,
      excluded: this.excluded,
      warnings: this.warnings,
      warningCount: this.warningCount,
      projectedBalances: this.projected,
      cutoff: this.options.cutoff,
      sha256: this.sha256,
    };
  }

  /** Admits a parsed record (or rejects it and/or the current row's problems). */
  private take(r: LoanRecord | undefined, ctx: RowContext, out: LoanRecord[]): void {
    for (const w of ctx.warnings.splice(0)) {
      this.warningCount++;
      if (this.warnings.length < MAX_WARNINGS) this.warnings.push(w);
    }
    if (ctx.problems.length > 0) {
      // A grouped layout can return an earlier loan's (valid) record next to the current row's problems.
      const bad = r !== undefined && ctx.problems.some((p) => p.line === r.line);
      this.reject(ctx, r);
      if (bad) return;
    }
    if (r === undefined) return;
    const first = this.seen.add(r.loanId, r.line);
    if (first >= 0) {
      const hint = this.layout?.duplicateHint === undefined ? "" : ` (${this.layout.duplicateHint})`;
      ctx.problems.push({
        file: this.file,
        line: r.line,
        field: this.layout?.idField ?? "loan id",
        value: r.loanId,
        reason: `duplicate loan id: also on line ${first}${hint}`,
      });
      this.reject(ctx, r);
      return;
    }
    if (this.failed) return;
    out.push(r);
    this.loans++;
    if (r.currentUpbProjected === true) this.projected++;
  }

  /** Moves the context's problems to the excluded list or the issue list (throwing at the limit). */
  private reject(ctx: RowContext, rec: LoanRecord | undefined): void {
    const problems = ctx.problems.splice(0);
    if (this.exclude) {
      for (const p of problems) {
        const row = this.excluded.at(-1);
        if (row !== undefined && row.line === p.line) row.issues.push(p);
        else this.excluded.push({ line: p.line, loanId: rec !== undefined && rec.line === p.line ? rec.loanId : ctx.loanId, issues: [p] });
      }
      return;
    }
    this.failed = true;
    for (const p of problems) {
      if (this.issues.length >= this.max) throw new ValidationError(this.file, this.issues, true);
      this.issues.push(p);
    }
  }
}

const MAX_WARNINGS = 1000;

/** The layout for a file, from its first non-blank line. */
export function openLayout(
  file: string,
  firstLine: string,
  requested: TapeFormat | "auto",
  performance?: PerformanceAtCutoffFile,
): TapeLayout {
  const detected = detectFormat(firstLine);
  let format: TapeFormat;
  if (requested === "auto") {
    if (!("format" in detected)) throw new ValidationError(file, [{ file, line: 1, reason: detected.reason }]);
    format = detected.format;
  } else {
    const why = mismatch(firstLine, requested);
    if (why !== undefined) throw new ValidationError(file, [{ file, line: 1, reason: why }]);
    format = requested;
  }
  if (performance !== undefined && format !== performance.kind) {
    const which = performance.kind === "fannie-legacy" ? "a Fannie Mae legacy Performance file" : "a Freddie Mac monthly performance file";
    throw new InvalidInputError("performance", `${which} goes with a ${performance.kind} tape, not ${format}`);
  }
  switch (format) {
    case "generic": {
      const delimiter = "format" in detected ? detected.delimiter : ",";
      const layout = GenericLayout.fromHeader(firstLine, delimiter, file);
      if (Array.isArray(layout)) throw new ValidationError(file, layout);
      return layout;
    }
    case "fannie-legacy":
      return new FannieLegacyLayout(performance?.loans);
    case "fannie":
      return new FannieLayout();
    case "freddie":
      return new FreddieLayout(performance?.loans);
  }
}

function reportBadBytes(ctx: RowContext, layout: TapeLayout, text: string): void {
  const fields = layout.split(text);
  const i = fields.findIndex((f) => f.includes("\uFFFD"));
  const reason = "invalid UTF-8 bytes: a tape must be UTF-8 text (saved as Latin-1 / Windows-1252?)";
  if (i < 0) ctx.fail("(line)", text.slice(0, 60), reason);
  else ctx.fail(layout.fieldNames[i] ?? `field ${i + 1}`, fields[i] ?? "", reason);
}
