/**
 * The secondary market inside part 7 of `npm run demo` (scripts/demo-remit.ts): the deal's classes are
 * listed on the DvP venues (deploy/modules/Market.ts) and investors trade Class A between remittance
 * cycles through the `mbs order` / `mbs fill` workflows (src/market/orders.ts):
 *  - after cycle 2: a bid and an ask at the same price meet, an ask is partly filled, and a retail
 *    investor's take is refused with the token's reason, before sending and then on chain;
 *  - after cycle 3: a negotiated Class M trade on the bilateral desk, the seller's leg escrowed;
 *  - around period 6's record date: a trade settles before it (the buyer pays accrued since the last
 *    record date and receives the period's P&I) and one after it (accrued from the new record date;
 *    the seller, holder of record, keeps the period's P&I), which the distribution then proves.
 * Every order is closed by the end, so the demo's final claims still empty the waterfall.
 */
import type { network } from "hardhat";

import MarketModule, { buildMarketListingModule } from "../deploy/modules/Market.js";
import { fillOrder, placeOrder } from "../src/market/orders.js";
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

  say(`   Secondary market: order book TrancheMarket ${marketAddress}, bilateral desk BilateralMarket ${deskAddress}; the deal's classes listed on both, each venue holds the tokens' escrow role.`);

  let askId = 0n;
  let recordBalances = new Map<string, bigint>();
  let soldAfterRecordDate = 0n;
  let boughtBeforeRecordDate = 0n;
  let claimableBefore = new Map<string, bigint>();
  const RECORD_DATE_CYCLE = 5; // period 6

  return {
    async beforeCycle(i) {
      if (i !== RECORD_DATE_CYCLE) return;
      await advance(10);
      // Before the record date: the buyer becomes holder of record of period 6 and pays the accrued since period 5's.
      const before = await traded((await fillOrder({ market: marketAddress, orderId: askId, amount: lot }, cedar)).txHash);
      tell(before, `before period 6's record date, ${before.days} days after period 5's`);
      boughtBeforeRecordDate = before.amount;
      await (await (await ethers.getContractAt("PaymentWaterfall", options.waterfall)).connect(trustee).markRecordDate()).wait();
      say(`   market: the trustee marks period 6's record date (lastRecordDate ${new Date(Number(await classA.lastRecordDate()) * 1000).toISOString().slice(0, 10)}); the holders of record are fixed.`);
      recordBalances = new Map(await Promise.all([alice, bayside, cedar].map(async (h) => [h.address, await classA.balanceOf(h.address)] as [string, bigint])));
      claimableBefore = new Map(await Promise.all([alice, bayside, cedar].map(async (h) => [h.address, await classA.claimable(h.address)] as [string, bigint])));
      const after = await traded((await fillOrder({ market: marketAddress, orderId: askId }, bayside)).txHash);
      tell(after, "after the record date, accrued from the new record date");
      if (after.days !== 0n || after.accrued !== 0n) throw new Error(`a trade after the record date paid ${after.days} days' accrued`);
      soldAfterRecordDate = after.amount;
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
      if (i === RECORD_DATE_CYCLE) {
        // The period's P&I goes to the holders of record: each one's share of the class's cash.
        const paid = out.preview!.result.classes[0]!.interestPaid + out.preview!.result.classes[0]!.principalPaid;
        const supply = await classA.totalSupply();
        for (const h of [alice, bayside, cedar]) {
          const got = (await classA.claimable(h.address)) - claimableBefore.get(h.address)!;
          const expected = (paid * recordBalances.get(h.address)!) / supply;
          if (got > expected + 1n || got + 1n < expected) throw new Error(`${name.get(h.address)} received ${got} of period 6's P&I, ${expected} expected as holder of record`);
        }
        say(`   market: period 6's ${symbol} P&I ${usd(paid)} goes to the holders of record: Alice, seller of record, keeps ${usd((paid * soldAfterRecordDate) / supply)} on the ${usd(soldAfterRecordDate)} she sold after the record date;`);
        say(`           Cedar receives ${usd((paid * boughtBeforeRecordDate) / supply)} on the ${usd(boughtBeforeRecordDate)} he bought before it.`);
        const open = await market.best(classA.target, 1);
        if (open.orderId !== 0n) throw new Error(`order ${open.orderId} is still open`);
      }
    },
  };
}
