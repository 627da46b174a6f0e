/**
 * The secondary market inside part 7 of `npm run demo` (scripts/demo-remit.ts): the deal's classes are
 * listed on the DvP venues (deploy/modules/Market.ts) and investors trade Class A between remittance
 * cycles through the `mbs order` / `mbs fill` workflows (src/market/orders.ts):
 *  - after cycle 2: a bid and an ask at the same price meet, an ask is partly filled, and a retail
 *    investor's take is refused with the token's reason, before sending and then on chain;
 *  - after cycle 3: a negotiated Class M trade on the bilateral desk, the seller's leg escrowed;
 *  - around period 6's record date (docs/adr/0018-market-books-closed.md): after period 5's distribution a
 *    trade settles before the record date (the buyer pays accrued since period 5's record date and receives
 *    period 6's P&I); once the record date is marked the books are closed — a take is refused before sending
 *    and on chain with the reason in words, the order stays open; after period 6's distribution the same
 *    order settles at the lower face with accrued from the record date, and the seller of record keeps the
 *    period's P&I, which the distribution proves. Each trade prints its cash legs from the wallets.
 * Every order is closed by the end, so the demo's final claims still empty the waterfall.
 */
import type { network } from "hardhat";

import MarketModule, { buildMarketListingModule } from "../deploy/modules/Market.js";
import { describeFailure } from "../src/chain/index.js";
import { MARKET_ERRORS } from "../src/market/contracts.js";
import { MarketPreflightError, fillOrder, placeOrder } from "../src/market/orders.js";
import { confirmTrade, proposeTrade } from "../src/market/trades.js";
import { formatThirtySeconds, parsePrice } from "../src/market/price.js";
import type { RemitOutcome } from "../src/remit/cycle.js";
import type { Manifest } from "../src/tokenize/manifest.js";
import { formatUsd, parseUsd } from "../src/units.js";

type Connection = Awaited<ReturnType<typeof network.create>>;
type Signer = Awaited<ReturnType<Connection["ethers"]["getSigners"]>>[number];

const usd = (units: bigint) => `$${formatUsd(units)}`;
const DAY = 86_400;

export interface MarketDemo {
  /** Market steps that belong before cycle i's remittance (i from 0). */
  beforeCycle(i: number): Promise<void>;
  /** Market steps that belong after cycle i's remittance. */
  afterCycle(i: number, out: RemitOutcome): Promise<void>;
}

