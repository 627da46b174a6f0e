import { expect } from "chai";

import { MbsError } from "../../../src/errors.js";
import { TransactionFailedError } from "../../../src/chain/index.js";
import { reportingErrors } from "../../../src/tasks/common/reporter.js";

/** Runs `body` under the reporter, capturing stderr lines and the exit code it sets. */
async function report(body: () => Promise<void>): Promise<{ lines: string[]; exitCode: typeof process.exitCode }> {
  const lines: string[] = [];
  const original = console.error;
  const exitBefore = process.exitCode;
  console.error = (...args: unknown[]) => lines.push(args.join(" "));
  try {
    await reportingErrors(body);
    return { lines, exitCode: process.exitCode };
  } finally {
    console.error = original;
    process.exitCode = exitBefore;
  }
}

function hardhatError(message: string): Error {
  const error = new Error(message);
  error.name = "HardhatError";
  return error;
}

describe("the one command error reporter", () => {
  it("prints the project's own errors as `error: …` with exit code 1, no stack trace", async () => {
    const { lines, exitCode } = await report(async () => {
      throw new TransactionFailedError("revoke for 0xabc on the KYC registry at 0xdef failed (tx 0x1): KycUnknownInvestor(account=0xabc)");
    });
    expect(lines).to.deep.equal(["error: revoke for 0xabc on the KYC registry at 0xdef failed (tx 0x1): KycUnknownInvestor(account=0xabc)"]);
    expect(exitCode).to.equal(1);
  });

  it("turns a node that does not answer into the node's words and the re-run instruction", async () => {
    const { lines, exitCode } = await report(async () => {
      throw hardhatError('HHE703: Cannot connect to the network "localhost".\nPlease make sure your node is running');
    });
    expect(lines).to.deep.equal([
      'error: HHE703: Cannot connect to the network "localhost": the node did not answer; nothing half-done is left: re-run the same command once it answers (what is on chain is not sent again)',
    ]);
    expect(exitCode).to.equal(1);
  });

  it("lets a bug through with its stack (a TypeError is not a user's mistake)", async () => {
    let thrown: unknown;
    await report(async () => {
      throw new TypeError("x is undefined");
    }).catch((e: unknown) => (thrown = e));
    expect(thrown).to.be.instanceOf(TypeError);
    expect(new MbsError("m")).to.be.instanceOf(Error);
  });
});
