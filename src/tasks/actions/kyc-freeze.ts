import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { setInvestorFrozen } from "../../kyc/freeze.js";
import { reportingErrors } from "../common/reporter.js";
import { commandChain } from "../common/connect.js";

interface FreezeArgs {
  registry: string | undefined;
  account: string | undefined;
  unfreeze: boolean;
}

export default async function kycFreezeAction(args: FreezeArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const r = await setInvestorFrozen({ registry: args.registry, account: args.account, frozen: !args.unfreeze }, (await commandChain(hre)).signer);
    const state = r.frozen ? "frozen" : "unfrozen";
    console.log(r.txHash === undefined ? `${r.account} was already ${state}: nothing sent` : `${state} ${r.account} in tx ${r.txHash}`);
  });
}
