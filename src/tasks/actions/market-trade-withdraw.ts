import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { marketChain } from "../../market/connect.js";
import { parseOrderId } from "../../market/format.js";
import { withdrawTrade } from "../../market/trades.js";
import { required } from "../common/options.js";
import { reportingErrors } from "../common/reporter.js";

export default async function marketTradeWithdrawAction(
  args: { from: string | undefined; desk: string | undefined; trade: string | undefined },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  await reportingErrors(async () => {
    const tradeId = parseOrderId(required("trade", args.trade), "--trade");
    const r = await withdrawTrade({ desk: args.desk, tradeId }, (await marketChain(hre, args.from)).signer);
    console.log(`trade ${tradeId} withdrawn (tx ${r.txHash})`);
  });
}
