/**
 * `mbs trade`: negotiated trades between two named parties on the bilateral desk. The proposer names
 * the counterparty and the terms (its confirmation); the counterparty's `confirm` settles at once;
 * either may `withdraw` before that. The terms are read back from the `TradeProposed` event, so a
 * party only ever passes the trade id.
 */
import { MaxUint256, type Signer } from "ethers";

import { chainTime, describeRestriction, queryEvents, sendTransaction, type OpenedContract } from "../chain/index.js";
import { InvalidInputError } from "../errors.js";
import { BILATERAL_ERRORS, openCash, openDesk, openTranche } from "./contracts.js";
import { booksClosed } from "./booksClosed.js";
import { MarketPreflightError, type Side } from "./orders.js";

export interface TradeTerms {
  trancheId: bigint;
  seller: string;
  buyer: string;
  proposer: bigint;
  amount: bigint;
  price: bigint;
  expiry: bigint;
  escrowed: boolean;
  deposit: bigint;
}

async function approveIfShort(contract: OpenedContract, what: string, owner: string, spender: string, needed: bigint): Promise<void> {
  const current = (await contract.contract.getFunction("allowance").staticCall(owner, spender)) as bigint;
  if (current >= needed) return;
  await sendTransaction({ operation: `approve the desk for ${what}`, accounts: [owner], contract: `${what} at ${contract.address}` }, BILATERAL_ERRORS, () =>
    contract.contract.getFunction("approve").send(spender, MaxUint256),
  );
}

export async function proposeTrade(
  options: { desk: string | undefined; token: string | undefined; counterparty: string; side: Side; amount: bigint; price: bigint; expiry: bigint; escrowed: boolean },
  signer: Signer,
): Promise<{ tradeId: bigint; txHash: string }> {
  const account = await signer.getAddress();
  const desk = await openDesk(options.desk, signer);
  const token = await openTranche(options.token, signer);
  if ((await desk.contract.getFunction("trancheIdOf").staticCall(token.address)) === 0n) {
    throw new InvalidInputError("--token", `${token.address} is not listed on the desk at ${desk.address}`);
  }
  if (options.expiry <= (await chainTime(desk.provider))) throw new InvalidInputError("--expiry", "must be after the chain's time");
  const [seller, buyer] = options.side === "ask" ? [account, options.counterparty] : [options.counterparty, account];
  const code = Number(await token.contract.getFunction("detectTransferRestriction").staticCall(seller, buyer, options.amount));
  if (code !== 0) throw new MarketPreflightError(`the token would refuse ${seller} → ${buyer}: ${describeRestriction(code)}; nothing was sent`, { code });
  if (options.side === "ask") {
    await approveIfShort(token, "the tranche token", account, desk.address, options.amount);
  } else {
    const cash = await openCash((await token.contract.getFunction("cashToken").staticCall()) as string, signer, "the token's cashToken");
    // What the desk escrows now, or (not escrowed) the most the settlement can cost by the expiry: the allowance the
    // confirmation will spend. Also while the class's books are closed (a proposal may wait for the distribution).
    const needed = (await desk.contract.getFunction("bidDeposit").staticCall(token.address, options.amount, options.price, options.expiry)) as bigint;
    await approveIfShort(cash, "the settlement stablecoin", account, desk.address, needed);
  }
  const { hash, receipt } = await sendTransaction({ operation: "propose trade", accounts: [account, options.counterparty], contract: `the desk at ${desk.address}` }, BILATERAL_ERRORS, () =>
    desk.contract.getFunction("proposeTrade").send(token.address, options.counterparty, options.side === "bid" ? 0 : 1, options.amount, options.price, options.expiry, options.escrowed, 0n),
  );
  const event = receipt.logs.map((log) => desk.contract.interface.parseLog(log)).find((e) => e?.name === "TradeProposed");
  return { tradeId: event!.args.tradeId as bigint, txHash: hash };
}

