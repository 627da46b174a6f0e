/**
 * The local remittance journal: what each period's off-chain work produced (report, flags,
 * statement, the pool state it leaves, the deal model's state), one folder per period. A hint,
 * never the truth: every entry carries its report hash, and the workflow uses an entry only when
 * that hash is the one the chain attested (or is about to submit); otherwise the period is
 * recomputed from its servicer file. Written atomically (temp file + rename), so a crash leaves
 * either the old entry or the new one.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { DealState } from "../analytics/deal/types.js";
import { MbsError } from "../errors.js";
import type { ReconciliationFlag } from "../remittance/policy.js";
import { reportFromJson, reportToJson, type ServicerReport } from "../remittance/report.js";
import type { LoanState, PoolState } from "../remittance/state.js";
import type { SpeedHistory } from "../remittance/statement.js";

export interface JournalEntry {
  period: number;
  reportingMonth: string;
  reportHash: string;
  /** The servicer file the report came from (absolute path when written) and its keccak256. */
  file: { path: string; fileHash: string; format: string };
  report: ServicerReport;
  flags: ReconciliationFlag[];
  /** The pool after the period (what period + 1 reconciles against). */
  pool: PoolState;
  /** The deal model after the period, and speeds so far. */
  deal: DealState;
  speeds: SpeedHistory;
}

const VERSION = 1;

export function periodFolder(root: string, period: number): string {
  return path.join(root, `period-${String(period).padStart(4, "0")}`);
}

const big = (_k: string, v: unknown): unknown => (typeof v === "bigint" ? `${v}n` : v);
const unbig = (_k: string, v: unknown): unknown => (typeof v === "string" && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v);

export async function writeEntry(root: string, entry: JournalEntry): Promise<void> {
  const dir = periodFolder(root, entry.period);
  await mkdir(dir, { recursive: true });
  const loans = [...entry.pool.loans.values()].map((l) => [l.loanId, l.upbCents, l.noteRatePct, l.remainingTermMonths, l.delinquentMonths, l.foreclosure ? 1 : 0, l.reo ? 1 : 0, l.closed ?? ""]);
  const body = {
    version: VERSION,
    period: entry.period,
    reportingMonth: entry.reportingMonth,
    reportHash: entry.reportHash,
    file: entry.file,
    report: reportToJson(entry.report),
    flags: entry.flags,
    pool: { period: entry.pool.period, asOf: entry.pool.asOf, loans },
    deal: entry.deal,
    speeds: entry.speeds,
  };
  const target = path.join(dir, "entry.json");
  await writeFile(`${target}.tmp`, JSON.stringify(body, big), "utf8");
  await rename(`${target}.tmp`, target);
}

/** The journal entry of `period`, or undefined when there is none (or it cannot be read). */
export async function readEntry(root: string, period: number): Promise<JournalEntry | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(periodFolder(root, period), "entry.json"), "utf8");
  } catch {
    return undefined;
  }
  try {
    const body = JSON.parse(text, unbig) as Record<string, unknown> & { pool: { period: number; asOf: number; loans: unknown[][] } };
    if (body.version !== VERSION) return undefined;
    const loans = new Map<string, LoanState>();
    for (const [loanId, upbCents, noteRatePct, remainingTermMonths, delinquentMonths, fc, reo, closed] of body.pool.loans as [string, number, number, number, number, number, number, string][]) {
      loans.set(loanId, {
        loanId, upbCents, noteRatePct, remainingTermMonths, delinquentMonths,
        foreclosure: fc === 1, reo: reo === 1,
        closed: closed === "" ? undefined : (closed as LoanState["closed"]),
      });
    }
    return {
      period: body.period as number,
      reportingMonth: body.reportingMonth as string,
      reportHash: body.reportHash as string,
      file: body.file as JournalEntry["file"],
      report: reportFromJson(body.report as Record<string, unknown>),
      flags: body.flags as ReconciliationFlag[],
      pool: { period: body.pool.period, asOf: body.pool.asOf, loans },
      deal: body.deal as DealState,
      speeds: body.speeds as SpeedHistory,
    };
  } catch (e) {
    throw new MbsError(`the journal entry of period ${period} under ${root} is damaged; delete it to recompute the period from its file`, { cause: String(e) });
  }
}
