/**
 * Deployments through Hardhat Ignition, made safe to repeat. On a persistent network Ignition
 * journals every step under `<paths.ignition>/deployments/<id>/`, so running the same command again
 * with the same deployment id resumes a crashed deployment (each transaction sent once) and, after
 * a completed one, sends nothing and returns the existing contracts. This module repairs the
 * journal a killed process leaves (journalRepair.ts), waits until the deployer's earlier
 * transactions are confirmed as Ignition requires, turns Ignition's failures into messages that say
 * which deployment, what happened and what to do, and checks that what Ignition returns really is
 * on this chain.
 */
import path from "node:path";
import type { IgnitionModule, IgnitionModuleResult } from "@nomicfoundation/ignition-core";
import type { NetworkConnection } from "hardhat/types/network";

import { MbsError } from "../../errors.js";
import { waitUntilSettled } from "../send.js";
import { installFaultInjection } from "./faults.js";
import { providerLookup, repairJournalFile } from "./journalRepair.js";

/** Where Ignition keeps a deployment's journal, relative to the project (config `paths.ignition`). */
export function journalFolder(deploymentId: string): string {
  return `deploy/deployments/${deploymentId}`;
}

/** The default deployment id: the same module on the same chain always resumes the same deployment. */
export function defaultDeploymentId(moduleId: string, chainId: bigint): string {
  return `${moduleId}-chain-${chainId}`;
}

/** The deployment did not complete (or cannot be trusted); `details.deploymentId` names it. */
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
  if (/interfere with Hardhat Ignition|wait until they get/.test(message)) {
    return {
      what: "found transactions of the deployer that are not yet confirmed",
      advice: "wait until they are confirmed (a few blocks), then re-run the same command",
    };
  }
  return {
    what: "stopped before it completed",
    advice: deploymentId === undefined
      ? "on the in-process network nothing persists: fix the cause and run again"
      : `fix the cause (or wait for pending transactions to confirm), then re-run the same command: ` +
        `the journal in ${journalFolder(id)} resumes it, sending each remaining transaction once`,
  };
}

export interface DeployOptions {
  /** Undefined on the in-process network (nothing to resume there). */
  deploymentId: string | undefined;
  /** Hardhat's `paths.ignition` (this project: `deploy/`). */
  ignitionDir: string;
  /** The account Ignition sends from (its account 0). */
  deployer: string;
  /** Confirmations Ignition requires of the deployer's earlier transactions (ChainConnection.confirmations). */
  confirmations: number;
  /** What is deployed, for messages: "the pool deployment". */
  label?: string;
  /** Told each journal repair as it is made, before the deployment resumes. */
  onRepair?: (repair: string) => void;
}

export interface ModuleDeployment<R> {
  contracts: R;
  /** The deployer's transactions mined during this run; 0 when the deployment was already complete. */
  transactionsSent: number;
  /** What was repaired in the journal of a crashed run before resuming it (journalRepair.ts). */
  journalRepairs: string[];
}

type Deployed = Awaited<ReturnType<NetworkConnection["ignition"]["deploy"]>>;

/** Deploys (or resumes, or reports) `module` under `deploymentId`. */
export async function deployModule<M extends IgnitionModule<string, string, IgnitionModuleResult<string>>>(
  connection: NetworkConnection,
  module: M,
  options: DeployOptions,
): Promise<ModuleDeployment<Deployed>> {
  const provider = connection.ethers.provider;
  const { deploymentId } = options;
  const where = `${options.label ?? "the deployment"}${deploymentId === undefined ? "" : ` "${deploymentId}"`} on ${connection.networkName}`;
  const journal = deploymentId === undefined ? undefined : path.join(options.ignitionDir, "deployments", deploymentId, "journal.jsonl");
  const journalRepairs = journal === undefined ? [] : await repairJournalFile(journal, providerLookup(provider));
  journalRepairs.forEach((repair) => options.onRepair?.(repair));
  // Ignition refuses to start while the deployer has transactions without enough confirmations
  // (HHE10402): on a chain with real block times, the command right after another waits for them.
  await waitUntilSettled(provider, options.deployer, { confirmations: options.confirmations });
  const nonceBefore = await provider.getTransactionCount(options.deployer, "latest");
  if (journal !== undefined) installFaultInjection(connection, journal);
  let contracts: Deployed;
  try {
    contracts = await connection.ignition.deploy(module, { deploymentId, displayUi: false });
  } catch (error) {
    const message = hardhatErrorMessage(error);
    if (message === undefined) throw error;
    const { what, advice } = ignitionAdvice(message, deploymentId);
    throw new DeploymentError(`${where} ${what}: ${advice}.\n${message}`, { deploymentId, network: connection.networkName, ignition: message });
  }
  const transactionsSent = (await provider.getTransactionCount(options.deployer, "latest")) - nonceBefore;

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
