/**
 * Connecting to the network a command runs on: the provider, the account it sends from, the fee
 * policy every transaction follows, and how many confirmations a step waits for before the next
 * builds on it.
 */
import type { Provider, Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";

import { ChainError } from "./errors.js";
import { detectFeePolicy, type FeePolicy } from "./fees.js";
import { FeePolicySigner } from "./signer.js";

/** Chain id of Hardhat's in-process network and of `hardhat node` / anvil by default. */
export const LOCAL_CHAIN_ID = 31337n;

/** Hardhat Ignition's `requiredConfirmations` when the config sets none (ignition-core's default). */
export const IGNITION_DEFAULT_CONFIRMATIONS = 5;

export interface ChainConnection {
  /** Hardhat's connection (Ignition and typed contract factories hang off it). */
  connection: NetworkConnection;
  networkName: string;
  chainId: bigint;
  provider: Provider;
  /** The account commands send from, with the fee policy applied to everything it sends. */
  signer: FeePolicySigner;
  /** Its address. */
  account: string;
  fees: FeePolicy;
  /** True for Hardhat's in-process network: nothing persists after the process. */
  inProcess: boolean;
  /**
   * Confirmations a command waits for before building on a transaction: Hardhat Ignition's
   * `requiredConfirmations` on a chain with real block times, 1 on an automining node.
   */
  confirmations: number;
}

export interface ConnectOptions {
  /** The account to send from: an address among the network's accounts, or an index (default 0). */
  account?: string | number;
}

/** Whether the node mines a block per transaction (anvil, hardhat node by default) or on a clock. */
async function automines(connection: NetworkConnection): Promise<boolean> {
  if (connection.networkConfig.type === "edr-simulated") return true;
  for (const method of ["hardhat_getAutomine", "anvil_getAutomine"]) {
    try {
      return Boolean(await connection.provider.request({ method, params: [] }));
    } catch {
      /* not this kind of node */
    }
  }
  return false; // Besu, Geth: blocks come on their own schedule
}

/** Picks the signer among the network's accounts. */
async function chooseSigner(connection: NetworkConnection, choice: string | number | undefined): Promise<Signer> {
  const signers = await connection.ethers.getSigners();
  if (signers.length === 0) throw new ChainError(`network ${connection.networkName} has no account to send from (configure its accounts)`);
  if (choice === undefined) return signers[0]!;
  if (typeof choice === "number") {
    const chosen = signers[choice];
    if (chosen === undefined) throw new ChainError(`network ${connection.networkName} has ${signers.length} account(s); there is no account #${choice}`);
    return chosen;
  }
  const chosen = signers.find((s) => s.address.toLowerCase() === choice.toLowerCase());
  if (chosen === undefined) throw new ChainError(`account ${choice} is not one of network ${connection.networkName}'s accounts`, { account: choice });
  return chosen;
}

/** Wraps an existing Hardhat connection (tests, or a command that already made one). */
export async function fromConnection(connection: NetworkConnection, requiredConfirmations: number, options: ConnectOptions = {}): Promise<ChainConnection> {
  const provider = connection.ethers.provider;
  const inner = await chooseSigner(connection, options.account);
  const configured = connection.networkConfig.gasPrice;
  const account = await inner.getAddress();
  const fees = await detectFeePolicy(provider, typeof configured === "bigint" ? configured : undefined);
  const chainId = (await provider.getNetwork()).chainId;
  const inProcess = connection.networkConfig.type === "edr-simulated";
  const confirmations = (await automines(connection)) ? 1 : Math.max(1, requiredConfirmations);
  return {
    connection,
    networkName: connection.networkName,
    chainId,
    provider,
    signer: new FeePolicySigner(inner, fees),
    account,
    fees,
    inProcess,
    confirmations,
  };
}

/** Connects to the network the command was started with (`--network`). */
export async function connectChain(hre: HardhatRuntimeEnvironment, options: ConnectOptions = {}): Promise<ChainConnection> {
  const connection = await hre.network.create();
  return fromConnection(connection, hre.config.ignition.requiredConfirmations ?? IGNITION_DEFAULT_CONFIRMATIONS, options);
}
