import { numberOption, RANGES } from "../../analytics/commands.js";
import type { OptionText } from "../../analytics/commands.js";
import { fromUnits } from "../../analytics/deal/collateral.js";
import {
  dealCashFlowsForOutput, dealFromOption, formatDealCashFlows, isDealFilePath, runDealCashFlows,
} from "../../analytics/deal-cashflows.js";
import { loadDeal } from "../../deal/deal.js";
import { printWarnings, projectionInputs } from "./analytics-args.js";
import type { ProjectionArgs } from "./analytics-args.js";
import { reportingErrors } from "../common/reporter.js";

interface DealCashFlowsArgs extends ProjectionArgs {
  deal: OptionText;
  class: OptionText;
}

export default async function dealCashFlows(args: DealCashFlowsArgs): Promise<void> {
  await reportingErrors(async () => {
    const dealFile = args.deal !== undefined && isDealFilePath(args.deal) ? await loadDeal(args.deal) : undefined;
    const balance = args.balance === undefined ? undefined : numberOption("balance", args.balance, RANGES.money);
    const config = dealFromOption(args.deal, dealFile, balance);
    // --balance defaults to the deal's collateral.
    const { pool, prepay, defaults, warnings } = await projectionInputs({ ...args, balance: args.balance ?? String(fromUnits(config.originalPoolBalance)) });
    const report = runDealCashFlows(pool, prepay, defaults, config, args.class);
    printWarnings(warnings);
    console.log(args.json ? JSON.stringify(dealCashFlowsForOutput(report), null, 2) : formatDealCashFlows(report));
  });
}
