import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { formatInvestor, showInvestor } from "../../kyc/show.js";
import { reportingErrors } from "../common/reporter.js";
import { commandChain } from "../common/connect.js";

interface ShowArgs {
  registry: string | undefined;
  account: string | undefined;
  json: boolean;
}

export default async function kycShowAction(args: ShowArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const view = await showInvestor(args, (await commandChain(hre)).signer);
    console.log(args.json ? JSON.stringify(view, null, 2) : formatInvestor(view));
  });
}
