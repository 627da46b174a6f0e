import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { connectChain, type ChainConnection } from "../../chain/index.js";

/**
 * The chain every command runs on: the `--network`'s connection through src/chain, sending from
 * the network's first account with the network's fee policy (zero-gas chains: legacy, gas price 0).
 */
export async function commandChain(hre: HardhatRuntimeEnvironment): Promise<ChainConnection> {
  return connectChain(hre);
}
