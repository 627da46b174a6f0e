import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { onboardInvestors } from "../../kyc/onboard.js";
import { batchProgress } from "../common/progress.js";
import { formatOnboardSummary } from "../../kyc/summary.js";
import { required } from "../common/options.js";
import { reportingErrors } from "../common/reporter.js";
import { commandChain } from "../common/connect.js";

interface OnboardArgs {
  registry: string | undefined;
  file: string | undefined;
  batchSize: number;
  dryRun: boolean;
}

export default async function kycOnboardAction(args: OnboardArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const file = required("file", args.file, "the investor CSV");
    const chain = await commandChain(hre);
    const result = await onboardInvestors(
      { registry: args.registry, file, batchSize: args.batchSize, dryRun: args.dryRun, onProgress: batchProgress() },
      chain.signer,
    );
    console.log(formatOnboardSummary(result));
  });
}
