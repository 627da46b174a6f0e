import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { setInvestorFrozen } from "../../kyc/freeze.js";
import { reportingErrors } from "../../tokenize/cli.js";
import { kycSigner } from "./kyc-signer.js";

interface FreezeArgs {
  registry: string | undefined;
  account: string | undefined;
  unfreeze: boolean;
}

export default async function kycFreezeAction(args: FreezeArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const r = await setInvestorFrozen({ registry: args.registry, account: args.account, frozen: !args.unfreeze }, await kycSigner(hre));
    const state = r.frozen ? "frozen" : "unfrozen";
    console.log(r.txHash === undefined ? `${r.account} was already ${state}: nothing sent` : `${state} ${r.account} in tx ${r.txHash}`);
  });
}
