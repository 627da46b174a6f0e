/**
 * Makes an Ignition journal left by a killed process resumable without sending anything twice.
 *
 * Ignition writes each step to `journal.jsonl` before acting on it, but two crash windows leave a
 * journal it cannot resume correctly (ignition-core 3.1):
 *
 * - killed after a step's `*_EXECUTION_STATE_INITIALIZE` line and before its
 *   `NETWORK_INTERACTION_REQUEST`: the resume fails an internal invariant ("Unable to find network
 *   interaction"). Nothing can have been sent for such a step (a transaction needs the request and
 *   a `TRANSACTION_PREPARE_SEND` first), so the dangling line is dropped and the step starts over.
 * - killed after `TRANSACTION_PREPARE_SEND` (nonce reserved) and before `TRANSACTION_SEND` (hash
 *   recorded), with the transaction already accepted: when it is mined, Ignition takes the used
 *   nonce for a transaction of the user's and sends the step again — a second mint. The mined
 *   transaction is looked up by sender and nonce and, if it is this step's (same target and
 *   calldata), recorded as sent, so Ignition confirms it instead of repeating it.
 * - killed after `TRANSACTION_PREPARE_SEND` and before the node accepted the transaction: the
 *   nonce is unused on chain and in the mempool, yet Ignition refuses to resume ("transaction
 *   lost", HHE10410) because the journal reserves a nonce without a hash. Nothing was sent, so the
 *   reservation is dropped and the step is sent afresh. A transaction still waiting in the mempool
 *   is waited for (it may be mined at any moment) and then handled as in the window above.
 */
import { readFile, writeFile } from "node:fs/promises";

import { MbsError } from "../../errors.js";

/** A mined transaction as the repair needs it. */
export interface MinedTransaction {
  hash: string;
  to: string | null;
  data: string;
  fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | { gasPrice: bigint };
}

/** What the repair asks the chain. */
export interface ChainLookup {
  /** The sender's mined transaction count (nonces below it are used). */
  minedNonce(from: string): Promise<number>;
  /** The sender's count including the node's mempool (nonces below it are used or taken). */
  pendingNonce(from: string): Promise<number>;
  /** Waits until `nonce` of `from` is mined; false when it is still pending after the wait. */
  waitMined(from: string, nonce: number): Promise<boolean>;
  /** The mined transaction of `from` with `nonce`, if it can be found. */
  findMined(from: string, nonce: number): Promise<MinedTransaction | undefined>;
}

export class JournalRepairError extends MbsError {}

interface Entry {
  line: number;
  message: Record<string, unknown>;
}

/** A reserved nonce whose transaction hash the journal lacks. */
interface UnrecordedSend {
  futureId: string;
  from: string;
  interaction: unknown;
  nonce: number;
  line: number;
}

const ONCHAIN_INITIALIZE = new Set([
  "DEPLOYMENT_EXECUTION_STATE_INITIALIZE",
  "CALL_EXECUTION_STATE_INITIALIZE",
  "SEND_DATA_EXECUTION_STATE_INITIALIZE",
]);

function field(message: Record<string, unknown>, key: string): unknown {
  return message[key];
}

/** Ignition's journal encoding of a bigint. */
function journalBigint(value: bigint): { _kind: "bigint"; value: string } {
  return { _kind: "bigint", value: value.toString(10) };
}

function sameAddress(a: unknown, b: string | null): boolean {
  if (a === undefined || a === null) return b === null;
  return typeof a === "string" && b !== null && a.toLowerCase() === b.toLowerCase();
}

/**
 * Repairs the journal's text; returns the new text and one sentence per repair (none: unchanged).
 * `file` only names the journal in errors.
 */
