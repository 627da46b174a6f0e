/**
 * The chain a market command runs on, sending from the investor's own account (`--from`: an address
 * among the network's accounts or an index; default the first), through src/chain.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { connectChain, type ChainConnection } from "../chain/index.js";

export function marketChain(hre: HardhatRuntimeEnvironment, from: string | undefined): Promise<ChainConnection> {
  const account = from === undefined ? undefined : /^\d+$/.test(from) ? Number(from) : from;
  return connectChain(hre, { account });
}
