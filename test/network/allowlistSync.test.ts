import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Wallet } from "ethers";

import { MbsError } from "../../src/errors.js";
import { desiredAllowlist, formatAllowlistSync, planNode, syncAllowlist } from "../../src/network/allowlistSync.js";
import { readPermissionsFile } from "../../src/network/permissionsFile.js";
import type { RegistrySnapshot } from "../../src/network/registryInvestors.js";
import { startPermStandIn, type PermStandIn } from "../helpers/permStandIn.js";

const address = () => Wallet.createRandom().address;
const ENODE = `enode://${"ab".repeat(64)}@10.0.0.1:30303`;

function snapshot(entries: { account: string; status: RegistrySnapshot["investors"][number]["status"] }[]): RegistrySnapshot {
  return {
    registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    blockNumber: 42,
    blockTimestamp: 1_800_000_000n,
    investors: entries.map((e) => ({ ...e, verifiedUntil: e.status === "verified" ? 1_900_000_000n : 0n })),
  };
}

describe("allowlist plan", () => {
  const deployer = { role: "deployer", address: address() };

  it("allows verified investors and operators only, and says why the others are left out", () => {
    const [a, b, c, d] = [address(), address(), address(), address()];
    const desired = desiredAllowlist(
      snapshot([
        { account: a, status: "verified" },
        { account: b, status: "expired" },
        { account: c, status: "frozen" },
        { account: d, status: "revoked" },
      ]),
      [deployer],
    );
    expect([...desired.allowed.keys()].sort()).to.deep.equal([a, deployer.address].map((x) => x.toLowerCase()).sort());
    expect(desired.excluded).to.deep.equal([
      { account: b, status: "expired" },
      { account: c, status: "frozen" },
      { account: d, status: "revoked" },
    ]);
  });

  it("keeps an operator allowed even if the registry froze its wallet", () => {
    const desired = desiredAllowlist(snapshot([{ account: deployer.address, status: "frozen" }]), [deployer]);
    expect(desired.allowed.get(deployer.address.toLowerCase())).to.deep.equal({ kind: "operator", role: "deployer" });
    expect(desired.excluded).to.deep.equal([]);
  });

  it("adds what is missing and removes what is no longer allowed, comparing addresses case-insensitively", () => {
    const [keep, add, drop] = [address(), address(), address()];
    const desired = desiredAllowlist(snapshot([{ account: keep, status: "verified" }, { account: add, status: "verified" }]), [deployer]);
    const plan = planNode("http://n", [keep.toUpperCase().replace("0X", "0x"), drop, deployer.address], desired);
    expect(plan.toAdd).to.deep.equal([add.toLowerCase()]);
    expect(plan.toRemove).to.deep.equal([drop.toLowerCase()]);
  });
});

