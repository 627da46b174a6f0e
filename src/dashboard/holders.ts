/**
 * A class token's holder count rebuilt from its `Transfer` logs, for tokens that do not keep one on chain
 * (docs/adr/0021-holder-counting.md: a token deployed without a holder cap does not count).
 */

/** One `Transfer(from, to, value)` of the token, in chain order. */
export interface TransferLine {
  from: string;
  to: string;
  value: bigint;
}

const ZERO = "0x0000000000000000000000000000000000000000";

/**
 * The number of non-zero balances the transfers leave, or undefined when the logs cannot be complete: a balance
 * would go negative, or the balances do not add up to `totalSupply` (the logs then start after the token's first
 * mint). The same argument as the token's `countHolders` proof: non-negative balances that add up to the supply
 * leave nobody out.
 */
export function holdersFromTransfers(transfers: Iterable<TransferLine>, totalSupply: bigint): number | undefined {
  const balances = new Map<string, bigint>();
  for (const { from, to, value } of transfers) {
    const sender = from.toLowerCase();
    const recipient = to.toLowerCase();
    if (sender !== ZERO) {
      const left = (balances.get(sender) ?? 0n) - value;
      if (left < 0n) return undefined;
      balances.set(sender, left);
    }
    if (recipient !== ZERO) balances.set(recipient, (balances.get(recipient) ?? 0n) + value);
  }
  let sum = 0n;
  let holders = 0;
  for (const balance of balances.values()) {
    sum += balance;
    if (balance !== 0n) holders++;
  }
  return sum === totalSupply ? holders : undefined;
}
