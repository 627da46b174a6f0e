/**
 * `mbs holders count`: switches on a class token's holder count (docs/adr/0021-holder-counting.md) by sending the
 * completeness proof `countHolders(holders)`. The holders come from the token's `Transfer` logs up to one block B,
 * replayed by src/ledger, and are trusted only after the chain agrees at B: the balances add up to `totalSupply`,
 * and the token's own proof, run as a call on the state of B, accepts the list. The list goes in ascending numeric address order, in
 * one transaction, which must fit in a block. A transfer that lands between the read and the proof makes the
 * contract refuse it (`TokenHolderProofIncomplete`, `…ZeroBalance`): the logs are read on to a fresh block and the
 * proof sent once more. A token that already counts is reported and nothing is sent, so a re-run after a crash
 * finishes exactly once.
 */
import { getAddress, type Signer } from "ethers";

import { ChainError, DEFAULT_MAX_BLOCK_RANGE, TransactionFailedError, decodeEvents, failureRevert, queryLogs, sendTransaction, type DecodedRevert } from "../chain/index.js";
import { InvalidInputError } from "../errors.js";
import { holdingsAscending, replayTransfers, totalHeld, type Holding, type TransferLine } from "../ledger/transfers.js";
import { formatTokenAmount } from "./format.js";
import { HOLDER_COUNT_INTERFACE, openForCompliance, type ClassToken } from "./token.js";

export interface CountHoldersOptions {
  token: string | undefined;
  /** First block whose `Transfer` logs are read (default 0): at or before the token's first mint. */
  fromBlock?: number;
  /** Blocks per eth_getLogs request (default 5,000, Besu's `--rpc-max-logs-range`). */
  logsRange?: number;
  /** Read, check and estimate; send nothing. */
  dryRun?: boolean;
  /** Confirmations the proof waits for (ChainConnection.confirmations; default 1). */
  confirmations?: number;
  /**
   * Called as the work advances; awaited, so a caller may act between the steps (a test lands a transfer between
   * the read and the proof).
   */
  onProgress?: (progress: CountProgress) => void | Promise<void>;
}

export type CountProgress =
  | { phase: "logs"; blocksDone: number; blocksTotal: number; toBlock: number }
  | { phase: "balances"; accountsDone: number; accountsTotal: number; block: number }
  | { phase: "proof"; holders: number; block: number; attempt: number }
  | { phase: "send"; holders: number; block: number; gasEstimate: bigint }
  | { phase: "retry"; reason: string; block: number };

export type CountOutcome = "already-counting" | "dry-run" | "counted";

export interface CountHoldersResult {
  token: string;
  symbol: string;
  signer: string;
  outcome: CountOutcome;
  /** Holders counted (or that would be, or that the token already counts). */
  holders: number;
  /** The block the proof was read at; for a token already counting, the block its count was read at. */
  block: number;
  /** The first block whose logs were read (undefined when nothing was read). */
  fromBlock: number | undefined;
  /** `Transfer` logs replayed. */
  transfers: number;
  /** Total supply at `block`, token units. */
  totalSupply: bigint;
  decimals: number;
  /** The node's gas estimate of the proof, and the latest block's gas limit it was compared with. */
  gasEstimate: bigint | undefined;
  blockGasLimit: bigint | undefined;
  txHash: string | undefined;
  /** The block the proof was mined in. */
  minedInBlock: number | undefined;
  /** Why the first proof was refused and read again (a transfer landed in between), if it was. */
  retried: string | undefined;
}

/** A `Transfer` log with where it happened, for messages. */
interface TransferLog extends TransferLine {
  blockNumber: number;
  transactionHash: string;
}

/** The proof as read at one block, checked against the chain there. */
interface Proof {
  block: number;
  holders: Holding[];
  totalSupply: bigint;
}

/** The errors by which the contract refuses a proof that the chain has moved past. */
const STALE_PROOF = new Set(["TokenHolderProofIncomplete", "TokenHolderProofZeroBalance"]);

/** A proof refused by the contract because a transfer landed after it was read: worth one fresh read. */
class StaleProof extends Error {
  constructor(readonly revert: DecodedRevert) {
    super(revert.text);
  }
}

function checkBlockOption(value: number | undefined, input: string, minimum: number, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < minimum) throw new InvalidInputError(input, `${value} is not ${what}`);
  return value;
}

