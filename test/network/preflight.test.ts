import { expect } from "chai";

import { creationGasFloor, probeLevelOf, runPreflight, type PreflightOptions } from "../../src/network/preflight.js";
import { RpcError, type RpcClient } from "../../src/chain/index.js";

const DEPLOYER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const ARTIFACT = { name: "Tiny", bytecode: "0x6000", deployedBytecode: "0x00" };

/** A node answering from a table; a missing method is "Method not found", as a real node says. */
function fakeNode(answers: Record<string, (params: unknown[]) => unknown>): RpcClient {
  return {
    url: "fake",
    async call<T>(method: string, params: unknown[] = []): Promise<T> {
      const answer = answers[method];
      if (answer === undefined) throw new RpcError("fake", method, -32601, "Method not found");
      return answer(params) as T;
    },
  };
}

const londonNode = (extra: Record<string, (params: unknown[]) => unknown> = {}) =>
  fakeNode({
    eth_chainId: () => "0x11572",
    eth_gasPrice: () => "0x0",
    eth_getBlockByNumber: () => ({ number: "0x5", gasLimit: "0x1c9c380", baseFeePerGas: "0x0" }),
    eth_getCode: () => "0x",
    eth_getTransactionCount: () => "0x0",
    eth_estimateGas: () => "0x5208",
    eth_call: (params) => {
      const data = (params[0] as { data: string }).data;
      if (data === "0x4600" || data === "0x4800") return "0x";
      throw new RpcError("fake", "eth_call", -32000, "invalid opcode");
    },
    ...extra,
  });

const options = (over: Partial<PreflightOptions> = {}): PreflightOptions => ({
  expectedChainId: 71026,
  evmTarget: "london",
  artifacts: [ARTIFACT],
  deployer: DEPLOYER,
  ...over,
});

describe("preflight checks (chain-free)", () => {
  it("passes a London node with free gas and no account permissioning", async () => {
    const report = await runPreflight(londonNode(), options());
    expect(report.checks.filter((c) => c.status === "fail")).to.deep.equal([]);
  });

  it("says the fork cannot be told when the node refuses every probe", async () => {
    const node = londonNode({ eth_call: () => { throw new RpcError("fake", "eth_call", -32602, "Invalid params"); } });
    const fork = (await runPreflight(node, options())).checks.find((c) => c.name === "EVM fork")!;
    expect(fork.status).to.equal("fail");
    expect(fork.detail).to.contain("refused even the CHAINID probe (Invalid params)");
  });

  it("fails the deployer missing from a node's account allowlist, and the operators with it", async () => {
    const node = londonNode({ perm_getAccountsAllowlist: () => ["0x0000000000000000000000000000000000000009"] });
    const report = await runPreflight(node, options());
    expect(report.checks.find((c) => c.name === "deployer")!.detail).to.contain("is not on the node's account allowlist");
    expect(report.checks.find((c) => c.name === "operator roles")!.detail).to.contain(`admin ${DEPLOYER} is not on the node's account allowlist`);
    const allowed = londonNode({ perm_getAccountsAllowlist: () => [DEPLOYER.toLowerCase()] });
    expect((await runPreflight(allowed, options())).ok).to.equal(true);
  });

  it("fails when the network gives no account to deploy from", async () => {
    const report = await runPreflight(londonNode(), options({ deployer: undefined }));
    expect(report.checks.find((c) => c.name === "deployer")!.status).to.equal("fail");
  });

  it("reports a deployer that cannot send at gas price 0 with the node's reason", async () => {
    const node = londonNode({ eth_estimateGas: () => { throw new RpcError("fake", "eth_estimateGas", -32000, "insufficient funds for gas * price + value"); } });
    const deployer = (await runPreflight(node, options())).checks.find((c) => c.name === "deployer")!;
    expect(deployer.detail).to.equal(`${DEPLOYER} cannot send a zero-price transaction: insufficient funds for gas * price + value`);
  });

  it("counts a deployment's gas floor: 21,000 + 32,000 + calldata (16 per non-zero, 4 per zero byte) + 200 per code byte", () => {
    expect(creationGasFloor(ARTIFACT)).to.equal(21_000n + 32_000n + 16n + 4n + 200n);
  });

  it("maps solc EVM versions to the opcode probe that tells them apart", () => {
    expect(["berlin", "london", "paris", "shanghai", "cancun", "prague"].map(probeLevelOf)).to.deep.equal(["istanbul", "london", "london", "shanghai", "cancun", "cancun"]);
    expect(() => probeLevelOf("homestead")).to.throw(/no opcode probe/);
  });
});

describe("artifact code with library links", () => {
  it("counts a link placeholder as the 20-byte address it becomes", async () => {
    const { codeBytes } = await import("../../src/network/preflight.js");
    const linked = `0x60${"__$12f9098dfdedda827b2c32e9cc1a7b1138$__"}00`;
    expect(codeBytes(linked).length).to.equal(22);
    expect(creationGasFloor({ name: "L", bytecode: linked, deployedBytecode: linked })).to.equal(21_000n + 32_000n + 16n * 21n + 4n + 200n * 22n);
    expect(() => codeBytes("0xzz")).to.throw(/not hex/);
  });
});
