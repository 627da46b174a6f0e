/**
 * A class token's holder count rebuilt from its `Transfer` logs, for tokens that do not keep one on chain
 * (docs/adr/0021-holder-counting.md: a token deployed without a holder cap does not count). The replay is
 * src/ledger's, the same one `mbs holders count` proves the count with.
 */
import { holdingsAscending, replayTransfers, totalHeld, type TransferLine } from "../ledger/transfers.js";

export type { TransferLine } from "../ledger/transfers.js";

/**
 * The number of non-zero balances the transfers leave, or undefined when the logs cannot be complete: a balance
 * would go negative, or the balances do not add up to `totalSupply` (the logs then start after the token's first
 * mint). The same argument as the token's `countHolders` proof: non-negative balances that add up to the supply
 * leave nobody out.
 */
export function holdersFromTransfers(transfers: Iterable<TransferLine>, totalSupply: bigint): number | undefined {
  const replay = replayTransfers(transfers);
  if (!replay.ok) return undefined;
  const holdings = holdingsAscending(replay.balances);
  return totalHeld(holdings) === totalSupply ? holdings.length : undefined;
}