describe("mbs besu allowlist-sync against a stand-in speaking Besu's PERM API", () => {
  let dir: string;
  const nodes: PermStandIn[] = [];
  const operators = [
    { role: "deployer", address: address() },
    { role: "compliance", address: address() },
  ];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "mbs-allowlist-"));
  });
  afterEach(async () => {
    while (nodes.length > 0) await nodes.pop()!.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function node(name: string, accounts: string[], options: { permApiEnabled?: boolean; accountsAllowlistEnabled?: boolean } = {}): Promise<PermStandIn> {
    const file = path.join(dir, `${name}.toml`);
    await writeFile(file, `accounts-allowlist=[${accounts.map((a) => `"${a.toLowerCase()}"`).join(",")}]\nnodes-allowlist=["${ENODE}"]\n`);
    const standIn = await startPermStandIn({ permissionsFile: file, ...options });
    nodes.push(standIn);
    return standIn;
  }

  it("brings every node to exactly the verified investors plus operators, and a re-run sends no change", async () => {
    const [alice, bob, carol, stale] = [address(), address(), address(), address()];
    const registry = snapshot([
      { account: alice, status: "verified" },
      { account: bob, status: "verified" },
      { account: carol, status: "expired" },
    ]);
    const n1 = await node("n1", [operators[0]!.address, carol, stale]);
    const n2 = await node("n2", []);
    const result = await syncAllowlist(registry, operators, { nodes: [n1.url, n2.url], maxRemovals: 10, dryRun: false });

    const expected = [alice, bob, ...operators.map((o) => o.address)].map((a) => a.toLowerCase()).sort();
    expect(n1.allowlist().sort()).to.deep.equal(expected);
    expect(n2.allowlist().sort()).to.deep.equal(expected);
    expect(result.nodes[0]!.toRemove).to.deep.equal([carol, stale].map((a) => a.toLowerCase()).sort());
    // Documented shape: one parameter, the list of addresses; additions before removals.
    const n1Changes = n1.requests.filter((r) => r.method !== "perm_getAccountsAllowlist");
    expect(n1Changes.map((r) => r.method)).to.deep.equal(["perm_addAccountsToAllowlist", "perm_removeAccountsFromAllowlist"]);
    expect(n1Changes[0]!.params).to.have.length(1);
    expect(n1Changes[0]!.params[0]).to.be.an("array");

    // The node persisted the change in its own file, which still parses (and kept its nodes list).
    const n1File = await readPermissionsFile(path.join(dir, "n1.toml"));
    expect(n1File.accountsAllowlist.sort()).to.deep.equal(expected);
    expect(n1File.nodesAllowlist).to.deep.equal([ENODE]);

    const [before1, before2] = [n1.requests.length, n2.requests.length];
    const again = await syncAllowlist(registry, operators, { nodes: [n1.url, n2.url], maxRemovals: 10, dryRun: false });
    const sent = [...n1.requests.slice(before1), ...n2.requests.slice(before2)].map((r) => r.method);
    expect(sent.filter((m) => m !== "perm_getAccountsAllowlist")).to.deep.equal([]);
    expect(again.nodes.every((n) => n.toAdd.length === 0 && n.toRemove.length === 0)).to.equal(true);
    expect(formatAllowlistSync(result)).to.contain(`left out: ${carol} (expired)`);
  });

  it("writes the permissions file with the same accounts (lower case) and keeps its nodes-allowlist", async () => {
    const alice = address();
    const file = path.join(dir, "permissions_config.toml");
    await writeFile(file, `nodes-allowlist=["${ENODE}"]\naccounts-allowlist=["${operators[0]!.address.toLowerCase()}"]\n`);
    await syncAllowlist(snapshot([{ account: alice, status: "verified" }]), operators, { nodes: [], permissionsFile: file, maxRemovals: 10, dryRun: false });
    const parsed = await readPermissionsFile(file);
    expect(parsed.accountsAllowlist).to.deep.equal([alice, ...operators.map((o) => o.address)].map((a) => a.toLowerCase()).sort());
    expect(parsed.nodesAllowlist).to.deep.equal([ENODE]);
    // Lower case, as Besu holds them in memory (it refuses to persist when file and memory differ).
    expect(await readFile(file, "utf8")).to.not.match(/"0x[0-9a-f]*[A-F]/);
  });

  it("writes a new permissions file without a nodes-allowlist rather than an empty one", async () => {
    const file = path.join(dir, "accounts.toml");
    await syncAllowlist(snapshot([]), operators, { nodes: [], permissionsFile: file, maxRemovals: 10, dryRun: false });
    const text = await readFile(file, "utf8");
    expect(text).to.not.contain("nodes-allowlist");
    expect((await readPermissionsFile(file)).accountsAllowlist).to.have.length(2);
  });

  it("changes nothing on any node when one node would lose more accounts than --max-removals", async () => {
    const many = Array.from({ length: 5 }, address);
    const n1 = await node("n1", []);
    const n2 = await node("n2", many);
    await expectMbsError(syncAllowlist(snapshot([]), operators, { nodes: [n1.url, n2.url], maxRemovals: 3, dryRun: false }), /would remove 5 accounts \(more than --max-removals 3\); nothing was changed on any node/);
    expect(n1.allowlist()).to.deep.equal([]);
    expect(n2.allowlist()).to.have.length(5);
    expect([...n1.requests, ...n2.requests].map((r) => r.method)).to.deep.equal(["perm_getAccountsAllowlist", "perm_getAccountsAllowlist"]);
  });

  it("sends nothing and writes nothing on a dry run", async () => {
    const n1 = await node("n1", []);
    const file = path.join(dir, "dry.toml");
    const result = await syncAllowlist(snapshot([{ account: address(), status: "verified" }]), operators, { nodes: [n1.url], permissionsFile: file, maxRemovals: 10, dryRun: true });
    expect(result.nodes[0]!.toAdd).to.have.length(3);
    expect(n1.requests.map((r) => r.method)).to.deep.equal(["perm_getAccountsAllowlist"]);
    await expectMbsError(readFile(file, "utf8"), /ENOENT/);
  });

  it("tells the operator what to fix when a node has no PERM API, no account permissioning, or an edited file", async () => {
    const noPerm = await node("a", [], { permApiEnabled: false });
    await expectMbsError(syncAllowlist(snapshot([]), operators, { nodes: [noPerm.url], maxRemovals: 10, dryRun: false }), /the PERM API is not enabled \(add PERM to --rpc-http-api\)/);
    const noAccounts = await node("b", [], { accountsAllowlistEnabled: false });
    await expectMbsError(syncAllowlist(snapshot([]), operators, { nodes: [noAccounts.url], maxRemovals: 10, dryRun: false }), /--permissions-accounts-config-file-enabled/);
    const edited = await node("c", [operators[0]!.address]);
    await writeFile(path.join(dir, "c.toml"), 'accounts-allowlist=[]\nnodes-allowlist=[]\n'); // edited behind the node's back
    await expectMbsError(syncAllowlist(snapshot([]), operators, { nodes: [edited.url], maxRemovals: 10, dryRun: false }), /out of sync.*perm_reloadPermissionsFromFile/);
  });

  it("reports a node that cannot be reached", async () => {
    await expectMbsError(syncAllowlist(snapshot([]), operators, { nodes: ["http://127.0.0.1:1"], maxRemovals: 10, dryRun: false }), /cannot reach the JSON-RPC node at http:\/\/127\.0\.0\.1:1/);
  });
});

describe("the PERM stand-in behaves like Besu", () => {
  let dir: string;
  let standIn: PermStandIn;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "mbs-standin-"));
    await writeFile(path.join(dir, "p.toml"), 'accounts-allowlist=["0x0000000000000000000000000000000000000009"]\n');
    standIn = await startPermStandIn({ permissionsFile: path.join(dir, "p.toml") });
  });
  after(async () => {
    await standIn.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function call(method: string, params: unknown[]) {
    const response = await fetch(standIn.url, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: 7, method, params }) });
    return (await response.json()) as { id: number; result?: unknown; error?: { code: number; message: string } };
  }

  it("answers the documented examples", async () => {
    expect(await call("perm_getAccountsAllowlist", [])).to.deep.include({ id: 7, result: ["0x0000000000000000000000000000000000000009"] });
    const add = await call("perm_addAccountsToAllowlist", [["0xb9b81ee349c3807e46bc71aa2632203c5b462032", "0xb9b81ee349c3807e46bc71aa2632203c5b462034"]]);
    expect(add.result).to.equal("Success");
    expect((await call("perm_addAccountsToAllowlist", [["0xb9b81ee349c3807e46bc71aa2632203c5b462032"]])).error).to.deep.equal({ code: -32000, message: "Cannot add an existing account to allowlist" });
    expect((await call("perm_removeAccountsFromAllowlist", [["0x1111111111111111111111111111111111111111"]])).error?.message).to.equal("Cannot remove an absent account from allowlist");
    expect((await call("perm_addAccountsToAllowlist", [[]])).error?.message).to.equal("Request contains an empty list of accounts");
    expect((await call("perm_addAccountsToAllowlist", [["0x12"]])).error?.message).to.equal("Request contains an invalid account");
    expect((await call("perm_addAccountsToAllowlist", [["0x2222222222222222222222222222222222222222", "0x2222222222222222222222222222222222222222"]])).error?.message).to.equal("Request contains duplicate accounts");
    expect((await call("perm_removeAccountsFromAllowlist", [["0xB9B81EE349C3807E46BC71AA2632203C5B462034"]])).result).to.equal("Success");
    expect((await readPermissionsFile(path.join(dir, "p.toml"))).accountsAllowlist).to.deep.equal([
      "0x0000000000000000000000000000000000000009",
      "0xb9b81ee349c3807e46bc71aa2632203c5b462032",
    ]);
  });
});

async function expectMbsError(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect((error as Error).message).to.match(pattern);
    if (!/ENOENT/.test(pattern.source)) expect(error).to.be.instanceOf(MbsError);
    return;
  }
  expect.fail(`expected an error matching ${pattern}`);
}
