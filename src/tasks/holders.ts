import { emptyTask, task } from "hardhat/config";
import type { TaskDefinition } from "hardhat/types/tasks";

import { ArgumentType } from "hardhat/types/arguments";

import { INVESTOR_CLASS_NAMES } from "../deal/rules.js";
import { FLAGS, OPTIONS } from "./common/options.js";

/**
 * `mbs holders …`: a class token's holders (docs/holders.md). `count` starts the on-chain holder count a token
 * deployed without a holder cap does not keep (ADR 0021), so a cap can then be set; it checks first that the
 * signer holds the token's COMPLIANCE_ROLE. `rules` changes the token's transfer rules (investor classes, minimum
 * holding, holder cap, lockup, blocked countries) in the deal file's units, with the same checks.
 */
export const holdersTasks: TaskDefinition[] = [
  emptyTask(["mbs", "holders"], "A class token's holders: start its on-chain holder count, set its transfer rules").build(),
  task(["mbs", "holders", "count"], "Prove a class token's holders from its Transfer logs (countHolders, one transaction) so it counts them on chain and may take a holder cap; re-runs report the count and send nothing")
    .addOption(OPTIONS.token)
    .addOption(OPTIONS.fromBlock("Block to start reading the token's Transfer logs from: at or before its first mint (its deployment block, or 0)"))
    .addOption(OPTIONS.logsRange)
    .addFlag(FLAGS.dryRun)
    .addFlag(FLAGS.json)
    .setAction(() => import("./actions/holders-count.js"))
    .build(),
  task(["mbs", "holders", "rules"], "Change a class token's transfer rules (setTransferRules); a rule not given keeps its value on chain; rules already in force are reported and nothing is sent")
    .addOption(OPTIONS.token)
    .addOption({ name: "classes", description: `Investor classes that may hold the token, comma-separated (${INVESTOR_CLASS_NAMES.join(", ")})`, type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "minHolding", description: "Minimum holding (lot size) in USD, at most two decimals, e.g. 25000 (0: none)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "maxHolders", description: "Holder cap, e.g. 500 (0: none); needs a minimum holding, and a token that counts its holders (`mbs holders count` first)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "lockupUntil", description: "No secondary transfers before this date, YYYY-MM-DD at 00:00 UTC (none: no lockup)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "blockedCountries", description: "ISO 3166-1 numeric codes whose residents may neither send nor receive, comma-separated, at most 15 (none: no block)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addFlag(FLAGS.dryRun)
    .addFlag(FLAGS.json)
    .setAction(() => import("./actions/holders-rules.js"))
    .build(),
];
