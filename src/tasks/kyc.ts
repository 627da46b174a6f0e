import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";
import type { TaskDefinition } from "hardhat/types/tasks";

/**
 * `mbs kyc …`: the compliance officer's commands on the platform KYC registry (docs/kyc.md).
 * Every command that sends checks first that the signer holds COMPLIANCE_ROLE.
 */
import { FLAGS, OPTIONS } from "./common/options.js";

const registryOption = OPTIONS.registry;
const accountOption = OPTIONS.account;

export const kycTasks: TaskDefinition[] = [
  emptyTask(["mbs", "kyc"], "KYC registry: onboard investors from a file, revoke, freeze, show").build(),
  task(["mbs", "kyc", "onboard"], "Validate an investor CSV and onboard or update its investors in batches (re-runs skip rows already on chain)")
    .addOption(registryOption)
    .addOption(OPTIONS.file("Investor CSV: address,verified_until,country,classes,record_hash (docs/kyc.md)"))
    .addOption({ name: "batchSize", description: "Investors per setInvestors transaction", type: ArgumentType.INT, defaultValue: 100 })
    .addFlag(FLAGS.dryRun)
    .setAction(() => import("./actions/kyc-onboard.js"))
    .build(),
  task(["mbs", "kyc", "revoke"], "Revoke an investor's verification now (the reason's keccak256 goes on chain)")
    .addOption(registryOption)
    .addOption(accountOption)
    .addOption({ name: "reason", description: "Why (recorded on chain as ethers.id(reason), i.e. keccak256 of its UTF-8)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .setAction(() => import("./actions/kyc-revoke.js"))
    .build(),
  task(["mbs", "kyc", "freeze"], "Freeze a wallet on every pool (or lift the freeze with --unfreeze)")
    .addOption(registryOption)
    .addOption(accountOption)
    .addFlag({ name: "unfreeze", description: "Lift the freeze instead" })
    .setAction(() => import("./actions/kyc-freeze.js"))
    .build(),
  task(["mbs", "kyc", "show"], "Show a wallet's KYC record: verified, until, country, classes, frozen")
    .addOption(registryOption)
    .addOption(accountOption)
    .addFlag(FLAGS.json)
    .setAction(() => import("./actions/kyc-show.js"))
    .build(),
];
