import { task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";
import type { TaskDefinition } from "hardhat/types/tasks";

import { FLAGS, OPTIONS } from "./common/options.js";

/** The inputs `validate` and `tokenize` share. */
const TAPE = { name: "tape", description: "Loan tape file (generic CSV/TSV, Fannie Mae or Freddie Mac layouts)", type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined } as const;
const RULES = { name: "rules", description: "Eligibility rule file (JSON, see examples/rules/)", type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined } as const;
const DEAL = { name: "deal", description: "Deal file (JSON, see docs/deal-file.md)", type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined } as const;
const FORMAT = { name: "format", description: "Tape layout: auto, generic, fannie-legacy, fannie or freddie", type: ArgumentType.STRING, defaultValue: "auto" } as const;
const PERFORMANCE = {
  name: "performance",
  description: "Monthly performance (servicing) file of a fannie-legacy or freddie tape: actual balances at the cut-off instead of projected ones",
  type: ArgumentType.FILE_WITHOUT_DEFAULT,
  defaultValue: undefined,
} as const;
const BRIEF = { ...FLAGS.brief, description: "Skip the statistics and stratification report; print only the summary" };

/**
 * `mbs validate`: tape + rules + deal checked together and the pool report printed, no chain.
 * `mbs tokenize`: tape + rules + deal → a deployed pool with its classes in investors' wallets.
 * `mbs proof`: one committed loan's Merkle proof, checked against the deployed pool.
 */
export const tokenizeTasks: TaskDefinition[] = [
  task(["mbs", "validate"], "Check a loan tape, rule file and deal file together and print the pool report, with no chain at all")
    .addOption(TAPE)
    .addOption(RULES)
    .addOption(DEAL)
    .addOption(FORMAT)
    .addOption(PERFORMANCE)
    .addFlag({ name: "excludeInvalid", description: "Leave invalid tape rows out (listed) instead of refusing the tape" })
    .addFlag(BRIEF)
    .setAction(() => import("./actions/validate.js"))
    .build(),
  task(["mbs", "tokenize"], "Validate a loan tape, apply eligibility rules, commit it on chain and deploy the deal's classes")
    .addOption(TAPE)
    .addOption(RULES)
    .addOption(DEAL)
    .addOption(FORMAT)
    .addOption(OPTIONS.out("the manifest (default manifests/<--deployment-id, else Pool_<deal id>>.<network>.json)"))
    .addOption({ ...OPTIONS.registry, description: `${OPTIONS.registry.description} (investors must be onboarded there; on the in-process network, omit it to deploy a platform for the run)` })
    .addOption({ name: "cash", description: "Settlement stablecoin address (omit on a local chain to deploy the test stablecoin)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "compliance", description: "Holder of the classes' compliance and pauser roles (default: the deployer)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption(OPTIONS.deploymentId("Pool_<deal id>-chain-<chain id>"))
    .addOption(PERFORMANCE)
    .addFlag({ name: "excludeInvalid", description: "Leave invalid tape rows out (listed in the manifest) instead of refusing the tape" })
    .addFlag({ ...FLAGS.dryRun, description: "Validate tape, rules and deal and print the report (as `mbs validate`): no chain, nothing sent" })
    .addFlag(BRIEF)
    .setAction(() => import("./actions/tokenize.js"))
    .build(),
  task(["mbs", "proof"], "Print a committed loan's Merkle proof and verify it against the deployed pool")
    .addOption(OPTIONS.manifest)
    .addOption({ name: "loan", description: "Loan id as on the tape", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addFlag({ ...FLAGS.json, description: "Print JSON (labelled fields, raw leaf values, hashes) instead of the readable proof" })
    .setAction(() => import("./actions/proof.js"))
    .build(),
];
