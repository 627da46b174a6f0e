import { expect } from "chai";
import { holdersFromTransfers, type TransferLine } from "../../src/dashboard/holders.js";

const ZERO = "0x0000000000000000000000000000000000000000";
const ALICE = "0x5fD2e9A1f4b3C0d7E8a9B6c5D4e3F2a1B0c9D8e7";
const BOB = "0xA1b2C3d4E5f6a7B8c9D0e1F2a3B4c5D6e7F8a9B0";
const CAROL = "0x3c44cDdDB6a900fa2b585dd299e03d12FA4293BC";

const mint = (to: string, value: bigint): TransferLine => ({ from: ZERO, to, value });
const send = (from: string, to: string, value: bigint): TransferLine => ({ from, to, value });

describe("dashboard: holders rebuilt from Transfer logs (tokens without an on-chain count, ADR 0021)", () => {
  it("counts the non-zero balances the transfers leave", () => {
    const lines = [mint(ALICE, 100n), mint(BOB, 50n), send(ALICE, CAROL, 30n)];
    expect(holdersFromTransfers(lines, 150n)).to.equal(3);
  });

  it("drops a holder who sent everything and ignores burns to the zero address", () => {
    const lines = [mint(ALICE, 100n), mint(BOB, 50n), send(BOB, ALICE, 50n), send(ALICE, ZERO, 40n)];
    expect(holdersFromTransfers(lines, 110n)).to.equal(1);
  });

  it("matches addresses whatever their letter case (checksummed in one log, lower case in another)", () => {
    const lines = [mint(ALICE, 100n), send(ALICE.toLowerCase(), BOB, 100n)];
    expect(holdersFromTransfers(lines, 100n)).to.equal(1);
  });

  it("refuses to guess when the logs start after the first mint (a balance would go negative)", () => {
    expect(holdersFromTransfers([send(ALICE, BOB, 10n)], 10n)).to.equal(undefined);
  });

  it("refuses to guess when the balances do not add up to the total supply", () => {
    expect(holdersFromTransfers([mint(ALICE, 100n)], 150n)).to.equal(undefined);
  });

  it("counts nobody on a token with nothing issued", () => {
    expect(holdersFromTransfers([], 0n)).to.equal(0);
  });
});
