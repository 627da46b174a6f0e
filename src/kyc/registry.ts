/**
 * The KYC registry as the `mbs kyc` commands use it: an address checked to be a KycRegistry on
 * the connected chain, the signer's COMPLIANCE_ROLE checked before anything is sent, and typed
 * reads of one investor's record.
 */
import { Contract, ZeroAddress, getAddress, isAddress, type Provider, type Signer } from "ethers";

import { InvalidInputError, MbsError } from "../errors.js";
import type { InvestorRecord } from "../tokenize/dealChecks.js";

/**
 * The functions and errors the commands use (test/kyc/registry.test.ts checks them against the
 * compiled contract). Human-readable, so the commands load without compiled artifacts; the errors
 * are listed so a revert is reported by name with its values.
 */
export const KYC_REGISTRY_ABI = [
  "function COMPLIANCE_ROLE() view returns (bytes32)",
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "function investor(address account) view returns (tuple(uint64 verifiedUntil, uint16 country, uint8 classes, bool frozen))",
  "function isVerified(address account) view returns (bool)",
  "function setInvestors(tuple(address account, uint64 verifiedUntil, uint16 country, uint8 classes, bytes32 recordHash)[] updates)",
  "function revoke(address account, bytes32 reason)",
  "function setFrozen(address account, bool frozen)",
  "error KycZeroAddress()",
  "error KycExpiryInPast(address account, uint64 verifiedUntil, uint256 nowTimestamp)",
  "error KycInvalidClasses(address account, uint8 classes)",
  "error KycUnknownInvestor(address account)",
  "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
] as const;

export interface KycRegistryHandle {
  address: string;
  contract: Contract;
  chainId: bigint;
  provider: Provider;
}

/** The signer's provider, or a clear error (a signer without one cannot read the chain). */
export function providerOf(signer: Signer): Provider {
  if (signer.provider === null) throw new MbsError("the signer is not connected to a network");
  return signer.provider;
}

/** Checks `address` is a KycRegistry on the chain `runner` reads (`input` names the option in errors). */
export async function openRegistry(address: string | undefined, runner: Signer, input = "--registry"): Promise<KycRegistryHandle> {
  if (address === undefined) throw new InvalidInputError(input, "required: the address of the KYC registry");
  if (!isAddress(address)) throw new InvalidInputError(input, `"${address}" is not an address`);
  const checksummed = getAddress(address);
  const provider = providerOf(runner);
  const chainId = (await provider.getNetwork()).chainId;
  if ((await provider.getCode(checksummed)) === "0x") {
    throw new InvalidInputError(input, `no contract at ${checksummed} on chain ${chainId}`);
  }
  const contract = new Contract(checksummed, KYC_REGISTRY_ABI, runner);
  try {
    await contract.getFunction("COMPLIANCE_ROLE").staticCall();
  } catch {
    throw new InvalidInputError(input, `the contract at ${checksummed} on chain ${chainId} is not a KycRegistry (it has no COMPLIANCE_ROLE)`);
  }
  return { address: checksummed, contract, chainId, provider };
}

/** The signer lacks the role a command needs. */
export class MissingRoleError extends MbsError {
  constructor(
    readonly account: string,
    readonly role: string,
    readonly roleId: string,
    readonly contractAddress: string,
  ) {
    super(
      `account ${account} does not hold ${role} on the KYC registry at ${contractAddress}; ` +
        `an admin must grantRole(${role} = ${roleId}, ${account}), or run with the compliance account`,
      { account, role, roleId, contract: contractAddress },
    );
  }
}

/** Throws MissingRoleError unless `account` may onboard, revoke and freeze. */
export async function requireComplianceRole(registry: KycRegistryHandle, account: string): Promise<void> {
  const roleId = String(await registry.contract.getFunction("COMPLIANCE_ROLE").staticCall());
  const holds = Boolean(await registry.contract.getFunction("hasRole").staticCall(roleId, account));
  if (!holds) throw new MissingRoleError(account, "COMPLIANCE_ROLE", roleId, registry.address);
}

/** One investor's stored record (all zero if never onboarded). */
export async function readInvestor(registry: KycRegistryHandle, account: string): Promise<InvestorRecord> {
  const row = (await registry.contract.getFunction("investor").staticCall(account)) as {
    verifiedUntil: bigint;
    country: bigint;
    classes: bigint;
    frozen: boolean;
  };
  return { verifiedUntil: row.verifiedUntil, country: Number(row.country), classes: Number(row.classes), frozen: row.frozen };
}

/** The latest block's time: what "in the past" means for expiries (not this machine's clock). */
export async function chainTime(provider: Provider): Promise<bigint> {
  const block = await provider.getBlock("latest");
  if (block === null) throw new MbsError("the node returned no latest block");
  return BigInt(block.timestamp);
}

/** `--account`: a non-zero address. */
export function parseAccountOption(value: string | undefined, input = "--account"): string {
  if (value === undefined) throw new InvalidInputError(input, "required: the investor's wallet address");
  if (!isAddress(value)) throw new InvalidInputError(input, `"${value}" is not an address (or has a bad checksum)`);
  const account = getAddress(value);
  if (account === ZeroAddress) throw new InvalidInputError(input, "the zero address cannot be an investor");
  return account;
}
