import { expect } from "chai";
import type { Log, Provider } from "ethers";

import { readLogs } from "../../src/dashboard/logs.js";

/** A node with one log per block that refuses more than `limit` blocks per request and answers in a shuffled order. */
function fakeNode(limit: number) {
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

describe("the dashboard's log reads (windows of the node's limit, a few at once)", () => {
  it("reads every block once, in chain order, with at most four requests in flight", async () => {
    const node = fakeNode(100);
    const logs = await readLogs(node.provider, { fromBlock: 0, toBlock: 999 }, { maxBlockRange: 100 });
    expect(logs.map((l) => l.blockNumber)).to.deep.equal(Array.from({ length: 1000 }, (_, i) => i));
    expect(node.requests).to.have.length(10);
    expect(node.mostInFlight()).to.equal(4);
  });

  it("halves a window the node still refuses for its size, and keeps the order", async () => {
    const node = fakeNode(30);
    const logs = await readLogs(node.provider, { fromBlock: 5, toBlock: 404 }, { maxBlockRange: 100 });
    expect(logs.map((l) => l.blockNumber)).to.deep.equal(Array.from({ length: 400 }, (_, i) => i + 5));
    expect(node.requests.some((r) => r.toBlock - r.fromBlock + 1 > 30)).to.equal(true);
  });

  it("asks nothing for an empty range", async () => {
    const node = fakeNode(100);
    expect(await readLogs(node.provider, { fromBlock: 10, toBlock: 9 })).to.deep.equal([]);
    expect(node.requests).to.have.length(0);
  });
});
