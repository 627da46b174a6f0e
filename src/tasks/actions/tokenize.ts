import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { InvalidInputError } from "../../errors.js";
import type { TapeFormat } from "../../tape/loan.js";
import { formatReport } from "../../pool/report.js";
import { commandChain } from "../shared/connect.js";
import { required } from "../shared/options.js";
import { reportingErrors } from "../shared/reporter.js";
import { moduleIdFor } from "../../tokenize/moduleSpec.js";
import { progressBar } from "../shared/progress.js";
import { formatDeploymentLine, formatSummary } from "../../tokenize/summary.js";
import { tokenize } from "../../tokenize/tokenize.js";
import { loadDeal } from "../../deal/deal.js";

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
  excludeInvalid: boolean;
  brief: boolean;
}

const FORMATS = ["auto", "generic", "fannie-legacy", "fannie", "freddie"] as const satisfies readonly (TapeFormat | "auto")[];


export default async function tokenizeAction(args: TokenizeArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const tapePath = required("tape", args.tape);
    const rulesPath = required("rules", args.rules);
    const dealPath = required("deal", args.deal);
    const format = FORMATS.find((f) => f === args.format);
    if (format === undefined) throw new InvalidInputError("--format", `"${args.format}" is not one of ${FORMATS.join(", ")}`);
    const chain = await commandChain(hre);
    const outPath = args.out ?? path.join("manifests", `${moduleIdFor((await loadDeal(dealPath)).dealId)}.${chain.networkName}.json`);
    const result = await tokenize(
      {
        tapePath,
        rulesPath,
        dealPath,
        format,
        excludeInvalid: args.excludeInvalid,
        registry: args.registry,
        ...(args.cash === undefined ? {} : { cash: args.cash }),
        ...(args.compliance === undefined ? {} : { compliance: args.compliance }),
        ...(args.deploymentId === undefined ? {} : { deploymentId: args.deploymentId }),
        outPath,
        ignitionDir: hre.config.paths.ignition,
        onProgress: progressBar(),
        onJournalRepair: (repair) => console.error(`resumed after a crash: ${repair}`),
      },
      chain,
    );
    if (!args.brief) console.log(`${formatReport(result.pool.stats, result.pool.strats)}\n`);
    console.log(formatSummary(result.manifest, outPath));
    console.log(formatDeploymentLine(result.manifest.deploymentId, result.transactionsSent));
  });
}
