import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { expect } from "chai";
import hre from "hardhat";

import { MBS_CHAIN_ID } from "../../src/network/constants.js";
import { runPreflight, type DeployableArtifact } from "../../src/network/preflight.js";
import { rpcClient } from "../../src/chain/index.js";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

describe("npm run node:permissioned", function () {
  this.timeout(120_000);

  let child: ChildProcess;
  let url: string;
  let output = "";

  before(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // The npm script as a user runs it, in its own process group so that it can be stopped by PID.
    child = spawn("npm", ["run", "--silent", "node:permissioned", "--", "--port", String(port)], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await rpcClient(url, 2_000).call("eth_chainId");
        return;
      } catch {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`node:permissioned did not start:\n${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  });

  after(async () => {
    if (child?.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await exited;
    }
  });

  it("starts anvil with the project's chain id, zero gas price and base fee, London and unfunded accounts", async () => {
    const rpc = rpcClient(url);
    expect(BigInt(await rpc.call<string>("eth_chainId"))).to.equal(BigInt(MBS_CHAIN_ID));
    expect(BigInt(await rpc.call<string>("eth_gasPrice"))).to.equal(0n);
    const [first] = await rpc.call<string[]>("eth_accounts");
    expect(BigInt(await rpc.call<string>("eth_getBalance", [first, "latest"]))).to.equal(0n);
    expect(output).to.contain(`chain id ${MBS_CHAIN_ID}`);
  });

  it("is a network mbs preflight passes", async () => {
    const artifacts: DeployableArtifact[] = [];
    for (const name of await hre.artifacts.getAllFullyQualifiedNames()) {
      if (!name.startsWith("contracts/")) continue;
      const a = await hre.artifacts.readArtifact(name);
      if (a.bytecode !== "0x") artifacts.push({ name: a.contractName, bytecode: a.bytecode, deployedBytecode: a.deployedBytecode });
    }
    const [deployer] = await rpcClient(url).call<string[]>("eth_accounts");
    const report = await runPreflight(rpcClient(url), { expectedChainId: MBS_CHAIN_ID, evmTarget: "london", artifacts, deployer });
    expect(report.checks.filter((c) => c.status === "fail")).to.deep.equal([]);
  });
});
