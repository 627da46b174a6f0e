import { expect } from "chai";

import { startLocalNode } from "./localNode.js";

async function chainId(url: string): Promise<string> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
  });
  return ((await response.json()) as { result: string }).result;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("the local-node harness", function () {
  this.timeout(120_000);

  for (const kind of ["anvil", "hardhat"] as const) {
    it(`starts ${kind} on a free loopback port, answers JSON-RPC, and stops it by PID`, async () => {
      const node = await startLocalNode({ kind });
      try {
        expect(node.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(await chainId(node.url)).to.equal("0x7a69"); // 31337
      } finally {
        await node.stop();
      }
      expect(alive(node.pid)).to.equal(false);
    });
  }

  it("refuses anvil-only options for hardhat node instead of silently ignoring them", async () => {
    let error: unknown;
    try {
      await startLocalNode({ kind: "hardhat", hardfork: "london" });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/anvil-only/);
  });
});
