import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { chainTime, parseAccount } from "../../chain/index.js";
import { InvalidInputError } from "../../errors.js";
import { marketChain } from "../../market/connect.js";
import { parseExpiry, showPrice } from "../../market/format.js";
import { parsePrice } from "../../market/price.js";
import { proposeTrade } from "../../market/trades.js";
import { formatUsd, parseUsd } from "../../units.js";
import { required } from "../common/options.js";
import { reportingErrors } from "../common/reporter.js";

interface ProposeArgs {
  from: string | undefined;
  desk: string | undefined;
  token: string | undefined;
  counterparty: string | undefined;
  side: string | undefined;
  price: string | undefined;
  amount: string | undefined;
  expiry: string;
  escrow: boolean;
}

export default async function marketTradeProposeAction(args: ProposeArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const side = required("side", args.side, "bid or ask");
    if (side !== "bid" && side !== "ask") throw new InvalidInputError("--side", `"${side}": must be bid or ask`);
    const counterparty = parseAccount(args.counterparty, "--counterparty", "the other party's wallet");
    const price = parsePrice(required("price", args.price), "--price");
    const amount = parseUsd(required("amount", args.amount), "--amount");
    const chain = await marketChain(hre, args.from);
    const expiry = parseExpiry(args.expiry, await chainTime(chain.provider), "--expiry");
    const r = await proposeTrade({ desk: args.desk, token: args.token, counterparty, side, amount, price, expiry, escrowed: args.escrow }, chain.signer);
    console.log(`trade ${r.tradeId}: you ${side === "ask" ? "sell" : "buy"} ${formatUsd(amount)} @ ${showPrice(price)} with ${counterparty}${args.escrow ? ", your leg escrowed" : ""}; awaiting their confirmation (tx ${r.txHash})`);
  });
}