/** Whether a thrown value is a known refusal of the proof, and which. */
function refusalOf(error: unknown): DecodedRevert | undefined {
  if (error instanceof TransactionFailedError) return error.details.revert as DecodedRevert | undefined;
  return failureRevert(error, HOLDER_COUNT_INTERFACE);
}

export async function countTokenHolders(options: CountHoldersOptions, signer: Signer): Promise<CountHoldersResult> {
  const fromBlock = checkBlockOption(options.fromBlock, "--from-block", 0, "a block number (a whole number ≥ 0)") ?? 0;
  const logsRange = checkBlockOption(options.logsRange, "--logs-range", 1, "a number of blocks (a whole number ≥ 1)") ?? DEFAULT_MAX_BLOCK_RANGE;
  const { token, account } = await openForCompliance(options.token, signer);
  const provider = token.provider;

  const base = { token: token.address, symbol: token.symbol, signer: account, decimals: token.decimals };
  const already = await alreadyCounting(token);
  if (already !== undefined) return { ...base, ...already };

  const latest = await provider.getBlockNumber();
  if (fromBlock > latest) throw new InvalidInputError("--from-block", `block ${fromBlock} is after the chain's latest block ${latest}`);

  const transfers: TransferLog[] = [];
  let readTo = fromBlock - 1;
  let retried: string | undefined;
  for (let attempt = 1; ; attempt++) {
    const block = await provider.getBlockNumber();
    transfers.push(...(await readTransfers(token, readTo + 1, block, logsRange, options.onProgress)));
    readTo = block;
    const proof = await checkedProof(token, transfers, fromBlock, block, options);
    await options.onProgress?.({ phase: "proof", holders: proof.holders.length, block, attempt });
    const list = proof.holders.map((h) => getAddress(h.account));
    const read = { ...base, holders: list.length, block, fromBlock, transfers: transfers.length, totalSupply: proof.totalSupply, retried };
    try {
      const { gasEstimate, blockGasLimit } = await estimateProof(token, list, proof);
      if (options.dryRun === true) return { ...read, outcome: "dry-run", gasEstimate, blockGasLimit, txHash: undefined, minedInBlock: undefined };
      await options.onProgress?.({ phase: "send", holders: list.length, block, gasEstimate });
      const sent = await sendProof(token, list, block, options.confirmations ?? 1);
      return { ...read, outcome: "counted", gasEstimate, blockGasLimit, txHash: sent.hash, minedInBlock: sent.blockNumber };
    } catch (error) {
      if (!(error instanceof StaleProof)) throw error;
      if (error.revert.name === "TokenHolderCountAlreadyTracked") {
        // Someone else's proof landed first: the count is on, which is what was asked.
        const now = await alreadyCounting(token);
        if (now !== undefined) return { ...base, ...now, retried: `another account's proof landed first (${error.revert.text})` };
      }
      if (attempt >= 2) {
        throw new ChainError(
          `the holders of ${token.label} changed again while the proof was sent, twice in a row: the contract refused the proof of ` +
            `${list.length} holder(s) read at block ${block} with ${error.revert.text} (first: ${retried}). Nothing is counted; ` +
            "re-run the command when the token is quiet (e.g. paused, or outside trading hours)",
          { token: token.address, block, revert: { name: error.revert.name, args: error.revert.args } },
        );
      }
      retried = `the proof read at block ${block} was refused with ${error.revert.text}: a transfer landed after the read`;
      await options.onProgress?.({ phase: "retry", reason: retried, block });
    }
  }
}

/** The result for a token that already counts its holders, or undefined when it does not. */
async function alreadyCounting(token: ClassToken): Promise<Omit<CountHoldersResult, "token" | "symbol" | "signer" | "decimals"> | undefined> {
  const block = await token.provider.getBlockNumber();
  const tracked = (await token.contract.getFunction("isHolderCountTracked").staticCall({ blockTag: block })) as boolean;
  if (!tracked) return undefined;
  const [holders, totalSupply] = await Promise.all([
    token.contract.getFunction("holderCount").staticCall({ blockTag: block }) as Promise<bigint>,
    token.contract.getFunction("totalSupply").staticCall({ blockTag: block }) as Promise<bigint>,
  ]);
  return {
    outcome: "already-counting", holders: Number(holders), block, fromBlock: undefined, transfers: 0, totalSupply,
    gasEstimate: undefined, blockGasLimit: undefined, txHash: undefined, minedInBlock: undefined, retried: undefined,
  };
}

