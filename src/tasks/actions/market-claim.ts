import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { claimCash } from "../../market/orders.js";
import { formatUsd } from "../../units.js";
import { marketChain } from "../../market/connect.js";
import { reportingErrors } from "../common/reporter.js";

export default async function marketClaimAction(args: { token: string | undefined; from: string | undefined }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const r = await claimCash(args, (await marketChain(hre, args.from)).signer);
    console.log(r.txHash === undefined ? "nothing to claim: nothing sent" : `claimed ${formatUsd(r.amount, 6)} (tx ${r.txHash})`);
  });
}
