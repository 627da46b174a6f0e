import { VoidSigner, ZeroAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { openRegistry } from "../../kyc/registry.js";
import { formatAllowlistSync, syncAllowlist } from "../../network/allowlistSync.js";
import { readOperatorsFile } from "../../network/operators.js";
import { registrySnapshot } from "../../network/registryInvestors.js";
import { reportingErrors } from "../shared/reporter.js";

interface AllowlistSyncArgs {
  registry: string | undefined;
  operators: string | undefined;
  nodes: string | undefined;
  permissionsFile: string | undefined;
  fromBlock: number;
  logsRange: number;
  maxRemovals: number;
  dryRun: boolean;
}

export default async function besuAllowlistSyncAction(args: AllowlistSyncArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const operators = await readOperatorsFile(args.operators);
    const connection = await hre.network.create();
    // Reading only: no account of the network is needed.
    const reader = new VoidSigner(ZeroAddress, connection.ethers.provider);
    const registry = await openRegistry(args.registry, reader);
    const snapshot = await registrySnapshot(connection.ethers.provider, registry.address, { fromBlock: args.fromBlock, logsRange: args.logsRange });
    const nodes = args.nodes === undefined ? [] : args.nodes.split(",").map((u) => u.trim()).filter((u) => u.length > 0);
    const result = await syncAllowlist(snapshot, operators, {
      nodes,
      ...(args.permissionsFile !== undefined ? { permissionsFile: args.permissionsFile } : {}),
      maxRemovals: args.maxRemovals,
      dryRun: args.dryRun,
    });
    console.log(formatAllowlistSync(result));
  });
}
