import { expect } from "chai";

import { JournalRepairError, repairJournalText, type ChainLookup, type MinedTransaction } from "../../../src/chain/ignition/journalRepair.js";

const FILE = "deploy/deployments/x/journal.jsonl";
const FROM = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const MINT_DATA = "0x40c10f19aa";
const HASH = `0x${"ab".repeat(32)}`;

/** Journal records as Ignition writes them: each preceded by a newline. */
const journal = (...messages: object[]) => messages.map((m) => `\n${JSON.stringify(m)}`).join("");
const parse = (text: string) => text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>);

const init = { type: "DEPLOYMENT_INITIALIZE", chainId: 31337 };
const callInit = (futureId: string) => ({ type: "CALL_EXECUTION_STATE_INITIALIZE", futureId, from: FROM, contractAddress: TOKEN, functionName: "mint", args: [] });
const request = (futureId: string) => ({
  type: "NETWORK_INTERACTION_REQUEST",
  futureId,
  networkInteraction: { id: 1, type: "ONCHAIN_INTERACTION", to: TOKEN, data: MINT_DATA, value: { _kind: "bigint", value: "0" } },
});
const prepare = (futureId: string, nonce: number) => ({ type: "TRANSACTION_PREPARE_SEND", futureId, networkInteractionId: 1, nonce });
const sent = (futureId: string, nonce: number) => ({
  type: "TRANSACTION_SEND", futureId, networkInteractionId: 1, nonce,
  transaction: { hash: HASH, fees: { gasPrice: { _kind: "bigint", value: "1" } } },
});

/**
 * A chain where the sender has mined `minedNonce` transactions, `mined` are findable by nonce and
 * the mempool holds nonces up to `pendingNonce`; `afterWait` is the mined count once waited for.
 */
function chain(minedNonce: number, mined: Map<number, MinedTransaction> = new Map(), pendingNonce = minedNonce, afterWait = minedNonce): ChainLookup {
  let count = minedNonce;
  return {
    minedNonce: async () => count,
    pendingNonce: async () => pendingNonce,
    waitMined: async (_from, nonce) => {
      count = afterWait;
      return count > nonce;
    },
    findMined: async (_from, nonce) => mined.get(nonce),
  };
}

