/**
 * A class token as `mbs holders` uses it: the address checked to be a PoolToken on the connected chain
 * (src/chain's opener, probing `isHolderCountTracked()`), the signer's COMPLIANCE_ROLE checked before
 * anything is sent, and the token's errors for decoding a refused proof by name.
 */
import { Interface, type Signer } from "ethers";

import { openContract, requireRole, waitUntilSettled, type OpenedContract } from "../chain/index.js";

/**
 * The functions, events and errors the command uses (IPoolToken; test/holders/count.network.test.ts checks
 * them against the compiled contract). Human-readable, so the command loads without compiled artifacts.
 */
export const HOLDER_COUNT_ABI = [
  "function COMPLIANCE_ROLE() view returns (bytes32)",
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "function symbol() view returns (string)",
  "function decimals() view returns (uint8)",
  "function totalSupply() view returns (uint256)",
  "function balanceOf(address account) view returns (uint256)",
  "function isHolderCountTracked() view returns (bool)",
  "function holderCount() view returns (uint256)",
  "function countHolders(address[] holders)",
  "event Transfer(address indexed from, address indexed to, uint256 value)",
  "event HolderCountingStarted(uint256 holders)",
  "error TokenHolderCountNotTracked()",
  "error TokenHolderCountAlreadyTracked()",
  "error TokenHolderProofNotAscending(uint256 index, address holder)",
  "error TokenHolderProofZeroBalance(uint256 index, address holder)",
  "error TokenHolderProofIncomplete(uint256 listedBalance, uint256 totalSupply)",
  "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
] as const;

export const HOLDER_COUNT_INTERFACE = new Interface(HOLDER_COUNT_ABI);

const RULES_TUPLE = "tuple(uint8 allowedClasses, uint96 minHolding, uint32 maxHolders, uint40 lockupUntil, uint16[] blockedCountries)";

/** What `mbs holders rules` adds (ITransferRestrictions, IPoolToken.faceCap); checked against the compiled contract too. */
export const TRANSFER_RULES_ABI = [
  "function faceCap() view returns (uint256)",
  `function transferRules() view returns (${RULES_TUPLE})`,
  `function setTransferRules(${RULES_TUPLE} rules)`,
  "event TransferRulesUpdated(uint8 allowedClasses, uint96 minHolding, uint32 maxHolders, uint40 lockupUntil, uint16[] blockedCountries)",
  "error TokenRulesUnchanged()",
  "error TokenHolderCapWithoutLotSize(uint32 maxHolders)",
  "error TokenTooManyBlockedCountries(uint256 count, uint256 max)",
  "error TokenInvalidCountryCode(uint16 country)",
] as const;

/** Everything `mbs holders …` calls on a class token, and every error it decodes. */
export const CLASS_TOKEN_ABI = [...HOLDER_COUNT_ABI, ...TRANSFER_RULES_ABI] as const;
export const CLASS_TOKEN_INTERFACE = new Interface(CLASS_TOKEN_ABI);

export interface ClassToken extends OpenedContract {
  symbol: string;
  decimals: number;
  /** "the class token MBS26A at 0x…", as messages name it. */
  label: string;
}

/** Checks `address` is a PoolToken on the chain `signer` reads (`input` names the option in errors). */
export async function openClassToken(address: string | undefined, signer: Signer, input = "--token"): Promise<ClassToken> {
  const opened = await openContract({ address, abi: CLASS_TOKEN_ABI, runner: signer, input, kind: "PoolToken", probe: "isHolderCountTracked" });
  const [symbol, decimals] = await Promise.all([
    opened.contract.getFunction("symbol").staticCall() as Promise<string>,
    opened.contract.getFunction("decimals").staticCall() as Promise<bigint>,
  ]);
  return { ...opened, symbol, decimals: Number(decimals), label: `the class token ${symbol} at ${opened.address}` };
}

/** Throws MissingRoleError unless `account` may prove the holders (and set the cap that needs them). */
export async function requireTokenCompliance(token: ClassToken, account: string): Promise<void> {
  await requireRole(token, "COMPLIANCE_ROLE", account, `the class token ${token.symbol}`);
}

/**
 * The class token at `address`, opened for a compliance change by `signer`: a PoolToken, the signer holding its
 * COMPLIANCE_ROLE, and none of the signer's own transactions still pending (a run that crashed after sending must
 * be mined before the command compares the chain with what it would send, so a re-run finishes exactly once).
 */
export async function openForCompliance(address: string | undefined, signer: Signer): Promise<{ token: ClassToken; account: string }> {
  const token = await openClassToken(address, signer);
  const account = await signer.getAddress();
  await requireTokenCompliance(token, account);
  const provider = token.provider;
  const [mined, pending] = await Promise.all([provider.getTransactionCount(account, "latest"), provider.getTransactionCount(account, "pending")]);
  if (pending > mined) await waitUntilSettled(provider, account, { confirmations: 1 });
  return { token, account };
}
