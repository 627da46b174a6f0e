import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { defaultDeploymentId } from "../../chain/index.js";
import { loadDeal } from "../../deal/deal.js";
import { formatReport } from "../../pool/report.js";
import { deployLocalPlatform } from "../../tokenize/localPlatform.js";
import { checkManifestOwner, defaultManifestPath } from "../../tokenize/manifest.js";
import { moduleIdFor } from "../../tokenize/moduleSpec.js";
import { formatDeploymentLine, formatSummary, formatTapeNotes } from "../../tokenize/summary.js";
import { tokenize } from "../../tokenize/tokenize.js";
import { commandChain } from "../common/connect.js";
import { progressBar } from "../common/progress.js";
import { reportingErrors } from "../common/reporter.js";
import { required } from "../common/options.js";
import { runValidation, tapeFormatOption } from "./validate.js";

interface TokenizeArgs {
  tape: string | undefined;
  rules: string | undefined;
  deal: string | undefined;
  format: string;
  out: string | undefined;
  registry: string | undefined;
  cash: string | undefined;
  compliance: string | undefined;
  deploymentId: string | undefined;
  performance: string | undefined;
  excludeInvalid: boolean;
  dryRun: boolean;
  brief: boolean;
}

export default async function tokenizeAction(args: TokenizeArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    if (args.dryRun) {
      await runValidation(args);
      return;
    }
    const tapePath = required("tape", args.tape);
    const rulesPath = required("rules", args.rules);
    const dealPath = required("deal", args.deal);
    const format = tapeFormatOption(args.format);
    const deal = await loadDeal(dealPath);
    const chain = await commandChain(hre);
    const moduleId = moduleIdFor(deal.dealId);
    // One manifest per deployment: the default name follows --deployment-id, and another
    // deployment's manifest is never overwritten.
    const outPath = args.out ?? defaultManifestPath(args.deploymentId, moduleId, chain.networkName);
    const deploymentId = chain.inProcess ? null : (args.deploymentId ?? defaultDeploymentId(moduleId, chain.chainId));
    await checkManifestOwner(outPath, { deploymentId, chainId: chain.chainId });
    let registry = args.registry;
    if (registry === undefined && chain.inProcess) {
      const platform = await deployLocalPlatform(chain, deal, hre.config.paths.ignition);
      registry = platform.registry;
      console.error(
        `in-process network (a fresh chain that ends with this command) and no --registry: deployed a platform for this run, ` +
          `KYC registry ${platform.registry}, and onboarded the deal's ${platform.investors.length} investor(s) to it: ` +
          platform.investors.map((i) => `${i.account} as ${i.classes.join("+")}, country ${i.country}`).join("; ") +
          ". To keep a pool, run against a node (--network localhost) with your platform's registry.",
      );
    }
    const result = await tokenize(
      {
        tapePath,
        rulesPath,
        dealPath,
        format,
        excludeInvalid: args.excludeInvalid,
        ...(args.performance === undefined ? {} : { performancePath: args.performance }),
        registry,
        ...(args.cash === undefined ? {} : { cash: args.cash }),
        ...(args.compliance === undefined ? {} : { compliance: args.compliance }),
        ...(args.deploymentId === undefined ? {} : { deploymentId: args.deploymentId }),
        outPath,
        ignitionDir: hre.config.paths.ignition,
        onProgress: progressBar(),
        // Printed as each repair is made: a run that crashes again must still have said it.
        onJournalRepair: (repair) => console.error(`resumed after a crash: ${repair}`),
      },
      chain,
    );
    if (!args.brief) console.log(`${formatReport(result.pool.stats, result.pool.strats)}\n`);
    console.log(formatSummary(result.manifest, outPath));
    for (const line of formatTapeNotes(result.tape)) console.log(line);
    console.log(formatDeploymentLine(result.manifest.deploymentId, result.transactionsSent));
  });
}
