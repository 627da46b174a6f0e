import path from "node:path";
import { expect } from "chai";
import hre from "hardhat";

/** EIP-170: the most runtime code a contract may deploy. */
const CODE_SIZE_LIMIT = 24_576;
/** Every deployable contract keeps at least this much spare, so the next feature never hits the wall. */
const REQUIRED_MARGIN = 4_096;
/** The contracts the platform deploys (directly or from a constructor): the check must see every one of them. */
const DEPLOYED = ["PoolToken", "PoolTokenEnforcement", "PoolTokenAdmin", "RestrictionMessages", "KycRegistry", "LoanPool", "TestStablecoin"];

async function contractRoots(): Promise<string[]> {
  const contractsDir = path.resolve(hre.config.paths.root, "contracts");
  return (await hre.solidity.getRootFilePaths()).filter((file) => file.startsWith(contractsDir + path.sep));
}

/** The exact compiler input (sources and settings) each contract file gets under `buildProfile`. */
async function solcInputs(buildProfile: string): Promise<Map<string, string>> {
  const jobs = await hre.solidity.getCompilationJobs(await contractRoots(), { buildProfile, quiet: true });
  if (!("success" in jobs) || jobs.success !== true) throw new Error(`no compilation jobs for the ${buildProfile} profile`);
  const inputs = new Map<string, string>();
  for (const [root, job] of jobs.indexedIndividualJobs) {
    const input = await job.getSolcInput();
    inputs.set(root, JSON.stringify({ version: job.solcConfig.version, language: input.language, sources: input.sources, settings: input.settings }));
  }
  return inputs;
}

/** Runtime size of every contract with code, from the artifacts of the build the test run made. */
async function runtimeSizes(): Promise<{ contract: string; bytes: number }[]> {
  const sizes: { contract: string; bytes: number }[] = [];
  for (const name of await hre.artifacts.getAllFullyQualifiedNames()) {
    if (!name.startsWith("contracts/")) continue;
    const artifact = await hre.artifacts.readArtifact(name);
    const bytes = (artifact.deployedBytecode.length - 2) / 2;
    // Interfaces and abstract contracts have no runtime code; internal-only libraries a stub of 86 bytes.
    if (bytes > 100) sizes.push({ contract: name, bytes });
  }
  return sizes;
}

describe("bytecode size", function () {
  it("keeps every deployable contract at least 4,096 bytes under the 24,576-byte limit", async function () {
    const sizes = await runtimeSizes();
    for (const expected of DEPLOYED) {
      expect(sizes.some((s) => s.contract.endsWith(`:${expected}`)), `${expected} is checked`).to.equal(true);
    }
    const tooBig = sizes.filter((s) => s.bytes > CODE_SIZE_LIMIT - REQUIRED_MARGIN);
    expect(tooBig.map((s) => `${s.contract}: ${s.bytes} bytes`)).to.deep.equal([]);
  });

  it("builds the same bytecode under the production profile (identical compiler input for every contract)", async function () {
    // `ignition deploy` compiles with the production profile. solc is deterministic, so identical input (sources,
    // settings, version) means identical bytecode: the sizes checked above are the sizes that get deployed.
    const tested = await solcInputs("default");
    const deployed = await solcInputs("production");
    expect([...deployed.keys()].sort()).to.deep.equal([...tested.keys()].sort());
    for (const [root, input] of deployed) {
      expect(input === tested.get(root), `${path.basename(root)} compiles differently under production`).to.equal(true);
    }
  });
});