export async function marketDemo(
  connection: Connection,
  options: {
    manifest: Manifest;
    waterfall: string;
    trustee: Signer;
    investors: { alice: Signer; bayside: Signer; cedar: Signer; carol: Signer };
    say: (text?: string) => void;
  },
): Promise<MarketDemo> {
  const { ethers, ignition } = connection;
  const { manifest, say, trustee } = options;
  const { alice, bayside, cedar, carol } = options.investors;
  const [admin] = await ethers.getSigners();
  const name = new Map([[alice.address, "Alice"], [bayside.address, "Bayside"], [cedar.address, "Cedar"], [carol.address, "Carol"]]);

  const { trancheMarket, bilateralMarket } = await ignition.deploy(MarketModule, { displayUi: false });
  const marketAddress = await trancheMarket.getAddress();
  const tranches = manifest.contracts.tranches.map((t) => t.address);
  await ignition.deploy(
    buildMarketListingModule({ moduleId: "DemoMarketListing", trancheMarket: marketAddress, bilateralMarket: await bilateralMarket.getAddress(), loanPool: manifest.contracts.loanPool, tranches }),
    { displayUi: false },
  );
  const market = await ethers.getContractAt("TrancheMarket", marketAddress);
  const deskAddress = await bilateralMarket.getAddress();
  const desk = await ethers.getContractAt("BilateralMarket", deskAddress);
  const classA = await ethers.getContractAt("PoolToken", tranches[0]!);
  const symbol = await classA.symbol();
  const cash = await ethers.getContractAt("TestStablecoin", manifest.contracts.cash);
  for (const buyer of [bayside, cedar, carol]) await (await cash.connect(admin!).mint(buyer.address, parseUsd("5000000"))).wait();

  const price = parsePrice("100-16");
  const lot = parseUsd("100000");
  const expiry = async (days: number) => BigInt((await ethers.provider.getBlock("latest"))!.timestamp + days * DAY);
  const advance = async (days: number) => {
    await ethers.provider.send("evm_increaseTime", [days * DAY]);
    await ethers.provider.send("evm_mine", []);
  };
  const traded = async (txHash: string, venue: { interface: typeof market.interface | typeof desk.interface } = market) => {
    const receipt = await ethers.provider.getTransactionReceipt(txHash);
    for (const log of receipt!.logs) {
      const parsed = venue.interface.parseLog(log);
      if (parsed?.name === "Traded") {
        const a = parsed.args;
        return { seller: a.seller as string, buyer: a.buyer as string, amount: a.amount as bigint, currentFace: a.currentFace as bigint, price: a.price as bigint, principal: a.principal as bigint, accrued: a.accrued as bigint, days: a.accrualDays as bigint };
      }
    }
    throw new Error(`transaction ${txHash} settled no trade`);
  };
  const tell = (t: Awaited<ReturnType<typeof traded>>, what: string) =>
    say(`   market: ${what}: ${name.get(t.seller)} → ${name.get(t.buyer)} ${usd(t.amount)} face (current ${usd(t.currentFace)}) @ ${formatThirtySeconds(t.price)}: cash ${usd(t.principal + t.accrued)} = principal ${usd(t.principal)} + ${t.days} days' accrued ${usd(t.accrued)}`);

  const isoDate = (t: bigint) => new Date(Number(t) * 1000).toISOString().slice(0, 10);
  /** Runs a take and reads both cash legs from the wallets: what the buyer paid, what the seller received. */
  const legs = async (buyer: Signer, seller: Signer, take: () => Promise<string>) => {
    const [buyerCash, sellerCash] = [await cash.balanceOf(buyer.address), await cash.balanceOf(seller.address)];
    const trade = await traded(await take());
    const paid = buyerCash - (await cash.balanceOf(buyer.address));
    const received = (await cash.balanceOf(seller.address)) - sellerCash;
    if (paid !== trade.principal + trade.accrued || received !== paid) throw new Error(`the cash legs do not match the trade: paid ${paid}, received ${received}`);
    return { trade, paid, received };
  };
  const cashLegs = (l: Awaited<ReturnType<typeof legs>>) =>
    say(`           cash legs: ${name.get(l.trade.buyer)} paid ${usd(l.paid)}, ${name.get(l.trade.seller)} received ${usd(l.received)} (the clean price on ${usd(l.trade.currentFace)} current face + ${l.trade.days} days' accrued).`);

  say(`   Secondary market: order book TrancheMarket ${marketAddress}, bilateral desk BilateralMarket ${deskAddress}; the deal's classes listed on both, each venue holds the tokens' escrow role.`);

  let askId = 0n;
  let recordBalances = new Map<string, bigint>();
  let boughtBeforeRecordDate = 0n;
  let claimableBefore = new Map<string, bigint>();
  const RECORD_DATE_CYCLE = 5; // period 6

  return {
    async beforeCycle(i) {
      if (i !== RECORD_DATE_CYCLE) return;
      // Period 6's record date: marked here unless the remittance keeper already marked it (month end).
      const waterfall = await ethers.getContractAt("PaymentWaterfall", options.waterfall);
      if (!(await classA.recordDatePending())[0]) await (await waterfall.connect(trustee).markRecordDate()).wait();
      const [, recordDate] = await classA.recordDatePending();
      say(`   market: period 6's record date ${isoDate(recordDate)}: the holders of record are fixed and the market's books close for ${symbol} until period 6 is distributed.`);
      recordBalances = new Map(await Promise.all([alice, bayside, cedar].map(async (h) => [h.address, await classA.balanceOf(h.address)] as [string, bigint])));
      claimableBefore = new Map(await Promise.all([alice, bayside, cedar].map(async (h) => [h.address, await classA.claimable(h.address)] as [string, bigint])));
      // Bayside tries to take the rest of Alice's ask: refused before anything is sent, and by the venue on chain.
      const left = (await market.order(askId)).remaining;
      let preflight = "";
      try {
        await fillOrder({ market: marketAddress, orderId: askId }, bayside);
        throw new Error("a take between the record date and the distribution was sent");
      } catch (error) {
        if (!(error instanceof MarketPreflightError)) throw error;
        preflight = error.message;
      }
      let onChain = "";
      try {
        await (await market.connect(bayside).fill(askId, left, parseUsd("5000000"))).wait();
        throw new Error("a fill between the record date and the distribution settled");
      } catch (error) {
        onChain = describeFailure(error, MARKET_ERRORS) ?? "";
        if (!onChain.startsWith("MarketBooksClosed(")) throw error;
      }
      if ((await market.order(askId)).remaining !== left) throw new Error("a refused fill changed the order");
      say(`   market: refused trade: Bayside takes the ${usd(left)} left on Alice's ask: ${preflight}`);
      say(`           sent anyway, the venue reverts ${onChain}; the order stays open.`);
    },

    async afterCycle(i, out) {
      if (i === 1) {
        await advance(15);
        const bid = await placeOrder({ market: marketAddress, token: classA.target as string, side: "bid", price, amount: 2n * lot, expiry: await expiry(30) }, bayside);
        const ask = await placeOrder({ market: marketAddress, token: classA.target as string, side: "ask", price, amount: 5n * lot, minFill: lot, expiry: await expiry(120) }, alice);
        askId = ask.orderId;
        const [bestBid, bestAsk] = [await market.best(classA.target, 0), await market.best(classA.target, 1)];
        say(`   market: Bayside bids ${usd(bestBid.remaining)} ${symbol} @ ${formatThirtySeconds(bestBid.price)} (escrows ${usd(bid.deposit)}); Alice asks ${usd(bestAsk.remaining)} @ ${formatThirtySeconds(bestAsk.price)}, min fill ${usd(lot)}, tokens locked in her wallet.`);
        if (bestBid.price < bestAsk.price) throw new Error("the bid and the ask do not meet");
        const bayCash = await cash.balanceOf(bayside.address);
        const met = await traded((await fillOrder({ market: marketAddress, orderId: bid.orderId }, alice)).txHash);
        tell(met, "the ask and the bid meet at 100-16, Alice hits Bayside's bid");
        const refund = (await cash.balanceOf(bayside.address)) - bayCash;
        if (refund !== bid.deposit - met.principal - met.accrued) throw new Error(`Bayside's bid refunded ${refund}, not deposit − cash`);
        say(`           the bid closes: Bayside's unspent deposit ${usd(refund)} refunded from escrow.`);
        const partial = await traded((await fillOrder({ market: marketAddress, orderId: askId, amount: 2n * lot }, cedar)).txHash);
        const left = (await market.order(askId)).remaining;
        tell(partial, `partial fill of Alice's ask (${usd(left)} of ${usd(5n * lot)} left open)`);
        if (left !== 3n * lot) throw new Error(`the partial fill left ${left} on the ask`);

        // A retail investor may not hold the class: explained before sending, then refused by the venue.
        const code = await classA.detectTransferRestriction(alice.address, carol.address, lot);
        const message = await classA.messageForTransferRestriction(code);
        await (await cash.connect(carol).approve(marketAddress, parseUsd("5000000"))).wait();
        let outcome = "";
        try {
          await (await market.connect(carol).fill(askId, lot, parseUsd("5000000"))).wait();
          throw new Error(`a trade the rules forbid (code ${code}) settled`);
        } catch (error) {
          const parsed = classA.interface.parseError((error as { data?: string }).data ?? "0x");
          if (parsed === null) throw error;
          outcome = `reverted ${parsed.name}(code ${parsed.args[0]})`;
        }
        if ((await market.order(askId)).remaining !== left) throw new Error("a refused trade changed the order");
        say(`   market: refused trade: Carol (retail) takes ${usd(lot)} of Alice's ask: code ${code} "${message}" → ${outcome}; the order is unchanged.`);
      }
      if (i === 2) {
        // A negotiated trade: Cedar offers Bayside part of his Class M on the desk, escrowed; Bayside confirms.
        await advance(5);
        const classM = await ethers.getContractAt("PoolToken", tranches[1]!);
        const terms = { desk: deskAddress, token: tranches[1]!, counterparty: bayside.address, side: "ask" as const, amount: 2n * lot, price: parsePrice("99-24"), expiry: await expiry(5), escrowed: true };
        const { tradeId } = await proposeTrade(terms, cedar);
        const locked = await classM.lockedOf(cedar.address, deskAddress);
        const confirmed = await traded((await confirmTrade({ desk: deskAddress, tradeId, slippageBps: 10n }, bayside)).txHash, desk);
        tell(confirmed, `bilateral trade ${tradeId} (${await classM.symbol()}, escrowed ${usd(locked)} in Cedar's wallet, confirmed by Bayside)`);
        if ((await classM.lockedOf(cedar.address, deskAddress)) !== 0n) throw new Error("the desk still locks Cedar's Class M after settlement");
      }
      if (i === RECORD_DATE_CYCLE - 1) {
        // After period 5's distribution, before period 6's record date: the buyer will be holder of record.
        if ((await classA.recordDatePending())[0]) throw new Error("period 6's record date is already marked right after period 5's distribution");
        await advance(10);
        const before = await legs(cedar, alice, async () => (await fillOrder({ market: marketAddress, orderId: askId, amount: lot }, cedar)).txHash);
        tell(before.trade, `before period 6's record date, ${before.trade.days} days after period 5's`);
        cashLegs(before);
        boughtBeforeRecordDate = before.trade.amount;
      }
      if (i === RECORD_DATE_CYCLE) {
        // The period's P&I goes to the holders of record: each one's share of the class's cash.
        const paid = out.preview!.result.classes[0]!.interestPaid + out.preview!.result.classes[0]!.principalPaid;
        const supply = await classA.totalSupply();
        for (const h of [alice, bayside, cedar]) {
          const got = (await classA.claimable(h.address)) - claimableBefore.get(h.address)!;
          const expected = (paid * recordBalances.get(h.address)!) / supply;
          if (got > expected + 1n || got + 1n < expected) throw new Error(`${name.get(h.address)} received ${got} of period 6's P&I, ${expected} expected as holder of record`);
        }
        say(`   market: period 6 distributed, the books reopen. Its ${symbol} P&I ${usd(paid)} went to the holders of record: Cedar receives ${usd((paid * boughtBeforeRecordDate) / supply)} on the ${usd(boughtBeforeRecordDate)} he bought before the record date.`);
        // After the distribution: the order still open settles at the lower face, accrued from the record date.
        await advance(5);
        const [, recordDate] = await classA.recordDatePending();
        const owedBefore = [await classA.claimable(alice.address), await classA.claimable(bayside.address)];
        const after = await legs(bayside, alice, async () => (await fillOrder({ market: marketAddress, orderId: askId }, bayside)).txHash);
        tell(after.trade, `after period 6's distribution, accrued from its record date ${isoDate(recordDate)}`);
        cashLegs(after);
        if (after.trade.days === 0n || after.trade.accrued === 0n) throw new Error("the trade after the distribution paid no accrued since the record date");
        if (after.trade.currentFace !== (after.trade.amount * (await classA.currentFace())) / supply) throw new Error("the trade after the distribution was not priced on the new face");
        const owedAfter = [await classA.claimable(alice.address), await classA.claimable(bayside.address)];
        if (owedAfter[0] !== owedBefore[0] || owedAfter[1] !== owedBefore[1]) throw new Error("a trade after the distribution moved period 6's P&I");
        say(`           Alice, seller of record, keeps period 6's ${usd((paid * after.trade.amount) / supply)} on the ${usd(after.trade.amount)} she sold; Bayside paid for none of it.`);
        const open = await market.best(classA.target, 1);
        if (open.orderId !== 0n) throw new Error(`order ${open.orderId} is still open`);
      }
    },
  };
}
