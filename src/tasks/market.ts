import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";
import type { TaskDefinition } from "hardhat/types/tasks";

import { ANALYTICS_OPTIONS, withSettlement, withSpeed } from "./analytics.js";
import { FLAGS, OPTIONS } from "./common/options.js";

/**
 * `mbs order|book|fill|claim|transfer`: the investor's secondary-market commands (docs/market.md).
 * Amounts are dollars of original face ("250,000" or "250000.50"); prices per 100 of current face,
 * decimal or in 32nds ("101.5", "101-16", "101-16+"). Every check the chain would make is made first,
 * and a refusal is printed with its reason before any transaction is sent.
 */
const text = <N extends string>(name: N, description: string) => ({ name, description, type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined }) as const;
const market = text("market", "Address of the order book (TrancheMarket)");
const token = OPTIONS.token;
const order = text("order", "Order id (from `mbs order place` or `mbs book`)");
/** Which of the network's accounts sends (investors trade from their own wallets). */
const from = text("from", "Send from this account of the network: its address or its index (default: the first account)");
const amount = (what: string) => text("amount", `${what}, in dollars of original face ("250,000")`);

const desk = text("desk", "Address of the bilateral desk (BilateralMarket)");
const trade = text("trade", "Trade id (from `mbs trade propose`)");

export const marketTasks: TaskDefinition[] = [
  emptyTask(["mbs", "order"], "Orders on the secondary market: place, cancel").build(),
  task(["mbs", "order", "place"], "Place a bid or an ask (an ask locks the tokens in your wallet; a bid escrows the cash)")
    .addOption(market)
    .addOption(token)
    .addOption(text("side", "bid (buy) or ask (sell)"))
    .addOption(text("price", "Price per 100 of current face: 101.5, 101-16 or 101-16+"))
    .addOption(amount("Size"))
    .addOption(text("minFill", "Smallest fill accepted, in dollars of original face (default: the whole amount; at least the lot size)"))
    .addOption({ name: "expiry", description: "When the order lapses: a duration (30m, 12h, 7d, 2w) or an ISO time with a zone", type: ArgumentType.STRING, defaultValue: "7d" })
    .addOption(from)
    .addFlag(FLAGS.json)
    .setAction(() => import("./actions/market-order-place.js"))
    .build(),
  task(["mbs", "order", "cancel"], "Cancel your order (or anyone's once expired): the lock or the deposit comes back")
    .addOption(market)
    .addOption(order)
    .addOption(from)
    .setAction(() => import("./actions/market-order-cancel.js"))
    .build(),
  task(["mbs", "book"], "Bids and asks by price level, and the last trades, of one tranche")
    .addOption(market)
    .addOption(token)
    .addOption({ name: "levels", description: "Price levels per side", type: ArgumentType.INT, defaultValue: 5 })
    .addOption({ name: "trades", description: "Last trades to show", type: ArgumentType.INT, defaultValue: 10 })
    .addFlag(FLAGS.json)
    .setAction(() => import("./actions/market-book.js"))
    .build(),
  task(["mbs", "fill"], "Take an order: buy from an ask or sell into a bid, delivery versus payment in one transaction")
    .addOption(market)
    .addOption(order)
    .addOption(text("amount", "How much to take, in dollars of original face (default: all that remains)"))
    .addOption({ name: "slippageBps", description: "Cash tolerance over today's quote, basis points", type: ArgumentType.INT, defaultValue: 10 })
    .addOption(from)
    .setAction(() => import("./actions/market-fill.js"))
    .build(),
  task(["mbs", "claim"], "Collect the P&I your holding of a tranche has earned")
    .addOption(token)
    .addOption(from)
    .setAction(() => import("./actions/market-claim.js"))
    .build(),
  task(["mbs", "transfer"], "Transfer tranche tokens; the token's rules are checked first and a refusal printed with its reason")
    .addOption(token)
    .addOption(text("to", "The recipient's wallet"))
    .addOption(amount("Amount"))
    .addOption(from)
    .setAction(() => import("./actions/market-transfer.js"))
    .build(),
  emptyTask(["mbs", "trade"], "Negotiated trades between two named parties: propose, confirm, withdraw").build(),
  task(["mbs", "trade", "propose"], "Propose a trade to a named counterparty (your confirmation); --escrow locks your leg now")
    .addOption(desk)
    .addOption(token)
    .addOption(text("counterparty", "The other party's wallet"))
    .addOption(text("side", "Your side: bid (you buy) or ask (you sell)"))
    .addOption(text("price", "Price per 100 of current face: 101.5, 101-16 or 101-16+"))
    .addOption(amount("Size"))
    .addOption({ name: "expiry", description: "When the proposal lapses: a duration (30m, 12h, 7d, 2w) or an ISO time with a zone", type: ArgumentType.STRING, defaultValue: "1d" })
    .addFlag({ name: "escrow", description: "Escrow your leg now (tokens locked in your wallet, or your cash held by the desk)" })
    .addOption(from)
    .setAction(() => import("./actions/market-trade-propose.js"))
    .build(),
  task(["mbs", "trade", "confirm"], "Confirm a trade proposed to you: it settles at once, delivery versus payment")
    .addOption(desk)
    .addOption(trade)
    .addOption({ name: "slippageBps", description: "Cash tolerance over today's quote, basis points", type: ArgumentType.INT, defaultValue: 10 })
    .addOption(from)
    .setAction(() => import("./actions/market-trade-confirm.js"))
    .build(),
  task(["mbs", "trade", "withdraw"], "Withdraw a proposal before the second confirmation (either party; anyone after expiry)")
    .addOption(desk)
    .addOption(trade)
    .addOption(from)
    .setAction(() => import("./actions/market-trade-withdraw.js"))
    .build(),
  withSettlement(withSpeed(task(["mbs", "quote"], "Price, yield and WAL of a class token at its current factor (read from the chain) and a prepayment speed")))
    .addOption(token)
    .addOption(text("pool", "The deal's LoanPool: the class coupon from its tranche record (or --waterfall or --coupon)"))
    .addOption(text("waterfall", "The deal's PaymentWaterfall: the class coupon from its class terms (or --pool or --coupon)"))
    .addOption(text("coupon", "Class coupon, % (default: from --pool or --waterfall)"))
    .addOption(text("wac", "Gross WAC of the loans behind the class, % (default: the coupon)"))
    .addOption(text("term", ANALYTICS_OPTIONS.term))
    .addOption(text("wam", "Remaining term of the loans, months (required, or give --age)"))
    .addOption(text("age", "Loan age, months: WAM = --term − --age"))
    .addOption(text("price", "Clean price per 100 of current face: 101.5, 101-16 or 101-16+ (or --yield or --spread)"))
    .addOption(text("yield", "Bond-equivalent yield, % (or --price or --spread)"))
    .addOption(text("spread", "Spread over --curve at the WAL, bp (or --price or --yield)"))
    .addOption(text("curve", "Benchmark (treasury) curve years:yield %,…; one point is a flat rate (10:4.25). Required with --spread"))
    .addFlag(FLAGS.json)
    .setAction(() => import("./actions/market-quote.js"))
    .build(),
];
