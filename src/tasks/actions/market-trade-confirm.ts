import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { marketChain } from "../../market/connect.js";
import { parseOrderId, showPrice } from "../../market/format.js";
import { confirmTrade } from "../../market/trades.js";
import { formatUsd } from "../../units.js";
import { required } from "../common/options.js";
import { reportingErrors } from "../common/reporter.js";

export default async function marketTradeConfirmAction(
  args: { from: string | undefined; desk: string | undefined; trade: string | undefined; slippageBps: number },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  await reportingErrors(async () => {
    const tradeId = parseOrderId(required("trade", args.trade), "--trade");
    const r = await confirmTrade({ desk: args.desk, tradeId, slippageBps: BigInt(args.slippageBps) }, (await marketChain(hre, args.from)).signer);
    console.log(`trade ${tradeId} settled: ${formatUsd(r.terms.amount)} face @ ${showPrice(r.terms.price)}, ${r.terms.seller} → ${r.terms.buyer} (tx ${r.txHash})`);
  });
}
