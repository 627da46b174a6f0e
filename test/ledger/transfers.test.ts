import { expect } from "chai";

import { holderCountOf, holdingsAscending, replayTransfers, totalHeld, type TransferLine } from "../../src/ledger/transfers.js";

const ZERO = "0x0000000000000000000000000000000000000000";
/** Chosen so that text order and numeric order disagree when case is not normalised (a, B, c). */
const LOW = "0x0aAaaAaAaaaAaAaAaAaAAAaaAAAAAAAAaaaaaaaa";
const MID = "0x5fD2e9A1f4b3C0d7E8a9B6c5D4e3F2a1B0c9D8e7";
const HIGH = "0xA1b2C3d4E5f6a7B8c9D0e1F2a3B4c5D6e7F8a9B0";
const TOP = "0xfFfFfFfFfFfFfFfFfFfFfFfFfFfFfFfFfFfFfFfF";

const mint = (to: string, value: bigint): TransferLine => ({ from: ZERO, to, value });
const send = (from: string, to: string, value: bigint): TransferLine => ({ from, to, value });

function balancesOf(lines: TransferLine[]) {
  const replay = replayTransfers(lines);
  if (!replay.ok) throw new Error("expected a complete replay");
  return replay.balances;
}

describe("ledger: balances replayed from a token's Transfer logs", () => {
  it("leaves each account what it received less what it sent, mints from and burns to the zero address", () => {
    const balances = balancesOf([mint(MID, 100n), mint(HIGH, 50n), send(MID, LOW, 30n), send(HIGH, ZERO, 20n)]);
    expect(holdingsAscending(balances).map((h) => [h.account, h.balance])).to.deep.equal([[LOW, 30n], [MID, 70n], [HIGH, 30n]]);
  });

  it("treats one address in two letter cases as one account, keeping the spelling it first appeared with", () => {
    const balances = balancesOf([mint(HIGH, 100n), send(HIGH.toLowerCase(), MID, 40n), mint(HIGH.toUpperCase().replace("0X", "0x"), 1n)]);
    expect(holdingsAscending(balances)).to.deep.equal([{ account: MID, balance: 40n }, { account: HIGH, balance: 61n }]);
  });

  it("leaves out a holder who sent everything away", () => {
    const balances = balancesOf([mint(MID, 100n), mint(HIGH, 50n), send(HIGH, MID, 50n)]);
    expect(holdingsAscending(balances)).to.deep.equal([{ account: MID, balance: 150n }]);
    expect(balances.get(HIGH.toLowerCase())?.balance).to.equal(0n);
  });

  it("orders holders by the address's numeric value, which countHolders requires, whatever the letter case", () => {
    const balances = balancesOf([mint(TOP, 1n), mint(HIGH, 1n), mint(LOW, 1n), mint(MID, 1n)]);
    const order = holdingsAscending(balances).map((h) => BigInt(h.account));
    expect(order).to.deep.equal([...order].sort((a, b) => (a < b ? -1 : 1)));
    expect(holdingsAscending(balances).map((h) => h.account)).to.deep.equal([LOW, MID, HIGH, TOP]);
  });

  it("stops at the first transfer that spends more than its sender received, and says which and by how much", () => {
    const replay = replayTransfers([mint(MID, 10n), send(HIGH, MID, 5n)]);
    expect(replay).to.deep.equal({ ok: false, overdraft: { index: 1, account: HIGH, balance: 0n, value: 5n } });
  });

  it("adds up what the holders hold", () => {
    expect(totalHeld(holdingsAscending(balancesOf([mint(MID, 7n), mint(HIGH, 5n), send(MID, LOW, 7n)])))).to.equal(12n);
    expect(totalHeld([])).to.equal(0n);
  });
});

const ALICE = MID;
const BOB = HIGH;
const CAROL = "0x3c44cDdDB6a900fa2b585dd299e03d12FA4293BC";

describe("ledger: the holder count rebuilt from Transfer logs (tokens without an on-chain count, ADR 0021)", () => {
  it("counts the non-zero balances the transfers leave", () => {
    const lines = [mint(ALICE, 100n), mint(BOB, 50n), send(ALICE, CAROL, 30n)];
    expect(holderCountOf(lines, 150n)).to.equal(3);
  });

  it("drops a holder who sent everything and ignores burns to the zero address", () => {
    const lines = [mint(ALICE, 100n), mint(BOB, 50n), send(BOB, ALICE, 50n), send(ALICE, ZERO, 40n)];
    expect(holderCountOf(lines, 110n)).to.equal(1);
  });

  it("matches addresses whatever their letter case (checksummed in one log, lower case in another)", () => {
    const lines = [mint(ALICE, 100n), send(ALICE.toLowerCase(), BOB, 100n)];
    expect(holderCountOf(lines, 100n)).to.equal(1);
  });

  it("refuses to guess when the logs start after the first mint (a balance would go negative)", () => {
    expect(holderCountOf([send(ALICE, BOB, 10n)], 10n)).to.equal(undefined);
  });

  it("refuses to guess when the balances do not add up to the total supply", () => {
    expect(holderCountOf([mint(ALICE, 100n)], 150n)).to.equal(undefined);
  });

  it("counts nobody on a token with nothing issued", () => {
    expect(holderCountOf([], 0n)).to.equal(0);
  });
});