export async function repairJournalText(text: string, chain: ChainLookup, file: string): Promise<{ text: string; repairs: string[] }> {
  const entries: Entry[] = [];
  text.split("\n").forEach((raw, k) => {
    if (raw.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new JournalRepairError(`${file}:${k + 1}: not a JSON line; the journal is damaged — move it away and check the deployment by hand`, { file, line: k + 1 });
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new JournalRepairError(`${file}:${k + 1}: not a journal message`, { file, line: k + 1 });
    }
    entries.push({ line: k + 1, message: parsed as Record<string, unknown> });
  });

  const byFuture = new Map<string, Entry[]>();
  for (const entry of entries) {
    const id = field(entry.message, "futureId");
    if (typeof id !== "string") continue;
    byFuture.set(id, [...(byFuture.get(id) ?? []), entry]);
  }

  const repairs: string[] = [];
  const dropped = new Set<Entry>();
  const entryAt = new Map(entries.map((e) => [e.line, e]));
  const unrecorded: UnrecordedSend[] = [];
  for (const [futureId, own] of byFuture) {
    const first = own[0]!;
    const type = String(field(first.message, "type"));
    // Window 1: initialized, nothing requested.
    if (own.length === 1 && ONCHAIN_INITIALIZE.has(type)) {
      dropped.add(first);
      repairs.push(`${futureId}: started but nothing sent before the crash; it starts over`);
      continue;
    }
    // Window 2: a nonce reserved, no hash recorded.
    const from = field(first.message, "from");
    if (typeof from !== "string") continue;
    own.forEach((entry, k) => {
      const m = entry.message;
      if (field(m, "type") !== "TRANSACTION_PREPARE_SEND") return;
      const interaction = field(m, "networkInteractionId");
      const nonce = field(m, "nonce");
      if (typeof nonce !== "number") return;
      const settled = own.slice(k + 1).some((later) =>
        field(later.message, "networkInteractionId") === interaction &&
        ["TRANSACTION_SEND", "ONCHAIN_INTERACTION_DROPPED", "ONCHAIN_INTERACTION_REPLACED_BY_USER"].includes(String(field(later.message, "type"))),
      );
      if (settled) return;
      unrecorded.push({ futureId, from, interaction, nonce, line: entry.line });
    });
  }

  const additions: Record<string, unknown>[] = [];
  for (const { futureId, from, interaction, nonce, line } of unrecorded) {
    if ((await chain.minedNonce(from)) <= nonce) {
      if ((await chain.pendingNonce(from)) <= nonce) {
        // Window 3: the nonce was reserved but the node never got the transaction.
        dropped.add(entryAt.get(line)!);
        repairs.push(`${futureId}: nonce ${nonce} was reserved but nothing reached the node before the crash; it is sent afresh`);
        continue;
      }
      if (!(await chain.waitMined(from, nonce))) {
        throw new JournalRepairError(
          `${file}:${line}: step ${futureId}'s transaction (nonce ${nonce} of ${from}) is still waiting to be mined; ` +
            "re-run the same command once it is mined (nothing will be sent twice)",
          { file, line, futureId, from, nonce },
        );
      }
    }
    const request = byFuture.get(futureId)!
      .map((e) => e.message)
      .filter((m) => field(m, "type") === "NETWORK_INTERACTION_REQUEST")
      .map((m) => field(m, "networkInteraction"))
      .find((n): n is Record<string, unknown> => typeof n === "object" && n !== null && field(n as Record<string, unknown>, "id") === interaction);
    const mined = await chain.findMined(from, nonce);
    if (request === undefined || mined === undefined) {
      throw new JournalRepairError(
        `${file}:${line}: step ${futureId} reserved nonce ${nonce} of ${from}, which is used on chain, but its transaction ` +
          `${mined === undefined ? "cannot be found" : "has no recorded request"}; check whether that step ran before resuming`,
        { file, line, futureId, from, nonce },
      );
    }
    if (mined.data !== field(request, "data") || !sameAddress(field(request, "to"), mined.to)) continue; // truly someone else's
    const fees = "gasPrice" in mined.fees
      ? { gasPrice: journalBigint(mined.fees.gasPrice) }
      : { maxFeePerGas: journalBigint(mined.fees.maxFeePerGas), maxPriorityFeePerGas: journalBigint(mined.fees.maxPriorityFeePerGas) };
    additions.push({ futureId, networkInteractionId: interaction, nonce, transaction: { fees, hash: mined.hash }, type: "TRANSACTION_SEND" });
    repairs.push(`${futureId}: its transaction ${mined.hash} (nonce ${nonce}) was sent just before the crash; it is confirmed, not sent again`);
  }

  if (repairs.length === 0) return { text, repairs };
  const kept = entries.filter((e) => !dropped.has(e)).map((e) => JSON.stringify(e.message));
  // Ignition starts every record with a newline.
  return { text: [...kept, ...additions.map((a) => JSON.stringify(a))].map((l) => `\n${l}`).join(""), repairs };
}

/** Repairs `<deployment folder>/journal.jsonl` in place, if there is one; returns the repairs made. */
export async function repairJournalFile(file: string, chain: ChainLookup): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const { text: repaired, repairs } = await repairJournalText(text, chain, file);
  if (repairs.length > 0) {
    await writeFile(`${file}.before-repair`, text, "utf8");
    await writeFile(file, repaired, "utf8");
  }
  return repairs;
}

/** The chain lookups over a JSON-RPC provider. */
export function providerLookup(provider: {
  getTransactionCount(address: string, blockTag?: number | string): Promise<number>;
  getBlockNumber(): Promise<number>;
  getBlock(block: number, prefetchTxs: true): Promise<{ prefetchedTransactions: readonly { from: string; nonce: number; hash: string; to: string | null; data: string; gasPrice: bigint | null; maxFeePerGas: bigint | null; maxPriorityFeePerGas: bigint | null; type: number }[] } | null>;
}, waitMs = 120_000): ChainLookup {
  return {
    minedNonce: (from) => provider.getTransactionCount(from, "latest"),
    pendingNonce: (from) => provider.getTransactionCount(from, "pending"),
    async waitMined(from, nonce) {
      const deadline = Date.now() + waitMs;
      while (Date.now() < deadline) {
        if ((await provider.getTransactionCount(from, "latest")) > nonce) return true;
        await new Promise((r) => setTimeout(r, 500));
      }
      return (await provider.getTransactionCount(from, "latest")) > nonce;
    },
    async findMined(from, nonce) {
      // The first block after which the sender's count exceeds `nonce` holds that transaction.
      let low = 0;
      let high = await provider.getBlockNumber();
      if ((await provider.getTransactionCount(from, high)) <= nonce) return undefined;
      while (low < high) {
        const mid = Math.floor((low + high) / 2);
        if ((await provider.getTransactionCount(from, mid)) > nonce) high = mid;
        else low = mid + 1;
      }
      const block = await provider.getBlock(low, true);
      const tx = block?.prefetchedTransactions.find((t) => t.from.toLowerCase() === from.toLowerCase() && t.nonce === nonce);
      if (tx === undefined) return undefined;
      const fees = tx.type === 2 && tx.maxFeePerGas !== null && tx.maxPriorityFeePerGas !== null
        ? { maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas }
        : { gasPrice: tx.gasPrice ?? 0n };
      return { hash: tx.hash, to: tx.to, data: tx.data, fees };
    },
  };
}
