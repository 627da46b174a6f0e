import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { formatSetRules, setRulesJson } from "../../holders/format.js";
import { setTransferRules } from "../../holders/rules.js";
import { commandChain } from "../common/connect.js";
import { reportingErrors } from "../common/reporter.js";

interface HoldersRulesArgs {
  token: string | undefined;
  classes: string | undefined;
  minHolding: string | undefined;
  maxHolders: string | undefined;
  lockupUntil: string | undefined;
  blockedCountries: string | undefined;
  dryRun: boolean;
  json: boolean;
}

export default async function holdersRulesAction(args: HoldersRulesArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const chain = await commandChain(hre);
    const { token, classes, minHolding, maxHolders, lockupUntil, blockedCountries, dryRun } = args;
    const result = await setTransferRules({ token, classes, minHolding, maxHolders, lockupUntil, blockedCountries, dryRun, confirmations: chain.confirmations }, chain.signer);
    console.log(args.json ? JSON.stringify(setRulesJson(result), null, 2) : formatSetRules(result));
  });
}
