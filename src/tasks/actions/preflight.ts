import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { formatPreflight, runPreflight, type DeployableArtifact } from "../../network/preflight.js";
import { rpcClientFromProvider } from "../../chain/index.js";
import { commandChain } from "../common/connect.js";
import { reportingErrors } from "../common/reporter.js";
import { buildEvmTarget } from "./build-target.js";

interface PreflightArgs {
  chainId: number;
  registry: string | undefined;
  admin: string | undefined;
  compliance: string | undefined;
  json: boolean;
}

/**
 * Every contract of the project's contracts/ folder (but its mocks/) that has creation code. Built with the current
 * profile: hardhat.config.ts gives `production` (what `ignition deploy` uses) the same settings, and
 * a test checks they agree, so the sizes are those of the deployed bytecode.
 */
async function deployableArtifacts(hre: HardhatRuntimeEnvironment): Promise<DeployableArtifact[]> {
  await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
  const artifacts: DeployableArtifact[] = [];
  for (const name of [...(await hre.artifacts.getAllFullyQualifiedNames())].sort()) {
    // The project's contracts, without the test doubles of contracts/mocks/ (never deployed to a real network).
    if (!name.startsWith("contracts/") || name.startsWith("contracts/mocks/")) continue;
    const artifact = await hre.artifacts.readArtifact(name);
    if (artifact.bytecode === "0x" || artifact.bytecode === "") continue; // interfaces, abstract contracts
    artifacts.push({ name: artifact.contractName, bytecode: artifact.bytecode, deployedBytecode: artifact.deployedBytecode });
  }
  return artifacts;
}

export default async function preflightAction(args: PreflightArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const artifacts = await deployableArtifacts(hre);
    const chain = await commandChain(hre);
    // The node's own answers (not ethers' interpretation): a refused opcode probe must look refused.
    const report = await runPreflight(rpcClientFromProvider(chain.connection.provider, `network ${chain.networkName}`), {
      expectedChainId: args.chainId,
      evmTarget: buildEvmTarget(hre),
      artifacts,
      deployer: chain.account,
      ...(args.registry !== undefined ? { registry: args.registry } : {}),
      ...(args.admin !== undefined ? { admin: args.admin } : {}),
      ...(args.compliance !== undefined ? { compliance: args.compliance } : {}),
    });
    console.log(args.json ? JSON.stringify(report, null, 2) : formatPreflight(report));
    if (!report.ok) process.exitCode = 1;
  });
}
