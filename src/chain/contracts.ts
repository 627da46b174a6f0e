/**
 * Opening a deployed contract: the address is checked to be an address, to hold code on the
 * connected chain, and (with a probe) to answer like the kind of contract expected, before anything
 * is read from it or sent to it — so a wrong or stale address fails with the option's name, the
 * address and the chain, not with "could not decode result data".
 */
import { Contract, ZeroAddress, getAddress, isAddress, type ContractRunner, type InterfaceAbi, type Provider } from "ethers";

import { InvalidInputError, MbsError } from "../errors.js";
import { MissingRoleError } from "./errors.js";

export interface OpenContractOptions {
  /** The address the user gave (undefined = not given). */
  address: string | undefined;
  abi: InterfaceAbi;
  /** Signer (to send) or provider (to read); must be connected. */
  runner: ContractRunner;
  /** The option or field that gave the address, for messages: "--registry", "manifest contracts.loanPool". */
  input: string;
  /** What the contract should be, for messages: "KycRegistry". */
  kind: string;
  /** A view function with no arguments the contract must answer (e.g. "COMPLIANCE_ROLE"). */
  probe?: string;
}

export interface OpenedContract {
  address: string;
  contract: Contract;
  chainId: bigint;
  provider: Provider;
}

/** The runner's provider, or a clear error (a runner without one cannot read the chain). */
export function providerOf(runner: ContractRunner): Provider {
  const provider = runner.provider;
  if (provider === null || provider === undefined) throw new MbsError("the signer is not connected to a network");
  return provider;
}

/** A checksummed address from user input, or an InvalidInputError naming the input. */
export function parseAddress(value: string | undefined, input: string, what = "an address"): string {
  if (value === undefined) throw new InvalidInputError(input, `required: ${what}`);
  if (!isAddress(value)) throw new InvalidInputError(input, `"${value}" is not an address (or has a bad checksum)`);
  return getAddress(value);
}

/** A non-zero checksummed account address from user input. */
export function parseAccount(value: string | undefined, input: string, what = "the wallet address"): string {
  const account = parseAddress(value, input, what);
  if (account === ZeroAddress) throw new InvalidInputError(input, "the zero address cannot be used here");
  return account;
}

/** Checks code (and the probe) at the address and returns a contract bound to `runner`. */
export async function openContract(options: OpenContractOptions): Promise<OpenedContract> {
  const address = parseAddress(options.address, options.input, `the address of the ${options.kind}`);
  const provider = providerOf(options.runner);
  const chainId = (await provider.getNetwork()).chainId;
  if ((await provider.getCode(address)) === "0x") {
    throw new InvalidInputError(options.input, `no contract at ${address} on chain ${chainId}`);
  }
  const contract = new Contract(address, options.abi, options.runner);
  if (options.probe !== undefined) {
    try {
      await contract.getFunction(options.probe).staticCall();
    } catch {
      throw new InvalidInputError(options.input, `the contract at ${address} is not ${/^(ERC|[AEIOU])/i.test(options.kind) ? "an" : "a"} ${options.kind} (it does not answer ${options.probe}()) on chain ${chainId}`);
    }
  }
  return { address, contract, chainId, provider };
}

/**
 * Throws MissingRoleError unless `account` holds the AccessControl role `roleName` (a bytes32
 * constant function of the contract, e.g. "COMPLIANCE_ROLE"); checked before anything is sent.
 */
export async function requireRole(opened: OpenedContract, roleName: string, account: string, label: string): Promise<void> {
  const roleId = String(await opened.contract.getFunction(roleName).staticCall());
  const holds = Boolean(await opened.contract.getFunction("hasRole").staticCall(roleId, account));
  if (!holds) throw new MissingRoleError(account, roleName, roleId, opened.address, label);
}

/** The latest block's time: what "now" means for expiries on chain (not this machine's clock). */
export async function chainTime(provider: Provider): Promise<bigint> {
  const block = await provider.getBlock("latest");
  if (block === null) throw new MbsError("the node returned no latest block");
  return BigInt(block.timestamp);
}
