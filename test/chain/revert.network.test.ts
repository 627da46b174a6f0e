/**
 * Revert decoding against the compiled contracts: the reason-code table of src/chain agrees with
 * the Solidity enum and with RestrictionMessages' English sentences, and a refused transfer reaches
 * the user as the restriction's name and sentence with the transfer's values.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";

import { RESTRICTIONS, TransactionFailedError, describeRestriction, sendTransaction } from "../../src/chain/index.js";
import { ethers, issuedPoolFixture, networkHelpers, usd } from "../contracts/helpers/poolTokenFixtures.js";

/** The `enum Restriction { … }` member names, from the Solidity source wherever it lives under contracts/. */
function solidityRestrictionNames(): string[] {
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith(".sol") ? [path.join(dir, e.name)] : []);
  for (const file of files(path.resolve("contracts"))) {
    const match = /enum\s+Restriction\s*\{([^}]*)\}/.exec(readFileSync(file, "utf8"));
    if (match !== null) return match[1]!.replace(/\/\/[^\n]*/g, "").split(",").map((s) => s.trim()).filter((s) => s !== "");
  }
  throw new Error("no `enum Restriction` under contracts/");
}

describe("decoding reverts of the project's contracts", () => {
  it("names every restriction code as the Solidity enum does", () => {
    expect(RESTRICTIONS.map(([name]) => name)).to.deep.equal(solidityRestrictionNames());
  });

  it("gives every restriction code RestrictionMessages' English sentence, and says so for an unknown code", async () => {
    const messages = await ethers.deployContract("RestrictionMessages");
    for (const [code, [, sentence]] of RESTRICTIONS.entries()) {
      expect(await messages.messageFor(code), `code ${code}`).to.equal(sentence);
    }
    expect(describeRestriction(RESTRICTIONS.length)).to.equal(`unknown restriction code ${RESTRICTIONS.length}`);
  });

  it("reports a refused transfer with the restriction's name, its sentence and the transfer's values, nothing sent", async () => {
    const f = await networkHelpers.loadFixture(issuedPoolFixture);
    const [, , , , , , , , , , , , outsider] = await ethers.getSigners();
    const nonce = await ethers.provider.getTransactionCount(f.alice.address);
    let error: unknown;
    await sendTransaction(
      { operation: "transfer", accounts: [f.alice.address, outsider!.address], contract: `the pool token at ${await f.pool.getAddress()}` },
      f.pool.interface,
      () => f.pool.connect(f.alice).transfer(outsider!.address, usd(1_000)),
    ).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(TransactionFailedError);
    expect((error as Error).message).to.contain("(refused before sending)");
    expect((error as Error).message).to.match(
      new RegExp(`\\(code=5 \\(RecipientNotVerified: The recipient has no valid KYC verification\\.\\), from=${f.alice.address}, to=${outsider!.address}, amount=${usd(1_000)}\\)`),
    );
    expect(await ethers.provider.getTransactionCount(f.alice.address)).to.equal(nonce);
  });
});
