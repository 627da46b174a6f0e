import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { countTokenHolders } from "../../holders/count.js";
import { countHoldersJson, formatCountHolders } from "../../holders/format.js";
import { commandChain } from "../common/connect.js";
import { countProgress } from "../common/progress.js";
import { reportingErrors } from "../common/reporter.js";

interface HoldersCountArgs {
  token: string | undefined;
  fromBlock: number;
  logsRange: number;
  dryRun: boolean;
  json: boolean;
}

export default async function holdersCountAction(args: HoldersCountArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const chain = await commandChain(hre);
    const result = await countTokenHolders(
      { token: args.token, fromBlock: args.fromBlock, logsRange: args.logsRange, dryRun: args.dryRun, confirmations: chain.confirmations, onProgress: countProgress() },
      chain.signer,
    );
    console.log(args.json ? JSON.stringify(countHoldersJson(result), null, 2) : formatCountHolders(result));
  });
}
