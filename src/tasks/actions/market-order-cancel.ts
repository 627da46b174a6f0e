import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { parseOrderId } from "../../market/format.js";
import { cancelOrder } from "../../market/orders.js";
import { formatUsd } from "../../units.js";
import { marketChain } from "../../market/connect.js";
import { required } from "../common/options.js";
import { reportingErrors } from "../common/reporter.js";

export default async function marketOrderCancelAction(args: { market: string | undefined; order: string | undefined; from: string | undefined }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const orderId = parseOrderId(required("order", args.order));
    const { txHash, order } = await cancelOrder({ market: args.market, orderId }, (await marketChain(hre, args.from)).signer);
    const back = order.side === "ask" ? `${formatUsd(order.remaining)} face unlocked` : `${formatUsd(order.cash)} refunded`;
    console.log(`order ${orderId} cancelled: ${back} (tx ${txHash})`);
  });
}
