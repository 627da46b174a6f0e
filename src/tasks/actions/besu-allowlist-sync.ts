import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { openRegistry } from "../../kyc/registry.js";
import { formatAllowlistSync, syncAllowlist } from "../../network/allowlistSync.js";
import { readOperatorsFile } from "../../network/operators.js";
import { registrySnapshot, type SnapshotProgress } from "../../network/registryInvestors.js";
import { commandChain } from "../common/connect.js";
import { reportingErrors } from "../common/reporter.js";

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

/** Progress on stderr (stdout keeps the report): at most one line per 10 % of each phase. */
function snapshotProgress(sink: { write(text: string): unknown } = process.stderr): (p: SnapshotProgress) => void {
  const printed = { events: -1, records: -1 };
  return (p) => {
    const [done, total] = p.phase === "events" ? [p.blocksDone, p.blocksTotal] : [p.accountsDone, p.accountsTotal];
    const decile = total === 0 ? 10 : Math.floor((done / total) * 10);
    if (decile <= printed[p.phase]) return;
    printed[p.phase] = decile;
    const what = p.phase === "events" ? "registry events" : "investor records";
    const unit = p.phase === "events" ? "blocks" : "wallets";
    sink.write(`${what}: ${decile * 10}%  ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} ${unit}\n`);
  };
}

export default async function besuAllowlistSyncAction(args: AllowlistSyncArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const operators = await readOperatorsFile(args.operators);
    // Reads only: nothing is sent on the chain; the changes go to the Besu nodes' PERM API.
    const chain = await commandChain(hre);
    const registry = await openRegistry(args.registry, chain.signer);
    const snapshot = await registrySnapshot(chain.provider, registry.address, {
      fromBlock: args.fromBlock,
      logsRange: args.logsRange,
      onProgress: snapshotProgress(),
    });
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
