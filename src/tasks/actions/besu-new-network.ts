import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { InvalidInputError } from "../../errors.js";
import { parseEvmTarget } from "../../network/genesis.js";
import { createNewNetwork, formatNewNetwork } from "../../network/newNetwork.js";
import { readOperatorsFile } from "../../network/operators.js";
import { reportingErrors } from "../common/reporter.js";
import { buildEvmTarget } from "./build-target.js";

interface NewNetworkArgs {
  out: string | undefined;
  operators: string | undefined;
  validators: number;
  rpcNodes: number;
  hosts: string | undefined;
  chainId: number;
  blockPeriod: number;
}

export default async function besuNewNetworkAction(args: NewNetworkArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    if (args.out === undefined) throw new InvalidInputError("--out", "required: the folder to create for the network");
    const result = await createNewNetwork({
      outDir: args.out,
      templateDir: path.join(hre.config.paths.root, "networks", "besu"),
      validators: args.validators,
      rpcNodes: args.rpcNodes,
      ...(args.hosts !== undefined ? { hosts: args.hosts.split(",").map((h) => h.trim()) } : {}),
      chainId: args.chainId,
      evmTarget: parseEvmTarget(buildEvmTarget(hre)),
      blockPeriodSeconds: args.blockPeriod,
      operators: await readOperatorsFile(args.operators),
    });
    console.log(formatNewNetwork(result));
  });
}