/** The token's `Transfer` logs of blocks `fromBlock`–`toBlock`, in chain order, chunked within the node's limit. */
async function readTransfers(
  token: ClassToken,
  fromBlock: number,
  toBlock: number,
  logsRange: number,
  onProgress: CountHoldersOptions["onProgress"],
): Promise<TransferLog[]> {
  if (fromBlock > toBlock) return [];
  const topic = HOLDER_COUNT_INTERFACE.getEvent("Transfer")!.topicHash;
  const progress: { blocksDone: number; blocksTotal: number }[] = [];
  const logs = await queryLogs(token.provider, { address: token.address, topics: [topic], fromBlock, toBlock }, {
    maxBlockRange: logsRange,
    onProgress: (p) => progress.push({ blocksDone: p.done, blocksTotal: p.total }),
  });
  // queryLogs reports synchronously; the progress callback may be async, so it is replayed here in order.
  for (const p of progress) await onProgress?.({ phase: "logs", ...p, toBlock });
  return decodeEvents<{ from: string; to: string; value: bigint }>(HOLDER_COUNT_INTERFACE, logs, "Transfer").map((e) => ({
    from: e.args.from, to: e.args.to, value: e.args.value, blockNumber: e.blockNumber, transactionHash: e.transactionHash,
  }));
}

/**
 * The holders the logs leave at `block`, checked against the chain at that block: no sender overdrawn, the balances
 * add up to `totalSupply`, and the token's proof accepts them there. Any disagreement is a clear error and nothing is
 * sent.
 */
async function checkedProof(token: ClassToken, transfers: readonly TransferLog[], fromBlock: number, block: number, options: CountHoldersOptions): Promise<Proof> {
  const amount = (value: bigint) => formatTokenAmount(value, token.decimals);
  const earlier = fromBlock === 0
    ? "the node's Transfer logs of the token are incomplete (a node that prunes logs?): read them from a node that keeps every log"
    : `the logs start after the token's first mint: re-run with an earlier --from-block (the block the token was deployed in, or 0; this run read from block ${fromBlock})`;
  const replay = replayTransfers(transfers);
  if (!replay.ok) {
    const { index, account, balance, value } = replay.overdraft;
    const at = transfers[index]!;
    const reason = `the Transfer in block ${at.blockNumber} (tx ${at.transactionHash}) sends ${amount(value)} from ${getAddress(account)}, ` +
      `which holds only ${amount(balance)} in the logs read from block ${fromBlock}; ${earlier}. Nothing sent`;
    throw fromBlock === 0 ? new ChainError(reason, { token: token.address, fromBlock, block }) : new InvalidInputError("--from-block", reason, { token: token.address, block });
  }
  const holders = holdingsAscending(replay.balances);
  const totalSupply = (await token.contract.getFunction("totalSupply").staticCall({ blockTag: block })) as bigint;
  const listed = totalHeld(holders);
  if (listed !== totalSupply) {
    const reason = `the Transfer logs of blocks ${fromBlock}–${block} account for ${amount(listed)} of ${token.label}'s total supply ` +
      `${amount(totalSupply)} at block ${block} (${amount(totalSupply - listed)} ${listed < totalSupply ? "missing" : "too many"}); ${earlier}. Nothing sent`;
    throw fromBlock === 0 ? new ChainError(reason, { token: token.address, fromBlock, block, listed, totalSupply }) : new InvalidInputError("--from-block", reason, { token: token.address, block, listed, totalSupply });
  }
  // The token's own check, as a call on the state of B (one request, not one `balanceOf` per holder): it accepts the
  // list exactly when these are every holder at B. A refusal here cannot be a transfer landing in between (B is
  // fixed): the logs the node returned do not rebuild the token's holders.
  try {
    await token.contract.getFunction("countHolders").staticCall(holders.map((h) => getAddress(h.account)), { blockTag: block });
  } catch (error) {
    const revert = failureRevert(error, HOLDER_COUNT_INTERFACE);
    if (revert === undefined || !STALE_PROOF.has(revert.name)) throw error;
    throw new ChainError(
      `the token refuses the holders its Transfer logs give at block ${block} (${revert.text}): the logs the node returned do not ` +
        "rebuild the token's balances, so no proof can be built from them. Nothing sent",
      { token: token.address, block, revert: revert.name },
    );
  }
  await options.onProgress?.({ phase: "balances", accountsDone: holders.length, accountsTotal: holders.length, block });
  return { block, holders, totalSupply };
}

