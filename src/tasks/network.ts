import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";
import type { TaskDefinition } from "hardhat/types/tasks";

import { MBS_CHAIN_ID } from "../network/constants.js";
import { OPTIONS } from "./common/options.js";

/**
 * Operating the permissioned network (docs/besu-runbook.md):
 * `mbs besu new-network` (keys, genesis, per-node configs), `mbs besu allowlist-sync` (account
 * allowlist = KYC-verified investors + operators) and `mbs preflight` (checks before any deployment).
 */
const registryOption = { name: "registry", description: "Address of the platform KYC registry", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined } as const;

export const networkTasks: TaskDefinition[] = [
  emptyTask(["mbs", "besu"], "Hyperledger Besu QBFT network: generate a network, keep the account allowlist in step with KYC").build(),
  task(["mbs", "besu", "new-network"], "Generate validator keys, the QBFT genesis (extraData, London milestones, free gas), per-node config.toml and permissions files")
    .addOption({ name: "out", description: "Folder to create (must not exist or be empty; it will hold private keys)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "operators", description: "JSON file of operator addresses allowed to send from block 1 (networks/besu/operators.example.json)", type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "validators", description: "Number of QBFT validators (at least 4)", type: ArgumentType.INT, defaultValue: 4 })
    .addOption({ name: "rpcNodes", description: "Number of non-validator RPC nodes for applications", type: ArgumentType.INT, defaultValue: 1 })
    .addOption({ name: "hosts", description: "Comma-separated host per node, validators first (default: all on 127.0.0.1, distinct ports)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "chainId", description: "Chain id of the new network", type: ArgumentType.INT, defaultValue: MBS_CHAIN_ID })
    .addOption({ name: "blockPeriod", description: "Seconds between blocks (QBFT blockperiodseconds; the round timeout is twice this)", type: ArgumentType.INT, defaultValue: 2 })
    .setAction(() => import("./actions/besu-new-network.js"))
    .build(),
  task(["mbs", "besu", "allowlist-sync"], "Make Besu's account allowlist = KYC-verified investors (onboarded, unexpired, unfrozen) + operators, over the PERM API and as a permissions file")
    .addOption(registryOption)
    .addOption({ name: "operators", description: "JSON file of operator addresses that must always be allowed (networks/besu/operators.example.json)", type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "nodes", description: "Comma-separated JSON-RPC URLs of the Besu nodes to update through perm_* (each node keeps its own allowlist)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "permissionsFile", description: "permissions_config.toml to write with the same accounts (its nodes-allowlist is kept)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "fromBlock", description: "Block to start reading registry events from (the registry's deployment block)", type: ArgumentType.INT, defaultValue: 0 })
    .addOption(OPTIONS.logsRange)
    .addOption({ name: "maxRemovals", description: "Refuse (send nothing) if more accounts than this would be removed from a node", type: ArgumentType.INT, defaultValue: 50 })
    .addFlag({ name: "dryRun", description: "Show what would change; change nothing" })
    .setAction(() => import("./actions/besu-allowlist-sync.js"))
    .build(),
  task(["mbs", "preflight"], "Check the network before any deployment: chain id, fork vs the build's EVM target, gas price and base fee, roles, code sizes, block gas limit")
    .addOption({ name: "chainId", description: "Chain id the deployment is meant for", type: ArgumentType.INT, defaultValue: MBS_CHAIN_ID })
    .addOption(registryOption)
    .addOption({ name: "admin", description: "Account that must hold DEFAULT_ADMIN_ROLE on the registry (default: the deployer)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "compliance", description: "Account that must hold COMPLIANCE_ROLE on the registry (default: the deployer)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addFlag({ name: "json", description: "Print the checks as JSON" })
    .setAction(() => import("./actions/preflight.js"))
    .build(),
];
