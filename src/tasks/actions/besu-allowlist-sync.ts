import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { openRegistry } from "../../kyc/registry.js";
import { formatAllowlistSync, syncAllowlist } from "../../network/allowlistSync.js";
import { readOperatorsFile } from "../../network/operators.js";
import { registrySnapshot } from "../../network/registryInvestors.js";
import { commandChain } from "../shared/connect.js";
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
    // Reads only: nothing is sent on the chain; the changes go to the Besu nodes' PERM API.
    const chain = await commandChain(hre);
    const registry = await openRegistry(args.registry, chain.signer);
    const snapshot = await registrySnapshot(chain.provider, registry.address, { fromBlock: args.fromBlock, logsRange: args.logsRange });
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
