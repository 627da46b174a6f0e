/**
 * The one error reporter of every `mbs` command: how a command ends on bad input or a refusal by
 * the chain — the error's located message on stderr and exit code 1, never a stack trace. The
 * project's own errors (MbsError: validation, chain, deployment) print their message; a node that
 * cannot be reached or refuses a request prints the node's words. Anything else is a bug and
 * still propagates with its stack.
 */
import { MbsError } from "../../errors.js";

/** The node's own words for a connection or JSON-RPC failure, or undefined for anything else. */
export function nodeFailure(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  // The node did not answer (HHE703 refused, HHE704 timed out): every command is safe to re-run.
  if (error.name === "HardhatError" && /^HHE70[34]\b/.test(error.message)) {
    return `${error.message.split("\n")[0]!.replace(/\.$/, "")}: the node did not answer; nothing half-done is left: re-run the same command once it answers (what is on chain is not sent again)`;
  }
  if (error.name === "ProviderError" || error.name === "HardhatError" && /HHE7\d\d|HHE10[0-9]{2}/.test(error.message)) return error.message.split("\n")[0];
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT") {
    return `cannot reach the node (${String(code)}): ${error.message.split("\n")[0]}`;
  }
  return undefined;
}

/** Runs a command body; prints a known failure as `error: …` and sets exit code 1. */
export async function reportingErrors(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const message = error instanceof MbsError ? error.message : nodeFailure(error);
    if (message === undefined) throw error;
    console.error(`error: ${message}`);
    process.exitCode = 1;
  }
}
