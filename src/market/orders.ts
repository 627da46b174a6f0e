/**
 * The investor's market workflows behind `mbs order`, `mbs fill`, `mbs book`, `mbs claim` and
 * `mbs transfer`: every check the chain would make that can be made before sending is made first
 * (listing, balance, lot size, expiry, the token's transfer rules with their reason in English), an
 * allowance is raised only when it is short, and every transaction goes through src/chain (fees per
 * network, confirmations, reverts decoded by name).
 */
import { MaxUint256, type Signer } from "ethers";

import { chainTime, describeRestriction, queryEvents, sendTransaction, type OpenedContract, type TypedEvent } from "../chain/index.js";
import { InvalidInputError, MbsError } from "../errors.js";
import { booksClosed } from "./booksClosed.js";
import { MARKET_ERRORS, openCash, openOrderBook, openTranche } from "./contracts.js";

export type Side = "bid" | "ask";
const SIDE_CODE: Record<Side, number> = { bid: 0, ask: 1 };

/** A market refusal found before sending anything. */
export class MarketPreflightError extends MbsError {}

export interface OrderView {
  orderId: bigint;
  token: string;
  maker: string;
  side: Side;
  price: bigint;
  remaining: bigint;
  minFill: bigint;
  expiry: bigint;
  cash: bigint;
}

function toOrder(row: { orderId: bigint; token: string; maker: string; side: bigint; price: bigint; remaining: bigint; minFill: bigint; expiry: bigint; cash: bigint }): OrderView {
  return { orderId: row.orderId, token: row.token, maker: row.maker, side: row.side === 0n ? "bid" : "ask", price: row.price, remaining: row.remaining, minFill: row.minFill, expiry: row.expiry, cash: row.cash };
}

async function send(market: OpenedContract, operation: string, account: string, run: () => Promise<unknown>): Promise<string> {
  const { hash } = await sendTransaction({ operation, accounts: [account], contract: `the market at ${market.address}` }, MARKET_ERRORS, run as never);
  return hash;
}

/** Raises `owner`'s allowance to `spender` to at least `needed` (unlimited when it must be raised), or sends nothing. */
async function ensureAllowance(contract: OpenedContract, what: string, owner: string, spender: string, needed: bigint): Promise<string | undefined> {
  const current = (await contract.contract.getFunction("allowance").staticCall(owner, spender)) as bigint;
  if (current >= needed) return undefined;
  const { hash } = await sendTransaction(
    { operation: `approve the market for ${what}`, accounts: [owner], contract: `${what} at ${contract.address}` },
    MARKET_ERRORS,
    () => contract.contract.getFunction("approve").send(spender, MaxUint256),
  );
  return hash;
}

async function requireListed(market: OpenedContract, token: string): Promise<void> {
  if ((await market.contract.getFunction("trancheIdOf").staticCall(token)) === 0n) {
    throw new InvalidInputError("--token", `${token} is not listed on the market at ${market.address}`);
  }
}

export interface PlaceOrderOptions {
  market: string | undefined;
  token: string | undefined;
  side: Side;
  price: bigint;
  amount: bigint;
  /** Defaults to the whole amount (all or nothing). */
  minFill?: bigint;
  expiry: bigint;
}

export interface PlacedOrder {
  orderId: bigint;
  txHash: string;
  approvalTx: string | undefined;
  /** Cash escrowed by a bid (0 for an ask: its tokens stay, locked, in the wallet). */
  deposit: bigint;
}

export async function placeOrder(options: PlaceOrderOptions, signer: Signer): Promise<PlacedOrder> {
  const account = await signer.getAddress();
  const market = await openOrderBook(options.market, signer);
  const token = await openTranche(options.token, signer);
  await requireListed(market, token.address);
  const now = await chainTime(market.provider);
  if (options.expiry <= now) throw new InvalidInputError("--expiry", `must be after the chain's time (${now})`);
  const minFill = options.minFill ?? options.amount;
  if (options.amount <= 0n || minFill <= 0n || minFill > options.amount) {
    throw new InvalidInputError("--min-fill", "must be above 0 and at most --amount");
  }
  let deposit = 0n;
  let approvalTx: string | undefined;
  if (options.side === "ask") {
    const balance = (await token.contract.getFunction("balanceOf").staticCall(account)) as bigint;
    const locked = (await token.contract.getFunction("totalLockedOf").staticCall(account)) as bigint;
    if (options.amount > balance - locked) {
      throw new MarketPreflightError(`${account} has ${balance - locked} free of ${balance} (the rest is locked for open orders); the ask needs ${options.amount}`);
    }
    approvalTx = await ensureAllowance(token, "the tranche token", account, market.address, options.amount);
  } else {
    deposit = (await market.contract.getFunction("bidDeposit").staticCall(token.address, options.amount, options.price, options.expiry)) as bigint;
    const cash = await openCash((await token.contract.getFunction("cashToken").staticCall()) as string, signer, "the token's cashToken");
    const balance = (await cash.contract.getFunction("balanceOf").staticCall(account)) as bigint;
    if (balance < deposit) throw new MarketPreflightError(`${account} holds ${balance} of cash; the bid escrows ${deposit} (the whole amount with interest to expiry)`);
    approvalTx = await ensureAllowance(cash, "the settlement stablecoin", account, market.address, deposit);
  }
  const fn = options.side === "ask" ? "placeAsk" : "placeBid";
  const { hash, receipt } = await sendTransaction(
    { operation: `place ${options.side}`, accounts: [account], contract: `the market at ${market.address}` },
    MARKET_ERRORS,
    () => market.contract.getFunction(fn).send(token.address, options.price, options.amount, minFill, options.expiry),
  );
  const placed = receipt.logs
    .map((log) => market.contract.interface.parseLog(log))
    .find((parsed) => parsed?.name === "OrderPlaced");
  if (placed === undefined || placed === null) throw new MbsError(`place ${options.side}: transaction ${hash} emitted no OrderPlaced event`);
  return { orderId: placed.args.orderId as bigint, txHash: hash, approvalTx, deposit };
}

