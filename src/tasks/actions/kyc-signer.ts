import type { Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { MbsError } from "../../errors.js";

/** The network's first account: the one `mbs kyc` commands send from. */
export async function kycSigner(hre: HardhatRuntimeEnvironment): Promise<Signer> {
  const connection = await hre.network.create();
  const [signer] = await connection.ethers.getSigners();
  if (signer === undefined) throw new MbsError(`network ${connection.networkName} has no account to send from`);
  return signer;
}