/** The terms of an open proposal, from its `TradeProposed` event (checked against the stored hash). */
export async function readTerms(desk: OpenedContract, tradeId: bigint): Promise<TradeTerms> {
  if ((await desk.contract.getFunction("tradeHash").staticCall(tradeId)) === `0x${"0".repeat(64)}`) {
    throw new InvalidInputError("--trade", `trade ${tradeId} is not open on the desk at ${desk.address} (never proposed, confirmed or withdrawn)`);
  }
  const events = await queryEvents(desk.provider, desk.contract.interface, "TradeProposed", {
    address: desk.address,
    topics: [`0x${tradeId.toString(16).padStart(64, "0")}`],
    fromBlock: 0,
  });
  const t = (events.at(-1)?.args as { terms: TradeTerms } | undefined)?.terms;
  if (t === undefined) throw new InvalidInputError("--trade", `no TradeProposed event for trade ${tradeId}`);
  return { trancheId: t.trancheId, seller: t.seller, buyer: t.buyer, proposer: t.proposer, amount: t.amount, price: t.price, expiry: t.expiry, escrowed: t.escrowed, deposit: t.deposit };
}

export async function confirmTrade(options: { desk: string | undefined; tradeId: bigint; slippageBps: bigint }, signer: Signer): Promise<{ txHash: string; terms: TradeTerms }> {
  const account = await signer.getAddress();
  const desk = await openDesk(options.desk, signer);
  const terms = await readTerms(desk, options.tradeId);
  const sellerProposed = terms.proposer === 1n;
  const counterparty = sellerProposed ? terms.buyer : terms.seller;
  if (account.toLowerCase() !== counterparty.toLowerCase()) throw new MarketPreflightError(`only ${counterparty} (the counterparty) confirms trade ${options.tradeId}`);
  const [event] = await queryEvents(desk.provider, desk.contract.interface, "TradeProposed", { address: desk.address, topics: [`0x${options.tradeId.toString(16).padStart(64, "0")}`], fromBlock: 0 });
  const token = await openTranche((event!.args as { token: string }).token, signer, `trade ${options.tradeId}'s token`);
  // Between the record date and the distribution the desk settles nothing of the class.
  const closed = await booksClosed(token);
  if (closed !== undefined) throw new MarketPreflightError(`trade ${options.tradeId} cannot be confirmed now: ${closed.reason}; nothing was sent`, { ...closed });
  const [, principal, accrued, , fee] = (await desk.contract.getFunction("quote").staticCall(token.address, terms.amount, terms.price)) as bigint[];
  const total = principal! + accrued!;
  let limit: bigint;
  if (sellerProposed) {
    limit = ((total + fee!) * (10_000n + options.slippageBps)) / 10_000n;
    const cash = await openCash((await token.contract.getFunction("cashToken").staticCall()) as string, signer, "the token's cashToken");
    await approveIfShort(cash, "the settlement stablecoin", account, desk.address, limit);
  } else {
    limit = ((total - fee!) * (10_000n - options.slippageBps)) / 10_000n;
    await approveIfShort(token, "the tranche token", account, desk.address, terms.amount);
  }
  const { hash } = await sendTransaction({ operation: `confirm trade ${options.tradeId}`, accounts: [account], contract: `the desk at ${desk.address}` }, BILATERAL_ERRORS, () =>
    desk.contract.getFunction("confirmTrade").send(options.tradeId, terms, limit),
  );
  return { txHash: hash, terms };
}

export async function withdrawTrade(options: { desk: string | undefined; tradeId: bigint }, signer: Signer): Promise<{ txHash: string }> {
  const account = await signer.getAddress();
  const desk = await openDesk(options.desk, signer);
  const terms = await readTerms(desk, options.tradeId);
  const now = await chainTime(desk.provider);
  const party = [terms.seller, terms.buyer].some((p) => p.toLowerCase() === account.toLowerCase());
  if (!party && now < terms.expiry) throw new MarketPreflightError(`only ${terms.seller} or ${terms.buyer} may withdraw trade ${options.tradeId} before its expiry (${terms.expiry})`);
  const { hash } = await sendTransaction({ operation: `withdraw trade ${options.tradeId}`, accounts: [account], contract: `the desk at ${desk.address}` }, BILATERAL_ERRORS, () =>
    desk.contract.getFunction("withdrawTrade").send(options.tradeId, terms),
  );
  return { txHash: hash };
}
