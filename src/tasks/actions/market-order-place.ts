import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { chainTime } from "../../chain/index.js";
import { InvalidInputError } from "../../errors.js";
import { parseExpiry, showPrice, toJson } from "../../market/format.js";
import { placeOrder } from "../../market/orders.js";
import { parsePrice } from "../../market/price.js";
import { formatUsd, parseUsd } from "../../units.js";
import { marketChain } from "../../market/connect.js";
import { required } from "../common/options.js";
import { reportingErrors } from "../common/reporter.js";

interface PlaceArgs {
  from: string | undefined;
  market: string | undefined;
  token: string | undefined;
  side: string | undefined;
  price: string | undefined;
  amount: string | undefined;
  minFill: string | undefined;
  expiry: string;
  json: boolean;
}

export default async function marketOrderPlaceAction(args: PlaceArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const side = required("side", args.side, "bid or ask");
    if (side !== "bid" && side !== "ask") throw new InvalidInputError("--side", `"${side}": must be bid or ask`);
    const price = parsePrice(required("price", args.price), "--price");
    const amount = parseUsd(required("amount", args.amount), "--amount");
    const minFill = args.minFill === undefined ? undefined : parseUsd(args.minFill, "--min-fill");
    const chain = await marketChain(hre, args.from);
    const expiry = parseExpiry(args.expiry, await chainTime(chain.provider), "--expiry");
    const placed = await placeOrder({ market: args.market, token: args.token, side, price, amount, minFill, expiry }, chain.signer);
    if (args.json) {
      console.log(toJson({ ...placed, side, price, amount, expiry }));
      return;
    }
    const escrow = side === "bid" ? `, ${formatUsd(placed.deposit)} escrowed` : ", tokens locked in your wallet";
    console.log(`order ${placed.orderId}: ${side} ${formatUsd(amount)} @ ${showPrice(price)} until ${new Date(Number(expiry) * 1000).toISOString()}${escrow} (tx ${placed.txHash})`);
  });
}
