import { mkdtemp, readFile, readdir, rm, stat, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { parse } from "smol-toml";

import { InvalidInputError } from "../../src/errors.js";
import { MBS_CHAIN_ID } from "../../src/network/constants.js";
import { buildQbftGenesis, milestonesFor, parseEvmTarget } from "../../src/network/genesis.js";
import { createNewNetwork, type NewNetworkOptions } from "../../src/network/newNetwork.js";
import { nodeKeyFromPrivateKey } from "../../src/network/nodeKeys.js";
import { readPermissionsFile } from "../../src/network/permissionsFile.js";
import { decodeQbftExtraData } from "../../src/network/qbft.js";

const TEMPLATES = path.resolve("networks/besu");
const OPERATORS = [
  { role: "deployer", address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" },
  { role: "compliance", address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" },
];

describe("QBFT genesis", () => {
  it("activates every milestone up to London and none after it for a London build", () => {
    const m = milestonesFor("london");
    expect(m).to.include({ berlinBlock: 0, londonBlock: 0, istanbulBlock: 0, homesteadBlock: 0 });
    expect(m).to.not.have.any.keys("shanghaiTime", "cancunTime", "pragueTime");
  });

  it("schedules Shanghai and Cancun by time at genesis for later targets", () => {
    expect(milestonesFor("cancun")).to.include({ londonBlock: 0, shanghaiTime: 0, cancunTime: 0 });
    expect(milestonesFor("cancun")).to.not.have.key("pragueTime");
    expect(milestonesFor("berlin")).to.not.have.key("londonBlock");
  });

  it("refuses an EVM target a QBFT genesis cannot express", () => {
    expect(() => parseEvmTarget("paris")).to.throw(/same opcodes as "london"/);
    expect(parseEvmTarget("london")).to.equal("london");
  });

  it("builds from the template: chain id, free gas, QBFT timing and the validators' extraData", async () => {
    const template = JSON.parse(await readFile(path.join(TEMPLATES, "genesis.template.json"), "utf8"));
    // A template that enabled a later fork must not leak it into a London genesis.
    template.config.shanghaiTime = 0;
    const validators = ["0x06e23768a0f59cf365e18c2e0c89e151bcdedc70", "0x4592c8e45706cc08b8f44b11e43cba0cfc5892cb"];
    const genesis = buildQbftGenesis(template, { chainId: 4242, evmTarget: "london", validators, blockPeriodSeconds: 3 });
    expect(genesis.config.chainId).to.equal(4242);
    expect(genesis.config.zeroBaseFee).to.equal(true);
    expect(genesis.config).to.not.have.key("shanghaiTime");
    expect(genesis.config.qbft).to.deep.equal({ blockperiodseconds: 3, epochlength: 30000, requesttimeoutseconds: 6 });
    expect(decodeQbftExtraData(String(genesis.extraData)).validators.map((v) => v.toLowerCase())).to.deep.equal(validators);
    expect(genesis.alloc).to.deep.equal({}); // free gas: nobody needs a balance
    expect(template.extraData).to.match(/^GENERATED/); // the template itself is untouched
  });
});

describe("mbs besu new-network (files)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "mbs-besu-net-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function options(over: Partial<NewNetworkOptions> = {}): NewNetworkOptions {
    return {
      outDir: path.join(dir, "net"),
      templateDir: TEMPLATES,
      validators: 4,
      rpcNodes: 1,
      chainId: MBS_CHAIN_ID,
      evmTarget: "london",
      operators: OPERATORS,
      ...over,
    };
  }

  it("writes a genesis whose extraData names exactly the generated validator keys, sorted", async () => {
    const result = await createNewNetwork(options());
    const genesis = JSON.parse(await readFile(path.join(result.outDir, "genesis.json"), "utf8"));
    expect(genesis.config.chainId).to.equal(MBS_CHAIN_ID);
    expect(genesis.config.londonBlock).to.equal(0);
    expect(genesis.config.zeroBaseFee).to.equal(true);
    const inExtraData = decodeQbftExtraData(genesis.extraData).validators;
    const fromKeys: string[] = [];
    for (const name of ["validator-1", "validator-2", "validator-3", "validator-4"]) {
      const privateKey = await readFile(path.join(result.outDir, name, "key"), "utf8");
      expect(privateKey).to.match(/^0x[0-9a-f]{64}$/); // one line, as Besu's KeyPairUtil reads it
      const key = nodeKeyFromPrivateKey(privateKey);
      expect(await readFile(path.join(result.outDir, name, "key.pub"), "utf8")).to.equal(key.publicKey);
      expect(((await stat(path.join(result.outDir, name, "key"))).mode & 0o777).toString(8)).to.equal("600");
      fromKeys.push(key.address);
    }
    expect(inExtraData).to.deep.equal([...fromKeys].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(result.faultTolerance).to.equal(1);
    // The RPC node is no validator.
    const rpcAddress = nodeKeyFromPrivateKey(await readFile(path.join(result.outDir, "rpc-1", "key"), "utf8")).address;
    expect(inExtraData).to.not.include(rpcAddress);
  });

  it("writes per-node config.toml files that Besu's options parse into: own ports, the others as bootnodes, free gas, permissioning", async () => {
    const result = await createNewNetwork(options());
    const configs = await Promise.all(
      result.nodes.map(async (n) => parse(await readFile(path.join(result.outDir, n.name, "config.toml"), "utf8")) as Record<string, unknown>),
    );
    const p2pPorts = configs.map((c) => c["p2p-port"]);
    expect(new Set(p2pPorts).size).to.equal(5);
    expect(new Set(configs.map((c) => c["rpc-http-port"])).size).to.equal(5);
    for (const [i, config] of configs.entries()) {
      const node = result.nodes[i]!;
      expect(config["min-gas-price"]).to.equal(0);
      expect(config["genesis-file"]).to.equal("../genesis.json");
      expect(config["node-private-key-file"]).to.equal("key");
      expect(config["permissions-accounts-config-file-enabled"]).to.equal(true);
      expect(config["permissions-nodes-config-file-enabled"]).to.equal(true);
      expect(config["revert-reason-enabled"]).to.equal(true);
      const validatorsEnodes = result.nodes.filter((n) => n.role === "validator" && n.name !== node.name).map((n) => n.enode);
      expect(config.bootnodes).to.deep.equal(validatorsEnodes);
      const apis = config["rpc-http-api"] as string[];
      expect(apis).to.include("PERM");
      if (node.role === "validator") expect(apis).to.include("QBFT");
    }
  });

  it("writes permissions files that parse back: every node's enode, the operators in lower case", async () => {
    const result = await createNewNetwork(options());
    for (const node of result.nodes) {
      const permissions = await readPermissionsFile(path.join(result.outDir, node.name, "permissions_config.toml"));
      expect(permissions.nodesAllowlist).to.deep.equal(result.nodes.map((n) => n.enode));
      expect(permissions.accountsAllowlist).to.deep.equal(OPERATORS.map((o) => o.address.toLowerCase()));
    }
    const summary = JSON.parse(await readFile(path.join(result.outDir, "network.json"), "utf8"));
    expect(JSON.stringify(summary)).to.not.match(/privateKey/);
    expect(await readFile(path.join(result.outDir, ".gitignore"), "utf8")).to.equal("*\n");
  });

  it("gives each node of its own host the default ports", async () => {
    const hosts = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.9"];
    const result = await createNewNetwork(options({ hosts }));
    expect(result.nodes.map((n) => n.p2pPort)).to.deep.equal([30303, 30303, 30303, 30303, 30303]);
    expect(result.nodes.map((n) => n.enode.split("@")[1])).to.deep.equal(hosts.map((h) => `${h}:30303`));
  });

  it("refuses fewer than 4 validators, a wrong host count, and never overwrites an existing network", async () => {
    await expectRejection(createNewNetwork(options({ validators: 3 })), /at least 4 validators/);
    await expectRejection(createNewNetwork(options({ hosts: ["a", "b"] })), /names 2 host\(s\) for 5 nodes/);
    const existing = path.join(dir, "net");
    await mkdir(existing);
    await writeFile(path.join(existing, "keep-me"), "x");
    await expectRejection(createNewNetwork(options()), /never overwritten/);
    expect(await readdir(existing)).to.deep.equal(["keep-me"]);
    expect((await readdir(dir)).filter((f) => f.includes("partial"))).to.deep.equal([]);
  });
});

async function expectRejection(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidInputError);
    expect((error as Error).message).to.match(pattern);
    return;
  }
  expect.fail(`expected a rejection matching ${pattern}`);
}

describe("the kit's committed files", () => {
  it("are valid: node config templates parse as TOML with free gas and permissioning on, the examples parse", async () => {
    const { parseOperators } = await import("../../src/network/operators.js");
    for (const name of ["validator.config.toml", "rpc.config.toml"]) {
      const config = parse(await readFile(path.join(TEMPLATES, name), "utf8")) as Record<string, unknown>;
      expect(config["min-gas-price"], name).to.equal(0);
      expect(config["permissions-accounts-config-file-enabled"], name).to.equal(true);
      expect(config["permissions-nodes-config-file-enabled"], name).to.equal(true);
      expect(config["rpc-max-logs-range"], name).to.equal(5000);
      expect(config["revert-reason-enabled"], name).to.equal(true);
      expect(config["rpc-http-api"], name).to.include("PERM");
    }
    const example = await readPermissionsFile(path.join(TEMPLATES, "permissions_config.example.toml"));
    expect(example.accountsAllowlist).to.have.length(2);
    expect(example.nodesAllowlist).to.have.length(1);
    const operators = parseOperators(await readFile(path.join(TEMPLATES, "operators.example.json"), "utf8"), "operators.example.json");
    expect(operators.map((o) => o.role)).to.deep.equal(["deployer", "compliance", "servicer"]);
    const genesis = JSON.parse(await readFile(path.join(TEMPLATES, "genesis.template.json"), "utf8"));
    expect(genesis.config.chainId).to.equal(MBS_CHAIN_ID);
    expect(genesis.config).to.include({ londonBlock: 0, zeroBaseFee: true });
    expect(BigInt(genesis.gasLimit)).to.equal(30_000_000n);
  });

  it("reports a broken permissions file by line and field", async () => {
    const { parsePermissionsToml } = await import("../../src/network/permissionsFile.js");
    expect(() => parsePermissionsToml('accounts-allowlist=["0x12"]\nnodes-allowlist=["enode://x@h:1"]\nextra=1\n', "p.toml")).to.throw(
      /p\.toml:1 accounts-allowlist="0x12": not a 0x-prefixed 20-byte address[\s\S]*p\.toml:2 nodes-allowlist="enode:\/\/x@h:1": not an enode URL[\s\S]*p\.toml:3 extra: unknown key/,
    );
    expect(() => parsePermissionsToml("accounts-allowlist=[", "q.toml")).to.throw(/q\.toml:1: not valid TOML/);
  });
});
