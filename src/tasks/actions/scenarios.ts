import { isDealFilePath } from "../../analytics/deal-cashflows.js";
import { formatScenarioTable, runScenarios } from "../../analytics/deal/scenarios.js";
import { scenarioGridFromCommand, scenarioReportForOutput } from "../../analytics/scenario-command.js";
import type { ScenarioCommandOptions } from "../../analytics/scenario-command.js";
import { loadDeal } from "../../deal/deal.js";
import { printWarnings } from "./analytics-args.js";
import { reportingErrors } from "../common/reporter.js";

export default async function scenarios(args: ScenarioCommandOptions & { json: boolean }): Promise<void> {
  await reportingErrors(async () => {
    const dealFile = args.deal !== undefined && isDealFilePath(args.deal) ? await loadDeal(args.deal) : undefined;
    const { grid, warnings } = scenarioGridFromCommand(args, dealFile);
    const report = runScenarios(grid);
    printWarnings(warnings);
    console.log(args.json ? JSON.stringify(scenarioReportForOutput(report), null, 2) : formatScenarioTable(report));
  });
}
