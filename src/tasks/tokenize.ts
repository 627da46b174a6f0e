import { task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";
import type { TaskDefinition } from "hardhat/types/tasks";

import { FLAGS, OPTIONS } from "./shared/options.js";

/**
 * `mbs validate`: tape + rules + deal checked together and the pool report printed, no chain.
 * `mbs tokenize`: tape + rules + deal → a deployed pool with its classes in investors' wallets.
 * `mbs proof`: one committed loan's Merkle proof, checked against the deployed pool.
 */
export const tokenizeTasks: TaskDefinition[] = [
  task(["mbs", "validate"], "Check a loan tape, rule file and deal file together and print the pool report, with no chain at all")
    .addOption({ name: "tape", description: "Loan tape file (generic CSV/TSV, Fannie Mae or Freddie Mac layouts)", type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "rules", description: "Eligibility rule file (JSON, see examples/rules/)", type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "deal", description: "Deal file (JSON, see docs/deal-file.md)", type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "format", description: "Tape layout: auto, generic, fannie-legacy, fannie or freddie", type: ArgumentType.STRING, defaultValue: "auto" })
    .addOption({ name: "performance", description: "Monthly performance (servicing) file of a fannie-legacy or freddie tape: actual balances at the cut-off instead of projected ones", type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined })
    .addFlag({ name: "excludeInvalid", description: "Leave invalid tape rows out (listed) instead of refusing the tape" })
    .addFlag({ name: "brief", description: "Skip the statistics and stratification report; print only the summary" })
    .setAction(() => import("./actions/validate.js"))
    .build(),
  task(["mbs", "tokenize"], "Validate a loan tape, apply eligibility rules, commit it on chain and deploy the deal's classes")
    .addOption({ name: "tape", description: "Loan tape file (generic CSV/TSV, Fannie Mae or Freddie Mac layouts)", type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "rules", description: "Eligibility rule file (JSON, see examples/rules/)", type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "deal", description: "Deal file (JSON, see docs/deal-file.md)", type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "format", description: "Tape layout: auto, generic, fannie-legacy, fannie or freddie", type: ArgumentType.STRING, defaultValue: "auto" })
    .addOption(OPTIONS.out("the manifest (default manifests/<deal>.<network>.json)"))
    .addOption({ ...OPTIONS.registry, description: `${OPTIONS.registry.description} (investors must be onboarded there)` })
    .addOption({ name: "cash", description: "Settlement stablecoin address (omit on a local chain to deploy the test stablecoin)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "compliance", description: "Holder of the classes' compliance and pauser roles (default: the deployer)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption(OPTIONS.deploymentId("Pool_<deal id>-chain-<chain id>"))
    .addOption({ name: "performance", description: "Monthly performance (servicing) file of a fannie-legacy or freddie tape: actual balances at the cut-off instead of projected ones", type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined })
    .addFlag({ name: "excludeInvalid", description: "Leave invalid tape rows out (listed in the manifest) instead of refusing the tape" })
    .addFlag({ name: "dryRun", description: "Validate tape, rules and deal and print the report (as `mbs validate`): no chain, nothing sent" })
    .addFlag({ ...FLAGS.brief, description: "Skip the statistics and stratification report; print only the summary" })
    .setAction(() => import("./actions/tokenize.js"))
    .build(),
  task(["mbs", "proof"], "Print a committed loan's Merkle proof and verify it against the deployed pool")
    .addOption(OPTIONS.manifest)
    .addOption({ name: "loan", description: "Loan id as on the tape", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addFlag({ name: "json", description: "Print JSON (labelled fields, raw leaf values, hashes) instead of the readable proof" })
    .setAction(() => import("./actions/proof.js"))
    .build(),
];
