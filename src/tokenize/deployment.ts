/**
 * The pool deployment through Ignition, made safe to repeat. On a persistent network Ignition
 * journals every step under `deploy/deployments/<id>/`, so running the same command again with the
 * same deployment id resumes a crashed deployment (each transaction sent once) and, after a
 * completed one, sends nothing and returns the existing contracts. This module turns Ignition's
 * failures into located messages that say which deployment, what happened and what to do, and
 * checks that what Ignition returns really is on this chain.
 */
import path from "node:path";
import type { NetworkConnection } from "hardhat/types/network";

import { buildPoolModule, type PoolModuleSpec } from "../../deploy/modules/Pool.js";
import { MbsError } from "../errors.js";
import { providerLookup, repairJournalFile } from "./journalRepair.js";

/** Where Ignition keeps a deployment's journal, relative to the project (config `paths.ignition`). */
export function journalFolder(deploymentId: string): string {
  return `deploy/deployments/${deploymentId}`;
}

/** The default deployment id: the same deal on the same chain always resumes the same deployment. */
export function defaultDeploymentId(moduleId: string, chainId: bigint): string {
  return `${moduleId}-chain-${chainId}`;
}

/** The pool deployment did not complete (or cannot be trusted); `details.deploymentId` names it. */
export class DeploymentError extends MbsError {}

/** A HardhatError (Ignition's failures), recognised without importing Hardhat's internal errors package. */
function hardhatErrorMessage(error: unknown): string | undefined {
  if (!(error instanceof Error) || error.name !== "HardhatError") return undefined;
  return error.message;
}

/** What to do about an Ignition failure, from the kind of failure its message reports. */
export function ignitionAdvice(message: string, deploymentId: string | undefined): { what: string; advice: string } {
  const id = deploymentId ?? "<id>";
  if (/reconciliation errors/.test(message)) {
    return {
      what: "was started from different inputs (tape, rules, deal, registry, cash or compliance) than this run's",
      advice: `re-run with the original inputs to resume or report it, or give a new deal a new --deployment-id; ` +
        `${journalFolder(id)} records what was deployed`,
    };
  }
  if (/errors in a previous run/.test(message)) {
    return {
      what: "has a step that failed in an earlier run",
      advice: `fix the cause, then clear the failed step with \`npx hardhat ignition wipe ${id} <future id>\` and re-run the same command`,
    };
  }
  if (/validation errors/.test(message)) {
    return { what: "was refused by Ignition before anything was sent", advice: "run `npx hardhat build` and re-run" };
  }
  return {
    what: "stopped before it completed",
    advice: deploymentId === undefined
      ? "on the in-process network nothing persists: fix the cause and run again"
      : `fix the cause (or wait for pending transactions to confirm), then re-run the same command: ` +
        `the journal in ${journalFolder(id)} resumes it, sending each remaining transaction once`,
  };
}

export interface PoolDeployment {
  contracts: Awaited<ReturnType<NetworkConnection["ignition"]["deploy"]>>;
  /** The deployer's transactions mined during this run; 0 when the deployment was already complete. */
  transactionsSent: number;
  /** What was repaired in the journal of a crashed run before resuming it (journalRepair.ts). */
  journalRepairs: string[];
}

export async function deployPool(
  connection: NetworkConnection,
  spec: PoolModuleSpec,
  deployer: string,
  deploymentId: string | undefined,
  /** Hardhat's `paths.ignition` (this project: `deploy/`). */
  ignitionDir: string,
): Promise<PoolDeployment> {
  const provider = connection.ethers.provider;
  const where = `the pool deployment${deploymentId === undefined ? "" : ` "${deploymentId}"`} on ${connection.networkName}`;
  const journalRepairs = deploymentId === undefined
    ? []
    : await repairJournalFile(path.join(ignitionDir, "deployments", deploymentId, "journal.jsonl"), providerLookup(provider));
  const nonceBefore = await provider.getTransactionCount(deployer, "latest");
  let contracts: PoolDeployment["contracts"];
  try {
    contracts = await connection.ignition.deploy(buildPoolModule(spec), { deploymentId, displayUi: false });
  } catch (error) {
    const message = hardhatErrorMessage(error);
    if (message === undefined) throw error;
    const { what, advice } = ignitionAdvice(message, deploymentId);
    throw new DeploymentError(`${where} ${what}: ${advice}.\n${message}`, { deploymentId, network: connection.networkName, ignition: message });
  }
  const transactionsSent = (await provider.getTransactionCount(deployer, "latest")) - nonceBefore;

  // A journal from an earlier chain (a restarted local node) names contracts this chain lacks.
  for (const [key, contract] of Object.entries(contracts)) {
    const address = await contract.getAddress();
    if ((await provider.getCode(address)) === "0x") {
      throw new DeploymentError(
        `${where}: Ignition's journal records ${key} at ${address}, but there is no contract there on this chain ` +
          `(was the node restarted?). Delete ${journalFolder(deploymentId ?? "<id>")} or choose another --deployment-id, then re-run`,
        { deploymentId, network: connection.networkName, key, address },
      );
    }
  }
  return { contracts, transactionsSent, journalRepairs };
}
