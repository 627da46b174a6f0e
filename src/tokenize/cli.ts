/**
 * How the tokenize commands end on bad input: the error's located message on stderr and exit
 * code 1, never a stack trace (a stack trace means a bug, and those still propagate).
 */
import { MbsError } from "../errors.js";

export async function reportingErrors(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (!(error instanceof MbsError)) throw error;
    console.error(`error: ${error.message}`);
    process.exitCode = 1;
  }
}
