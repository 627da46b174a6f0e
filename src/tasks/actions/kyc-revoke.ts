import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { revokeInvestor } from "../../kyc/revoke.js";
import { reportingErrors } from "../common/reporter.js";
import { commandChain } from "../common/connect.js";

interface RevokeArgs {
  registry: string | undefined;
  account: string | undefined;
  reason: string | undefined;
}

export default async function kycRevokeAction(args: RevokeArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const r = await revokeInvestor(args, (await commandChain(hre)).signer);
    console.log(r.txHash === undefined
      ? `${r.account} was already revoked: nothing sent`
      : `revoked ${r.account} (reason ${JSON.stringify(r.reason)} → ${r.reasonHash}) in tx ${r.txHash}`);
  });
}
