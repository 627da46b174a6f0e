import { expect } from "chai";
import { Interface, type Log, type Provider } from "ethers";

import { ChainError, decodeEvents, queryEvents, queryLogs } from "../../src/chain/index.js";
import { KYC_REGISTRY_EVENTS, encodeInvestorWord } from "../../src/kyc/registryEvents.js";

const IFACE = new Interface(KYC_REGISTRY_EVENTS);
const ACCOUNT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const RECORD = encodeInvestorWord({ verifiedUntil: 2_000_000_000n, country: 840, classes: 2, frozen: false });
const RECORD_HASH = "0x" + "ab".repeat(32);

/** A log of InvestorUpdated in block `n`. */
const ENCODED = IFACE.encodeEventLog("InvestorUpdated", [ACCOUNT, RECORD, RECORD_HASH]);
function logAt(n: number): Log {
  const encoded = ENCODED;
  return { address: ACCOUNT, blockNumber: n, transactionHash: `0x${n.toString(16).padStart(64, "0")}`, index: 0, topics: encoded.topics, data: encoded.data } as unknown as Log;
}

/** A node with one log per block up to `head`, refusing ranges wider than `limit` blocks as Besu does. */
function node(head: number, limit: number) {
  const calls: [number, number][] = [];
  const provider = {
    getBlockNumber: async () => head,
    getLogs: async (filter: { fromBlock: number; toBlock: number }) => {
      calls.push([filter.fromBlock, filter.toBlock]);
      if (filter.toBlock - filter.fromBlock + 1 > limit) throw new Error(`Requested range exceeds maximum range limit of ${limit}`);
      const logs: Log[] = [];
      for (let n = filter.fromBlock; n <= filter.toBlock; n += 1) logs.push(logAt(n));
      return logs;
    },
  } as unknown as Provider;
  return { provider, calls };
}

describe("chunked log queries", () => {
  it("walks a long range in chunks of at most 5,000 blocks (Besu's default limit) and returns every log once, in order", async () => {
    const { provider, calls } = node(12_345, 5_000);
    const logs = await queryLogs(provider, { fromBlock: 0 });
    expect(logs.map((l) => l.blockNumber)).to.deep.equal([...Array(12_346).keys()]);
    expect(calls).to.deep.equal([[0, 4_999], [5_000, 9_999], [10_000, 12_345]]);
  });

  it("halves a chunk a node with a tighter limit refuses, and still returns everything", async () => {
    const { provider } = node(2_500, 1_000);
    const logs = await queryLogs(provider, { fromBlock: 1 }, { maxBlockRange: 5_000 });
    expect(logs).to.have.length(2_500);
    expect(new Set(logs.map((l) => l.blockNumber)).size).to.equal(2_500);
  });

  it("reports a failure that is not about size with the blocks it concerns", async () => {
    const provider = { getBlockNumber: async () => 10, getLogs: async () => { throw new Error("connection reset"); } } as unknown as Provider;
    let error: unknown;
    await queryLogs(provider, { fromBlock: 0 }).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(ChainError);
    expect((error as Error).message).to.equal("eth_getLogs failed for blocks 0–10: connection reset");
  });

  it("decodes events by name with their arguments by parameter name", async () => {
    const { provider } = node(3, 5_000);
    const events = await queryEvents<{ account: string; record: bigint; recordHash: string }>(provider, IFACE, "InvestorUpdated", { fromBlock: 2 });
    expect(events.map((e) => [e.blockNumber, e.args.account, e.args.record, e.args.recordHash])).to.deep.equal([
      [2, ACCOUNT, RECORD, RECORD_HASH],
      [3, ACCOUNT, RECORD, RECORD_HASH],
    ]);
    expect(decodeEvents(IFACE, [{ ...logAt(1), topics: ["0x" + "00".repeat(32)] } as unknown as Log])).to.deep.equal([]);
  });
});

/** A node with one log per block that refuses more than `limit` blocks per request and answers in a shuffled order. */
function slowNode(limit: number) {
  const requests: { fromBlock: number; toBlock: number }[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const provider = {
    getBlockNumber: async () => 999,
    getLogs: async (filter: { fromBlock: number; toBlock: number }) => {
      requests.push({ fromBlock: filter.fromBlock, toBlock: filter.toBlock });
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      // Later windows answer first: the order must come from the blocks, not from the answers.
      await new Promise((r) => setTimeout(r, Math.max(0, 20 - filter.fromBlock / 50)));
      inFlight -= 1;
      if (filter.toBlock - filter.fromBlock + 1 > limit) throw new Error(`query exceeds max block range ${limit}`);
      const logs: Partial<Log>[] = [];
      for (let b = filter.fromBlock; b <= filter.toBlock; b++) logs.push({ blockNumber: b });
      return logs;
    },
  };
  return { provider: provider as unknown as Provider, requests, mostInFlight: () => mostInFlight };
}

describe("log queries with several windows in flight (the dashboard's cold read)", () => {
  it("reads every block once, in chain order, with at most four requests in flight", async () => {
    const node = slowNode(100);
    const logs = await queryLogs(node.provider, { fromBlock: 0, toBlock: 999 }, { maxBlockRange: 100, concurrency: 4 });
    expect(logs.map((l) => l.blockNumber)).to.deep.equal(Array.from({ length: 1000 }, (_, i) => i));
    expect(node.requests).to.have.length(10);
    expect(node.mostInFlight()).to.equal(4);
  });

  it("halves a window the node still refuses for its size, and keeps the order", async () => {
    const node = slowNode(30);
    const logs = await queryLogs(node.provider, { fromBlock: 5, toBlock: 404 }, { maxBlockRange: 100, concurrency: 4 });
    expect(logs.map((l) => l.blockNumber)).to.deep.equal(Array.from({ length: 400 }, (_, i) => i + 5));
    expect(node.requests.some((r) => r.toBlock - r.fromBlock + 1 > 30)).to.equal(true);
  });

  it("asks nothing for an empty range", async () => {
    const node = slowNode(100);
    expect(await queryLogs(node.provider, { fromBlock: 10, toBlock: 9 }, { concurrency: 4 })).to.deep.equal([]);
    expect(node.requests).to.have.length(0);
  });
});
