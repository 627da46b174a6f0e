/**
 * `mbs kyc onboard`: validate the whole investor file, compare it with the registry, and send only
 * the rows that differ, in `setInvestors` batches. Each batch is mined before the next is sent, so a
 * run that stops half-way leaves whole batches behind, and a re-run of the same file sends exactly
 * the rows still missing: a row whose record already equals it is skipped.
 */
import type { Signer } from "ethers";

import { InvalidInputError, MbsError } from "../errors.js";
import { loadInvestorFile, type InvestorRow } from "./investorFile.js";
import type { InvestorRecord } from "./investors.js";
import { readInvestorRecords } from "./records.js";
import { chainTime, openRegistry, providerOf, requireComplianceRole, sendRegistryTransaction } from "./registry.js";
import { waitUntilSettled } from "../chain/index.js";

export interface OnboardOptions {
  registry: string | undefined;
  file: string;
  /** Rows per `setInvestors` transaction (default 100). */
  batchSize?: number;
  /** Validate and plan, send nothing. */
  dryRun?: boolean;
  onProgress?: (progress: OnboardProgress) => void;
  /** Confirmations each batch waits for (ChainConnection.confirmations; default 1). */
  confirmations?: number;
}

/** After each mined batch. */
export interface OnboardProgress {
  batch: number;
  batches: number;
  rowsSent: number;
  rowsToSend: number;
  txHash: string;
}

/** new: no record (never onboarded); update: a record that differs; unchanged: already equal. */
export type RowAction = "new" | "update" | "unchanged";

export interface PlannedRow {
  row: InvestorRow;
  action: RowAction;
  /** The record before this run. */
  before: InvestorRecord;
}

export interface OnboardResult {
  registry: string;
  signer: string;
  file: string;
  dryRun: boolean;
  plan: PlannedRow[];
  onboarded: number;
  updated: number;
  unchanged: number;
  /** Accounts in the file that are frozen: onboarding keeps a freeze (only `mbs kyc freeze --unfreeze` lifts it). */
  frozen: string[];
  /** Hashes of the mined `setInvestors` transactions, in order. */
  transactions: string[];
}

export const DEFAULT_BATCH_SIZE = 100;

/**
 * What the row changes. The record hash is only emitted, never stored, so it cannot be compared:
 * a row that differs from the record only in its hash is unchanged.
 */
export function planRow(row: InvestorRow, before: InvestorRecord): RowAction {
  if (before.classes === 0) return "new"; // every stored record has at least one class
  const same = before.verifiedUntil === row.verifiedUntil && before.country === row.country && before.classes === row.classes;
  return same ? "unchanged" : "update";
}

function checkBatchSize(size: number): number {
  if (!Number.isSafeInteger(size) || size < 1) throw new InvalidInputError("--batch-size", `${size} is not a positive whole number`);
  return size;
}

export async function onboardInvestors(options: OnboardOptions, signer: Signer): Promise<OnboardResult> {
  const batchSize = checkBatchSize(options.batchSize ?? DEFAULT_BATCH_SIZE);
  const registry = await openRegistry(options.registry, signer);
  const from = await signer.getAddress();
  await requireComplianceRole(registry, from);
  const provider = providerOf(signer);

  const rows = await loadInvestorFile(options.file, await chainTime(provider));

  const records = await readInvestorRecords(registry.address, rows.map((r) => r.account), provider);
  const plan = rows.map((row): PlannedRow => {
    const before = records.get(row.account);
    if (before === undefined) throw new MbsError("the registry read returned no record", { account: row.account });
    return { row, action: planRow(row, before), before };
  });
  const toSend = plan.filter((p) => p.action !== "unchanged");
  const result: OnboardResult = {
    registry: registry.address,
    signer: from,
    file: options.file,
    dryRun: options.dryRun === true,
    plan,
    onboarded: plan.filter((p) => p.action === "new").length,
    updated: plan.filter((p) => p.action === "update").length,
    unchanged: plan.length - toSend.length,
    frozen: plan.filter((p) => p.before.frozen).map((p) => p.row.account),
    transactions: [],
  };
  if (options.dryRun === true || toSend.length === 0) return result;

  // A transaction of ours still in the mempool may already carry some of these rows: planning
  // against the mined state would then send them twice. Wait for it, then plan again.
  const [mined, pending] = await Promise.all([provider.getTransactionCount(from, "latest"), provider.getTransactionCount(from, "pending")]);
  if (pending > mined) {
    await waitUntilSettled(provider, from, { confirmations: 1 });
    return onboardInvestors(options, signer);
  }

  const batches = Math.ceil(toSend.length / batchSize);
  const setInvestors = registry.contract.getFunction("setInvestors");
  for (let b = 0; b < batches; b += 1) {
    const slice = toSend.slice(b * batchSize, (b + 1) * batchSize);
    const updates = slice.map(({ row }) => ({
      account: row.account,
      verifiedUntil: row.verifiedUntil,
      country: row.country,
      classes: row.classes,
      recordHash: row.recordHash,
    }));
    const lines = slice.length === 1 ? `line ${slice[0]!.row.line}` : `lines ${slice[0]!.row.line}–${slice.at(-1)!.row.line}`;
    const hash = await sendRegistryTransaction(
      registry,
      {
        operation: `setInvestors batch ${b + 1}/${batches} (${options.file} ${lines})`,
        accounts: slice.map(({ row }) => row.account),
        recovery: `${b} earlier batch(es) of this run are on chain; fix the cause and re-run the same command: rows already on chain are skipped`,
      },
      () => setInvestors.send(updates),
      { confirmations: options.confirmations ?? 1 },
    );
    result.transactions.push(hash);
    options.onProgress?.({ batch: b + 1, batches, rowsSent: Math.min(toSend.length, (b + 1) * batchSize), rowsToSend: toSend.length, txHash: hash });
  }
  return result;
}
