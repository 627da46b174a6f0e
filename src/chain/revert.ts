/**
 * Revert data → the project's own words: a custom error by name with its named values
 * (`KycExpiryInPast(account=0x…, verifiedUntil=5, nowTimestamp=7)`), a transfer restriction with
 * its reason code's English message, `Error(string)` and `Panic(uint256)` as Solidity means them.
 */
import { Interface, isError, type InterfaceAbi, type Result } from "ethers";

/**
 * `ITransferRestrictions.Restriction`, by code, with the English sentence of
 * contracts/token/RestrictionMessages.sol (test/chain/revert.network.test.ts checks both against the contracts).
 */
export const RESTRICTIONS = [
  ["None", "The transfer is allowed."],
  ["Paused", "The token is paused: no transfers for now."],
  ["SenderNotVerified", "The sender has no valid KYC verification."],
  ["SenderKycExpired", "The sender's KYC verification has expired."],
  ["SenderFrozen", "The sender's account is frozen."],
  ["RecipientNotVerified", "The recipient has no valid KYC verification."],
  ["RecipientKycExpired", "The recipient's KYC verification has expired."],
  ["RecipientFrozen", "The recipient's account is frozen."],
  ["RecipientClassNotAllowed", "The recipient's investor class may not hold this token."],
  ["SenderCountryBlocked", "The sender's country is blocked for this token."],
  ["RecipientCountryBlocked", "The recipient's country is blocked for this token."],
  ["InsufficientBalance", "The sender's balance is too small."],
  ["InsufficientUnfrozenBalance", "Part of the sender's balance is frozen or locked in escrow; the free balance is too small."],
  ["BelowMinimumHolding", "A holding would fall below the minimum lot size (a balance must be zero or at least the minimum)."],
  ["HolderLimitReached", "The token has reached its maximum number of holders."],
  ["LockupActive", "The lockup period has not ended yet."],
  ["InvalidRecipient", "The recipient is the zero address or the token itself."],
  ["SpenderFrozen", "The spender (the address moving the tokens under an allowance) is frozen."],
] as const;

/** "SenderKycExpired: The sender's KYC verification has expired." for code 3. */
export function describeRestriction(code: number | bigint): string {
  const entry = RESTRICTIONS[Number(code)];
  return entry === undefined ? `unknown restriction code ${code}` : `${entry[0]}: ${entry[1]}`;
}

/**
 * The market's books-closed refusal (`MarketBooksClosed` of contracts/interfaces/IMarketCore.sol) in words:
 * "books closed: period 6's record date passed at 2027-07-31 00:00 UTC; trading resumes when the period is distributed".
 */
export function describeBooksClosed(distributionId: bigint | number, recordDate: bigint | number): string {
  const at = new Date(Number(recordDate) * 1000).toISOString().slice(0, 16).replace("T", " ");
  return `books closed: period ${distributionId}'s record date passed at ${at} UTC; trading resumes when the period is distributed`;
}

/** Custom errors whose values read better as a sentence, appended to `Name(values)`. */
const EXPLAINED: Record<string, (args: Record<string, unknown>) => string | undefined> = {
  MarketBooksClosed: (a) =>
    typeof a.distributionId === "bigint" && typeof a.recordDate === "bigint" ? describeBooksClosed(a.distributionId, a.recordDate) : undefined,
};

/** Errors whose uint8 `code` parameter is a transfer-restriction reason code. */
const RESTRICTION_ERRORS = new Set(["TokenTransferRestricted"]);

/** A decoded revert. */
export interface DecodedRevert {
  /** The error's name: a custom error, "Error" (a reason string) or "Panic". */
  name: string;
  /** Values by parameter name (by position when unnamed). */
  args: Record<string, unknown>;
  /** `Name(param=value, …)`, with a restriction code's meaning spelled out. */
  text: string;
}

const PANICS: Record<number, string> = {
  0x01: "assertion failed",
  0x11: "arithmetic overflow or underflow",
  0x12: "division or modulo by zero",
  0x21: "invalid enum value",
  0x22: "invalid storage byte array",
  0x31: "pop on an empty array",
  0x32: "array index out of bounds",
  0x41: "out of memory",
  0x51: "call to an uninitialised function",
};