export async function readOrder(market: OpenedContract, orderId: bigint): Promise<OrderView> {
  try {
    return toOrder(await market.contract.getFunction("order").staticCall(orderId));
  } catch {
    throw new InvalidInputError("--order", `order ${orderId} is not open on the market at ${market.address} (never placed, filled or cancelled)`);
  }
}

export async function cancelOrder(options: { market: string | undefined; orderId: bigint }, signer: Signer): Promise<{ txHash: string; order: OrderView }> {
  const account = await signer.getAddress();
  const market = await openOrderBook(options.market, signer);
  const order = await readOrder(market, options.orderId);
  const now = await chainTime(market.provider);
  if (order.maker !== account && now < order.expiry) {
    throw new MarketPreflightError(`order ${options.orderId} belongs to ${order.maker}; others may clean it up only after its expiry (${order.expiry})`);
  }
  const txHash = await send(market, `cancel order ${options.orderId}`, account, () => market.contract.getFunction("cancel").send(options.orderId));
  return { txHash, order };
}

export interface FillOptions {
  market: string | undefined;
  orderId: bigint;
  /** Defaults to everything that remains. */
  amount?: bigint;
  /** Tolerance on today's quote before the cash limit is hit (basis points, default 10). */
  slippageBps?: bigint;
}

export interface FillResult {
  txHash: string;
  order: OrderView;
  amount: bigint;
  /** The most the taker agreed to pay (buying) or the least it agreed to receive (selling). */
  cashLimit: bigint;
}

export async function fillOrder(options: FillOptions, signer: Signer): Promise<FillResult> {
  const account = await signer.getAddress();
  const market = await openOrderBook(options.market, signer);
  const order = await readOrder(market, options.orderId);
  const token = await openTranche(order.token, signer, `order ${options.orderId}'s token`);
  const amount = options.amount ?? order.remaining;
  const now = await chainTime(market.provider);
  if (now >= order.expiry) throw new MarketPreflightError(`order ${options.orderId} expired at ${order.expiry}`);
  if (order.maker === account) throw new MarketPreflightError(`order ${options.orderId} is your own`);
  if (amount < order.minFill || amount > order.remaining || (amount !== order.remaining && order.remaining - amount < order.minFill)) {
    throw new InvalidInputError("--amount", `order ${options.orderId} takes fills of ${order.minFill} to ${order.remaining}, leaving 0 or at least ${order.minFill}`);
  }
  // The token's rules on the two parties, in words, before anything is sent.
  const [seller, buyer] = order.side === "ask" ? [order.maker, account] : [account, order.maker];
  const code = Number(await token.contract.getFunction("detectTransferRestriction").staticCall(seller, buyer, amount));
  // For an ask the seller's tokens are locked for this very order: "locked" is expected there, not a refusal.
  if (code !== 0 && !(order.side === "ask" && code === 12)) {
    throw new MarketPreflightError(`the token refuses ${seller} → ${buyer}: ${describeRestriction(code)}`);
  }
  // Between the record date and the distribution the venue settles nothing of the class.
  const closed = await booksClosed(token);
  if (closed !== undefined) throw new MarketPreflightError(`order ${options.orderId} cannot be filled now: ${closed.reason}; nothing was sent`, { ...closed });
  const [, principal, accrued, , fee] = (await market.contract.getFunction("quote").staticCall(order.token, amount, order.price)) as bigint[];
  const total = principal! + accrued!;
  const slippage = options.slippageBps ?? 10n;
  const cash = await openCash((await token.contract.getFunction("cashToken").staticCall()) as string, signer, "the token's cashToken");
  let cashLimit: bigint;
  if (order.side === "ask") {
    cashLimit = ((total + fee!) * (10_000n + slippage)) / 10_000n;
    await ensureAllowance(cash, "the settlement stablecoin", account, market.address, cashLimit);
  } else {
    cashLimit = ((total - fee!) * (10_000n - slippage)) / 10_000n;
    await ensureAllowance(token, "the tranche token", account, market.address, amount);
  }
  const txHash = await send(market, `fill order ${options.orderId}`, account, () => market.contract.getFunction("fill").send(options.orderId, amount, cashLimit));
  return { txHash, order, amount, cashLimit };
}

