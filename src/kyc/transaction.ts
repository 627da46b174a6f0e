/**
 * Sending one `mbs kyc` transaction so that a failure after validation — a revert (the chain moved
 * on since the checks: a role revoked, an expiry passed), a node that refuses the transaction —
 * ends as a message naming the operation, the account and the contract's decoded custom error,
 * never as a stack trace.
 */
import { isError, type ContractTransactionResponse, type Interface, type Result } from "ethers";

import { MbsError } from "../errors.js";

/** A KYC transaction that was refused, reverted or could not be confirmed. */
export class TransactionFailedError extends MbsError {}

/** `Name(arg=value, …)` with the error's parameter names, or undefined when `data` is not one of `iface`'s errors. */
export function decodeCustomError(iface: Interface, data: string): string | undefined {
  let parsed: ReturnType<Interface["parseError"]>;
  try {
    parsed = iface.parseError(data);
  } catch {
    return undefined;
  }
  if (parsed === null) return undefined;
  return formatCall(parsed.name, parsed.fragment.inputs.map((p) => p.name), parsed.args);
}

function formatCall(name: string, names: readonly string[], args: Result | readonly unknown[]): string {
  const values = [...args].map((v, i) => `${names[i] === undefined || names[i] === "" ? "" : `${names[i]}=`}${String(v)}`);
  return `${name}(${values.join(", ")})`;
}

/** A string property of a thrown value, if it has one. */
function errorField(error: unknown, key: string): string | undefined {
  if (typeof error !== "object" || error === null || !(key in error)) return undefined;
  const value: unknown = (error as Record<string, unknown>)[key];
  return typeof value === "string" ? value : undefined;
}

/** Why the node or the contract refused: the decoded custom error when there is one. */
export function describeFailure(error: unknown, iface: Interface): string | undefined {
  if (isError(error, "CALL_EXCEPTION")) {
    if (error.revert !== null && error.revert !== undefined) {
      const fragment = iface.getError(error.revert.signature);
      return formatCall(error.revert.name, fragment?.inputs.map((p) => p.name) ?? [], error.revert.args);
    }
    const decoded = typeof error.data === "string" && error.data !== "0x" ? decodeCustomError(iface, error.data) : undefined;
    return decoded ?? (error.reason === null ? `reverted without a reason (${error.shortMessage})` : `reverted: ${error.reason}`);
  }
  // The in-process network throws its own error carrying the raw revert data.
  const data = errorField(error, "data");
  if (data !== undefined && /^0x[0-9a-fA-F]{8}/.test(data)) {
    const decoded = decodeCustomError(iface, data);
    if (decoded !== undefined) return decoded;
  }
  // Any other ethers failure (refused by the node, insufficient funds, network): its short message.
  if (error instanceof Error && "code" in error && "shortMessage" in error && typeof error.shortMessage === "string") {
    return `${String(error.code)}: ${error.shortMessage}`;
  }
  return undefined;
}

/**
 * A mined transaction's receipt carries no revert data; replaying the call on the state before its
 * block recovers the custom error (the state the transaction met may differ slightly, hence "likely").
 */
async function replayRevert(tx: ContractTransactionResponse, iface: Interface): Promise<string | undefined> {
  const receipt = await tx.provider.getTransactionReceipt(tx.hash).catch(() => null);
  if (receipt === null || receipt.status !== 0) return undefined;
  try {
    await tx.provider.call({ to: tx.to, from: tx.from, data: tx.data, blockTag: receipt.blockNumber - 1 });
  } catch (error) {
    const why = describeFailure(error, iface);
    return why === undefined ? undefined : `mined in block ${receipt.blockNumber} but reverted, likely with ${why}`;
  }
  return `mined in block ${receipt.blockNumber} but reverted`;
}

export interface KycOperation {
  /** What is being done, e.g. "revoke" or "setInvestors batch 2/3 (lines 4–5)". */
  operation: string;
  /** The wallet(s) the transaction is about. */
  accounts: readonly string[];
  registry: string;
  /** What is already done and how to continue, appended to the message. */
  recovery?: string;
}

/** Sends, waits for the receipt, and returns the hash; any failure becomes a TransactionFailedError. */
export async function sendKycTransaction(
  op: KycOperation,
  iface: Interface,
  send: () => Promise<ContractTransactionResponse>,
): Promise<string> {
  let sent: ContractTransactionResponse | undefined;
  let hash: string | undefined;
  try {
    sent = await send();
    hash = sent.hash;
    const receipt = await sent.wait();
    if (receipt === null || receipt.status !== 1) throw new TransactionFailedError(`${op.operation} was not confirmed`, { txHash: hash });
    return hash;
  } catch (error) {
    if (error instanceof MbsError) throw error;
    const why = (sent === undefined ? undefined : await replayRevert(sent, iface)) ?? describeFailure(error, iface);
    if (why === undefined) throw error;
    hash ??= errorField(error, "transactionHash");
    const whom = op.accounts.length === 1 ? ` for ${op.accounts[0]}` : op.accounts.length > 1 ? ` for ${op.accounts.join(", ")}` : "";
    // A call that fails its gas estimate is refused before it is sent; other failures may have reached the node.
    const reverted = isError(error, "CALL_EXCEPTION") || errorField(error, "data") !== undefined;
    const status = hash !== undefined ? ` (tx ${hash})` : reverted ? " (refused before sending)" : "";
    const message = `${op.operation}${whom} on the KYC registry at ${op.registry} failed${status}: ${why}` +
      (op.recovery === undefined ? "" : `. ${op.recovery}`);
    throw new TransactionFailedError(message, { operation: op.operation, accounts: op.accounts, registry: op.registry, txHash: hash, reason: why });
  }
}
