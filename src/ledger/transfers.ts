/**
 * A token's balances rebuilt from its `Transfer(from, to, value)` logs alone: the one replay both the
 * dashboard's holder count and `mbs holders count`'s proof use (docs/adr/0021-holder-counting.md).
 * Pure: addresses are compared in lower case, amounts are the token's base units.
 */

/** One `Transfer(from, to, value)` of the token, in chain order. */
export interface TransferLine {
  from: string;
  to: string;
  value: bigint;
}

/** One account's non-zero balance. */
export interface Holding {
  /** The address as it first appeared in the logs. */
  account: string;
  balance: bigint;
}

/** The balances the transfers leave, or the first transfer that spends more than its sender received. */
export type Replay =
  | { ok: true; balances: ReadonlyMap<string, Holding> }
  | { ok: false; overdraft: { index: number; account: string; balance: bigint; value: bigint } };

const ZERO = "0x0000000000000000000000000000000000000000";

/**
 * Replays the transfers in order (mints come from, burns go to, the zero address). A sender that would go
 * below zero means the lines do not start at the token's beginning: the replay stops there and says which
 * line (`index`, 0-based), whose balance and by how much.
 */
export function replayTransfers(transfers: Iterable<TransferLine>): Replay {
  const balances = new Map<string, Holding>();
  let index = 0;
  for (const { from, to, value } of transfers) {
    const sender = from.toLowerCase();
    const recipient = to.toLowerCase();
    if (sender !== ZERO) {
      const held = balances.get(sender) ?? { account: from, balance: 0n };
      if (held.balance < value) return { ok: false, overdraft: { index, account: held.account, balance: held.balance, value } };
      balances.set(sender, { account: held.account, balance: held.balance - value });
    }
    if (recipient !== ZERO) {
      const held = balances.get(recipient) ?? { account: to, balance: 0n };
      balances.set(recipient, { account: held.account, balance: held.balance + value });
    }
    index++;
  }
  return { ok: true, balances };
}

/** The address as a number: the order `countHolders` requires (strictly ascending `uint160`). */
function numeric(account: string): bigint {
  return BigInt(account);
}

/** The non-zero balances in strictly ascending numeric address order. */
export function holdingsAscending(balances: ReadonlyMap<string, Holding>): Holding[] {
  const held = [...balances.values()].filter((h) => h.balance !== 0n).map((h) => ({ holding: h, key: numeric(h.account) }));
  held.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return held.map((h) => h.holding);
}

/** The sum of the balances. */
export function totalHeld(holdings: Iterable<Holding>): bigint {
  let sum = 0n;
  for (const h of holdings) sum += h.balance;
  return sum;
}

/**
 * The number of non-zero balances the transfers leave, or undefined when the lines cannot be complete: a balance
 * would go negative, or the balances do not add up to `totalSupply` (the logs then start after the token's first
 * mint). The same argument as the token's `countHolders` proof: non-negative balances that add up to the supply
 * leave nobody out. The dashboard's holder count for a token that keeps none on chain (ADR 0021).
 */
export function holderCountOf(transfers: Iterable<TransferLine>, totalSupply: bigint): number | undefined {
  const replay = replayTransfers(transfers);
  if (!replay.ok) return undefined;
  const holdings = holdingsAscending(replay.balances);
  return totalHeld(holdings) === totalSupply ? holdings.length : undefined;
}
