/**
 * Sending one transaction and waiting for it, so that every failure after validation — a revert
 * (the chain moved on since the checks), a node that refuses the transaction, a node too slow to
 * confirm it — ends as a message naming the operation, the accounts, the contract and the decoded
 * reason, with what is already done and how to resume; never as a stack trace.
 */
import { isError, type ContractTransactionReceipt, type ContractTransactionResponse, type Interface, type Provider } from "ethers";

import { MbsError } from "../errors.js";
import { ConfirmationTimeoutError, PendingTransactionsError, TransactionFailedError } from "./errors.js";
import { describeFailure, errorField, failureRevert, type DecodedRevert } from "./revert.js";

/** What a transaction is for, in the user's terms: every part appears in the error message. */
export interface TransactionContext {
  /** What is being done, e.g. "revoke" or "setInvestors batch 2/3 (investors.csv lines 4–5)". */
  operation: string;
  /** The wallet(s) the transaction is about. */
  accounts?: readonly string[];
  /** The contract, as the user knows it: "the KYC registry at 0x…". */
  contract: string;
  /** What is already done and how to continue, appended to the message. */
  recovery?: string;
}

export interface WaitOptions {
  /** Blocks on top of the one that includes the transaction, plus one (default 1: mined). */
  confirmations?: number;
  /** How long to wait for those confirmations, ms (default 5 minutes). */
  timeoutMs?: number;
}

export const DEFAULT_CONFIRMATION_TIMEOUT_MS = 300_000;

export interface SentTransaction {
  hash: string;
  receipt: ContractTransactionReceipt;
}

function who(ctx: TransactionContext): string {
  const accounts = ctx.accounts ?? [];
  return accounts.length === 1 ? ` for ${accounts[0]}` : accounts.length > 1 ? ` for ${accounts.join(", ")}` : "";
}

/**
 * A mined transaction's receipt carries no revert data; replaying the call on the state before its
 * block recovers the custom error (the state the transaction met may differ slightly, hence "likely").
 */
async function replayRevert(tx: ContractTransactionResponse, iface: Interface): Promise<{ why: string; revert?: DecodedRevert | undefined } | undefined> {
  const receipt = await tx.provider.getTransactionReceipt(tx.hash).catch(() => null);
  if (receipt === null || receipt.status !== 0) return undefined;
  try {
    await tx.provider.call({ to: tx.to, from: tx.from, data: tx.data, blockTag: receipt.blockNumber - 1 });
  } catch (error) {
    const why = describeFailure(error, iface);
    return why === undefined ? undefined : { why: `mined in block ${receipt.blockNumber} but reverted, likely with ${why}`, revert: failureRevert(error, iface) };
  }
  return { why: `mined in block ${receipt.blockNumber} but reverted` };
}

/**
 * Sends (through `send`, which must use a signer from `connectChain` so the fee policy applies),
 * waits for the confirmations, and returns the hash and receipt. Any failure becomes a
 * TransactionFailedError (a ConfirmationTimeoutError when the node did not confirm in time).
 */
export async function sendTransaction(
  ctx: TransactionContext,
  iface: Interface,
  send: () => Promise<ContractTransactionResponse>,
  wait: WaitOptions = {},
): Promise<SentTransaction> {
  const confirmations = wait.confirmations ?? 1;
  const timeoutMs = wait.timeoutMs ?? DEFAULT_CONFIRMATION_TIMEOUT_MS;
  let sent: ContractTransactionResponse | undefined;
  let hash: string | undefined;
  try {
    sent = await send();
    hash = sent.hash;
    const receipt = await sent.wait(confirmations, timeoutMs);
    if (receipt === null || receipt.status !== 1) throw new TransactionFailedError(`${ctx.operation}${who(ctx)} on ${ctx.contract} was not confirmed`, { txHash: hash });
    return { hash, receipt };
  } catch (error) {
    if (error instanceof MbsError) throw error;
    const base = { operation: ctx.operation, accounts: ctx.accounts ?? [], contract: ctx.contract, txHash: hash };
    const recovery = ctx.recovery === undefined ? "" : `. ${ctx.recovery}`;
    if (isError(error, "TIMEOUT") && hash !== undefined) {
      throw new ConfirmationTimeoutError(
        `${ctx.operation}${who(ctx)} on ${ctx.contract}: transaction ${hash} was sent but not confirmed within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`} ` +
          `(${confirmations} confirmation(s) asked); it may still be mined — check it, then re-run the same command${recovery}`,
        { ...base, reason: "timeout", timeoutMs, confirmations },
      );
    }
    const replayed = sent === undefined ? undefined : await replayRevert(sent, iface);
    const why = replayed?.why ?? describeFailure(error, iface);
    if (why === undefined) throw error;
    // The decoded error by name and values, for callers that act on it (details.revert): never parse the message.
    const revert = replayed === undefined ? failureRevert(error, iface) : replayed.revert;
    hash ??= errorField(error, "transactionHash");
    // A call that fails its gas estimate is refused before it is sent; other failures may have reached the node.
    const reverted = isError(error, "CALL_EXCEPTION") || errorField(error, "data") !== undefined;
    const status = hash !== undefined ? ` (tx ${hash})` : reverted ? " (refused before sending)" : "";
    throw new TransactionFailedError(`${ctx.operation}${who(ctx)} on ${ctx.contract} failed${status}: ${why}${recovery}`, { ...base, txHash: hash, reason: why, ...(revert === undefined ? {} : { revert }) });
  }
}

export interface SettleOptions {
  /** Confirmations the account's last transaction needs (Ignition asks for its `requiredConfirmations`). */
  confirmations: number;
  /** Give up after this long, ms (default 5 minutes). */
  timeoutMs?: number;
  /** Polling interval, ms (default 500). */
  pollMs?: number;
}

/**
 * Waits until `account` has nothing pending and its last mined transaction has `confirmations`
 * blocks — what a command needs before it builds on the account's previous transactions (Ignition
 * refuses to start otherwise, HHE10402). Returns at once on an automining node.
 */
export async function waitUntilSettled(provider: Provider, account: string, options: SettleOptions): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_CONFIRMATION_TIMEOUT_MS);
  const pollMs = options.pollMs ?? 500;
  for (;;) {
    const latestBlock = await provider.getBlockNumber();
    const [pending, latest] = await Promise.all([provider.getTransactionCount(account, "pending"), provider.getTransactionCount(account, latestBlock)]);
    const confirmedAt = latestBlock - (options.confirmations - 1);
    const confirmed = confirmedAt < 0 ? 0 : await provider.getTransactionCount(account, confirmedAt);
    if (pending === latest && confirmed === latest) return;
    if (Date.now() > deadline) {
      throw new PendingTransactionsError(
        `account ${account} has ${pending - confirmed} transaction(s) not yet ${options.confirmations > 1 ? `${options.confirmations} blocks deep` : "mined"}; ` +
          "wait until they are confirmed, then re-run the same command",
        { account, pending, latest, confirmed, confirmations: options.confirmations },
      );
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