function render(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(render).join(", ")}]`;
  return String(value);
}

function decoded(name: string, names: readonly string[], values: Result | readonly unknown[]): DecodedRevert {
  const args: Record<string, unknown> = {};
  const parts = [...values].map((v, i) => {
    const key = names[i] === undefined || names[i] === "" ? String(i) : names[i]!;
    args[key] = v;
    const shown = RESTRICTION_ERRORS.has(name) && key === "code" ? `${render(v)} (${describeRestriction(v as bigint)})` : render(v);
    return names[i] === undefined || names[i] === "" ? shown : `${key}=${shown}`;
  });
  const sentence = EXPLAINED[name]?.(args);
  return { name, args, text: `${name}(${parts.join(", ")})${sentence === undefined ? "" : ` — ${sentence}`}` };
}

/** Combines ABIs (errors only) into one interface for decoding: the contracts a command talks to. */
export function errorInterface(...abis: (Interface | InterfaceAbi)[]): Interface {
  const fragments = abis.flatMap((abi) => (abi instanceof Interface ? abi : new Interface(abi)).fragments.filter((f) => f.type === "error"));
  const seen = new Set<string>();
  return new Interface(fragments.filter((f) => {
    const key = f.format("sighash");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }));
}

/** Decodes raw revert data against `iface` (plus Error(string) and Panic(uint256)); undefined if unknown. */
export function decodeRevertData(iface: Interface, data: string): DecodedRevert | undefined {
  if (!/^0x[0-9a-fA-F]{8}/.test(data)) return undefined;
  let parsed: ReturnType<Interface["parseError"]> = null;
  try {
    parsed = iface.parseError(data);
  } catch {
    return undefined;
  }
  if (parsed === null) return undefined;
  if (parsed.name === "Error") return { name: "Error", args: { reason: parsed.args[0] }, text: `reverted: ${String(parsed.args[0])}` };
  if (parsed.name === "Panic") {
    const code = Number(parsed.args[0]);
    return { name: "Panic", args: { code }, text: `panic 0x${code.toString(16)} (${PANICS[code] ?? "unknown panic code"})` };
  }
  return decoded(parsed.name, parsed.fragment.inputs.map((p) => p.name), parsed.args);
}

/** `Name(arg=value, …)`, or undefined when `data` is not one of `iface`'s errors. */
export function decodeCustomError(iface: Interface, data: string): string | undefined {
  return decodeRevertData(iface, data)?.text;
}

/** A string property of a thrown value, if it has one. */
export function errorField(error: unknown, key: string): string | undefined {
  if (typeof error !== "object" || error === null || !(key in error)) return undefined;
  const value: unknown = (error as Record<string, unknown>)[key];
  return typeof value === "string" ? value : undefined;
}

/** Revert data found anywhere a provider puts it: `data`, `error.data`, `info.error.data`. */
function revertDataOf(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 4) return undefined;
  const direct = errorField(error, "data");
  if (direct !== undefined && /^0x[0-9a-fA-F]{8}/.test(direct)) return direct;
  const record = error as Record<string, unknown>;
  for (const key of ["error", "info", "cause"]) {
    const inner = revertDataOf(record[key], depth + 1);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/**
 * The custom error (or Error/Panic) a thrown call reverted with, decoded against `iface`, so a caller can act on its
 * name and values (e.g. retry when the chain moved on); undefined when the failure carries no revert it knows.
 */
export function failureRevert(error: unknown, iface: Interface): DecodedRevert | undefined {
  if (isError(error, "CALL_EXCEPTION") && error.revert !== null && error.revert !== undefined) {
    const fragment = iface.getError(error.revert.signature);
    if (fragment !== null) return decoded(error.revert.name, fragment.inputs.map((p) => p.name), error.revert.args);
  }
  const data = revertDataOf(error);
  return data === undefined ? undefined : decodeRevertData(iface, data);
}

/**
 * Why the node or the contract refused, in words: the decoded custom error when there is one, the
 * node's short message otherwise; undefined when the error is not a chain failure at all.
 */
export function describeFailure(error: unknown, iface: Interface): string | undefined {
  if (isError(error, "CALL_EXCEPTION")) {
    if (error.revert !== null && error.revert !== undefined) {
      const fragment = iface.getError(error.revert.signature);
      if (fragment !== null) return decoded(error.revert.name, fragment.inputs.map((p) => p.name), error.revert.args).text;
      if (error.revert.name === "Error") return `reverted: ${String(error.revert.args[0])}`;
      if (error.revert.name === "Panic") return decodeRevertData(iface, error.data ?? "0x")?.text ?? `panic ${String(error.revert.args[0])}`;
      return decoded(error.revert.name, [], error.revert.args).text;
    }
    const data = typeof error.data === "string" && error.data !== "0x" ? decodeRevertData(iface, error.data) : undefined;
    if (data !== undefined) return data.text;
    return error.reason === null ? `reverted without a reason (${error.shortMessage})` : `reverted: ${error.reason}`;
  }
  // The in-process network and some nodes throw their own error carrying the raw revert data.
  const data = revertDataOf(error);
  if (data !== undefined) {
    const known = decodeRevertData(iface, data);
    if (known !== undefined) return known.text;
    return `reverted with unknown error data ${data.slice(0, 10)}…`;
  }
  // Any other ethers failure (refused by the node, insufficient funds, network): its short message.
  if (error instanceof Error && "code" in error && "shortMessage" in error && typeof error.shortMessage === "string") {
    return `${String(error.code)}: ${error.shortMessage}`;
  }
  // A JSON-RPC error from Hardhat's provider (e.g. "Out of gas: gas required exceeds allowance: 0").
  if (error instanceof Error && (error.name === "ProviderError" || error.name === "HardhatError" || /^HHE\d+/.test(error.message))) {
    return error.message.split("\n")[0];
  }
  return undefined;
}