export interface BookLevel {
  price: bigint;
  amount: bigint;
  orders: bigint;
}

export interface Trade {
  block: number;
  txHash: string;
  seller: string;
  buyer: string;
  ref: bigint;
  amount: bigint;
  currentFace: bigint;
  price: bigint;
  principal: bigint;
  accrued: bigint;
  fee: bigint;
}

export interface Book {
  market: string;
  token: string;
  bids: BookLevel[];
  asks: BookLevel[];
  trades: Trade[];
}

/** Bid and ask levels (best first) and the last `trades` trades of one tranche, from the chain. */
export async function readBook(
  options: { market: string | undefined; token: string | undefined; levels: number; trades: number; fromBlock?: number },
  signer: Signer,
): Promise<Book> {
  const market = await openOrderBook(options.market, signer);
  const token = await openTranche(options.token, signer);
  await requireListed(market, token.address);
  const depth = async (side: Side): Promise<BookLevel[]> =>
    ((await market.contract.getFunction("depth").staticCall(token.address, SIDE_CODE[side], options.levels)) as { price: bigint; amount: bigint; orders: bigint }[])
      .map((l) => ({ price: l.price, amount: l.amount, orders: l.orders }));
  const events: TypedEvent<Record<string, unknown>>[] = await queryEvents(market.provider, market.contract.interface, "Traded", {
    address: market.address,
    topics: [`0x${token.address.slice(2).toLowerCase().padStart(64, "0")}`],
    fromBlock: options.fromBlock ?? 0,
  });
  const trades = events.slice(-options.trades).reverse().map((e) => {
    const a = e.args as Record<string, bigint | string>;
    return {
      block: e.blockNumber, txHash: e.transactionHash, seller: a.seller as string, buyer: a.buyer as string, ref: a.ref as bigint, amount: a.amount as bigint,
      currentFace: a.currentFace as bigint, price: a.price as bigint, principal: a.principal as bigint, accrued: a.accrued as bigint, fee: a.fee as bigint,
    };
  });
  return { market: market.address, token: token.address, bids: await depth("bid"), asks: await depth("ask"), trades };
}

/** `mbs claim`: pays the signer the P&I it has accrued on `token`, or says there is none (nothing sent). */
export async function claimCash(options: { token: string | undefined }, signer: Signer): Promise<{ amount: bigint; txHash: string | undefined }> {
  const account = await signer.getAddress();
  const token = await openTranche(options.token, signer);
  const amount = (await token.contract.getFunction("claimable").staticCall(account)) as bigint;
  if (amount === 0n) return { amount, txHash: undefined };
  const { hash } = await sendTransaction({ operation: "claim", accounts: [account], contract: `the tranche token at ${token.address}` }, MARKET_ERRORS, () =>
    token.contract.getFunction("claim").send(),
  );
  return { amount, txHash: hash };
}

/**
 * `mbs transfer`: asks the token first; a refused transfer is reported with its reason and never sent. A plain
 * transfer has no cash leg, so the token allows it while a record date is pending; `notice` then says, before it
 * is sent, that the books are closed and that the period's P&I stays with the sender, holder of record.
 */
export async function transferTokens(
  options: { token: string | undefined; to: string; amount: bigint; onNotice?: (text: string) => void },
  signer: Signer,
): Promise<{ txHash: string; notice: string | undefined }> {
  const account = await signer.getAddress();
  const token = await openTranche(options.token, signer);
  const code = Number(await token.contract.getFunction("detectTransferRestriction").staticCall(account, options.to, options.amount));
  if (code !== 0) throw new MarketPreflightError(`the token refuses ${account} → ${options.to} of ${options.amount}: ${describeRestriction(code)} (code ${code}); nothing was sent`, { code });
  const closed = await booksClosed(token);
  const notice = closed === undefined
    ? undefined
    : `${closed.reason}: the market settles no trade of this class until then; this transfer has no cash leg and is allowed, and period ${closed.distributionId}'s P&I on these tokens stays with ${account}, the holder of record`;
  if (notice !== undefined) options.onNotice?.(notice);
  const { hash } = await sendTransaction({ operation: "transfer", accounts: [account, options.to], contract: `the tranche token at ${token.address}` }, MARKET_ERRORS, () =>
    token.contract.getFunction("transfer").send(options.to, options.amount),
  );
  return { txHash: hash, notice };
}
