import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { MbsError } from "../../errors.js";

/**
 * The EVM version the deployable bytecode is compiled for: the `production` profile's (what
 * `ignition deploy` builds), which hardhat.config.ts keeps equal to `EVM_VERSION`.
 */
export function buildEvmTarget(hre: HardhatRuntimeEnvironment): string {
  const profile = hre.config.solidity.profiles.production ?? hre.config.solidity.profiles.default;
  const versions = new Set((profile?.compilers ?? []).map((c) => String(c.settings.evmVersion ?? "")));
  if (versions.size !== 1) throw new MbsError(`the build profile compiles for ${versions.size === 0 ? "no" : "several"} EVM versions (${[...versions].join(", ")}); expected exactly one`);
  return [...versions][0]!;
}