describe("repairing an Ignition journal left by a killed deployment", () => {
  it("leaves a journal without crash damage byte for byte as it is", async () => {
    const text = journal(init, callInit("P#mint0"), request("P#mint0"), prepare("P#mint0", 4), sent("P#mint0", 4));
    const result = await repairJournalText(text, chain(5), FILE);
    expect(result).to.deep.equal({ text, repairs: [] });
  });

  it("drops a step that was initialized but never requested, so that it starts over", async () => {
    const text = journal(init, callInit("P#mint0"), request("P#mint0"), prepare("P#mint0", 4), sent("P#mint0", 4), callInit("P#mint1"));
    const result = await repairJournalText(text, chain(5), FILE);
    expect(parse(result.text).map((m) => [m.type, m.futureId])).to.deep.equal([
      ["DEPLOYMENT_INITIALIZE", undefined],
      ["CALL_EXECUTION_STATE_INITIALIZE", "P#mint0"],
      ["NETWORK_INTERACTION_REQUEST", "P#mint0"],
      ["TRANSACTION_PREPARE_SEND", "P#mint0"],
      ["TRANSACTION_SEND", "P#mint0"],
    ]);
    expect(result.repairs).to.have.length(1);
    expect(result.repairs[0]).to.match(/^P#mint1: started but nothing sent/);
  });

  it("records the mined transaction of a reserved nonce whose hash the journal lacks, instead of letting Ignition send it again", async () => {
    const text = journal(init, callInit("P#mint0"), request("P#mint0"), prepare("P#mint0", 7));
    const tx: MinedTransaction = { hash: HASH, to: TOKEN.toLowerCase(), data: MINT_DATA, fees: { maxFeePerGas: 30n, maxPriorityFeePerGas: 2n } };
    const result = await repairJournalText(text, chain(8, new Map([[7, tx]])), FILE);
    const last = parse(result.text).at(-1)!;
    expect(last).to.deep.equal({
      futureId: "P#mint0", networkInteractionId: 1, nonce: 7, type: "TRANSACTION_SEND",
      transaction: { hash: HASH, fees: { maxFeePerGas: { _kind: "bigint", value: "30" }, maxPriorityFeePerGas: { _kind: "bigint", value: "2" } } },
    });
    expect(result.repairs[0]).to.contain(`${HASH} (nonce 7)`);
  });

  it("drops a nonce reservation whose transaction never reached the node, so that the step is sent afresh (Ignition would stop with HHE10410)", async () => {
    const text = journal(init, callInit("P#mint0"), request("P#mint0"), prepare("P#mint0", 7));
    const result = await repairJournalText(text, chain(7, new Map(), 7), FILE);
    expect(parse(result.text).map((m) => m.type)).to.deep.equal(["DEPLOYMENT_INITIALIZE", "CALL_EXECUTION_STATE_INITIALIZE", "NETWORK_INTERACTION_REQUEST"]);
    expect(result.repairs).to.deep.equal(["P#mint0: nonce 7 was reserved but nothing reached the node before the crash; it is sent afresh"]);
  });

  it("waits for a reserved nonce still in the mempool, then records its mined transaction", async () => {
    const text = journal(init, callInit("P#mint0"), request("P#mint0"), prepare("P#mint0", 7));
    const tx: MinedTransaction = { hash: HASH, to: TOKEN, data: MINT_DATA, fees: { gasPrice: 0n } };
    const result = await repairJournalText(text, chain(7, new Map([[7, tx]]), 8, 8), FILE);
    expect(parse(result.text).at(-1)).to.deep.include({ type: "TRANSACTION_SEND", nonce: 7 });
    expect(result.repairs[0]).to.contain(`${HASH} (nonce 7)`);
  });

  it("refuses to resume while a reserved nonce's transaction is still pending after the wait, saying to re-run", async () => {
    const text = journal(init, callInit("P#mint0"), request("P#mint0"), prepare("P#mint0", 7));
    let error: unknown;
    await repairJournalText(text, chain(7, new Map(), 8, 7), FILE).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(JournalRepairError);
    expect((error as Error).message).to.match(/still waiting to be mined; re-run the same command once it is mined/);
  });

  it("leaves a reserved nonce to Ignition when the mined transaction with it is someone else's", async () => {
    const text = journal(init, callInit("P#mint0"), request("P#mint0"), prepare("P#mint0", 7));
    const other: MinedTransaction = { hash: HASH, to: TOKEN, data: "0xdeadbeef", fees: { gasPrice: 1n } };
    expect((await repairJournalText(text, chain(8, new Map([[7, other]])), FILE)).repairs).to.deep.equal([]);
  });

  it("refuses to guess when a reserved nonce is used on chain but its transaction cannot be found, naming the journal line", async () => {
    const text = journal(init, callInit("P#mint0"), request("P#mint0"), prepare("P#mint0", 7));
    let error: unknown;
    await repairJournalText(text, chain(8), FILE).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(JournalRepairError);
    // Line 1 is the empty line before the first record.
    expect((error as Error).message).to.match(new RegExp(`^${FILE}:5: step P#mint0 reserved nonce 7 of ${FROM}, which is used on chain`));
  });

  it("refuses a journal line that is not JSON, naming it", async () => {
    let error: unknown;
    await repairJournalText(`${journal(init)}\n{"type":"TRANS`, chain(0), FILE).catch((e: unknown) => (error = e));
    expect((error as Error).message).to.equal(`${FILE}:3: not a JSON line; the journal is damaged — move it away and check the deployment by hand`);
  });
});
