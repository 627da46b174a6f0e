import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { parseOrderId, showPrice } from "../../market/format.js";
import { fillOrder } from "../../market/orders.js";
import { formatUsd, parseUsd } from "../../units.js";
import { marketChain } from "../../market/connect.js";
import { required } from "../common/options.js";
import { reportingErrors } from "../common/reporter.js";

interface FillArgs {
  from: string | undefined;
  market: string | undefined;
  order: string | undefined;
  amount: string | undefined;
  slippageBps: number;
}

export default async function marketFillAction(args: FillArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const orderId = parseOrderId(required("order", args.order));
    const amount = args.amount === undefined ? undefined : parseUsd(args.amount, "--amount");
    const r = await fillOrder({ market: args.market, orderId, amount, slippageBps: BigInt(args.slippageBps) }, (await marketChain(hre, args.from)).signer);
    const verb = r.order.side === "ask" ? `bought, paying at most ${formatUsd(r.cashLimit)}` : `sold, receiving at least ${formatUsd(r.cashLimit)}`;
    console.log(`order ${orderId}: ${formatUsd(r.amount)} face @ ${showPrice(r.order.price)} ${verb} (tx ${r.txHash})`);
  });
}