/** What one listed holder costs the proof: `count_holders_per_holder` in `npm run bench -- gas` (ADR 0021). */
const GAS_PER_HOLDER = 3_031n;

/** The node's estimate of the proof, refused with the numbers when the list cannot fit in one block. */
async function estimateProof(token: ClassToken, list: string[], proof: Proof): Promise<{ gasEstimate: bigint; blockGasLimit: bigint }> {
  const latest = await token.provider.getBlock("latest");
  if (latest === null) throw new ChainError("the node returned no latest block");
  const blockGasLimit = latest.gasLimit;
  const tooLarge = (estimate: string) => new ChainError(
    `the proof of ${list.length} holder(s) of ${token.label} (read at block ${proof.block}) needs ${estimate} gas, more than a block holds ` +
      `(gas limit ${blockGasLimit.toLocaleString("en-US")} at block ${latest.number}); the contract needs the whole list in one transaction, so the holders ` +
      "cannot be proven on this chain until there are fewer of them or the block gas limit is raised. Nothing sent",
    { token: token.address, holders: list.length, blockGasLimit, block: proof.block },
  );
  let gasEstimate: bigint;
  try {
    gasEstimate = await token.contract.getFunction("countHolders").estimateGas(list);
  } catch (error) {
    const revert = failureRevert(error, HOLDER_COUNT_INTERFACE);
    if (revert !== undefined && (STALE_PROOF.has(revert.name) || revert.name === "TokenHolderCountAlreadyTracked")) throw new StaleProof(revert);
    if (revert !== undefined) throw new ChainError(`the proof of ${list.length} holder(s) of ${token.label} would be refused: ${revert.text}. Nothing sent`, { token: token.address, revert: { name: revert.name, args: revert.args } });
    // No revert of the contract's: the node could not fit the call in its gas allowance (one block).
    if (/gas/i.test(error instanceof Error ? error.message : String(error))) {
      throw tooLarge(`more than the node could estimate within a block (about ${(BigInt(list.length) * GAS_PER_HOLDER).toLocaleString("en-US")} at ${GAS_PER_HOLDER.toLocaleString("en-US")} per holder)`);
    }
    throw error;
  }
  if (gasEstimate > blockGasLimit) throw tooLarge(`an estimated ${gasEstimate.toLocaleString("en-US")}`);
  return { gasEstimate, blockGasLimit };
}

/** Sends the proof through src/chain (the signer's fee policy, the token's errors decoded). */
async function sendProof(token: ClassToken, list: string[], block: number, confirmations: number): Promise<{ hash: string; blockNumber: number }> {
  try {
    const { hash, receipt } = await sendTransaction(
      {
        operation: `countHolders (${list.length} holder(s) read at block ${block})`,
        contract: token.label,
        recovery: "re-run the same command: it reads the holders again, and reports the count if the proof is already on chain",
      },
      HOLDER_COUNT_INTERFACE,
      () => token.contract.getFunction("countHolders").send(list),
      { confirmations },
    );
    return { hash, blockNumber: receipt.blockNumber };
  } catch (error) {
    const minedIn = error instanceof TransactionFailedError && typeof error.details.txHash === "string" ? error.details.txHash : undefined;
    const revert = refusalOf(error) ?? (minedIn === undefined ? undefined : await refusalAfterBlock(token, list, minedIn));
    if (revert !== undefined && (STALE_PROOF.has(revert.name) || revert.name === "TokenHolderCountAlreadyTracked")) throw new StaleProof(revert);
    throw error;
  }
}

/**
 * Why a proof mined and reverted when its replay on the state before its block does not revert (src/chain's
 * replay): a transaction earlier in the same block changed the holders — a chain with block times, where a transfer
 * and the proof share a block. The proof is checked against the state that block left, which has that transfer.
 */
async function refusalAfterBlock(token: ClassToken, list: string[], txHash: string): Promise<DecodedRevert | undefined> {
  const receipt = await token.provider.getTransactionReceipt(txHash);
  if (receipt === null || receipt.status !== 0) return undefined;
  try {
    await token.contract.getFunction("countHolders").staticCall(list, { blockTag: receipt.blockNumber });
  } catch (error) {
    return failureRevert(error, HOLDER_COUNT_INTERFACE);
  }
  return undefined;
}
