import { emptyTask, task } from "hardhat/config";
import type { TaskDefinition } from "hardhat/types/tasks";

import { FLAGS, OPTIONS } from "./common/options.js";

/**
 * `mbs holders …`: a class token's holders (docs/holders.md). `count` starts the on-chain holder count a token
 * deployed without a holder cap does not keep (ADR 0021), so a cap can then be set; it checks first that the
 * signer holds the token's COMPLIANCE_ROLE.
 */
export const holdersTasks: TaskDefinition[] = [
  emptyTask(["mbs", "holders"], "A class token's holders: start its on-chain holder count").build(),
  task(["mbs", "holders", "count"], "Prove a class token's holders from its Transfer logs (countHolders, one transaction) so it counts them on chain and may take a holder cap; re-runs report the count and send nothing")
    .addOption(OPTIONS.token)
    .addOption(OPTIONS.fromBlock("Block to start reading the token's Transfer logs from: at or before its first mint (its deployment block, or 0)"))
    .addOption(OPTIONS.logsRange)
    .addFlag(FLAGS.dryRun)
    .addFlag(FLAGS.json)
    .setAction(() => import("./actions/holders-count.js"))
    .build(),
];
