import { MbsError } from "../../errors.js";
import type { ScenarioOptions } from "../../analytics/deal/scenario-options.js";
import { isDealFilePath, scenarioGridFromOptions } from "../../analytics/deal/scenario-options.js";
import { loadDeal } from "../../deal/deal.js";
import { formatScenarioTable, runScenarios } from "../../analytics/deal/scenarios.js";

export default async function scenarios(args: ScenarioOptions & { json: boolean }): Promise<void> {
  try {
    const dealFile = isDealFilePath(args.deal) ? await loadDeal(args.deal) : undefined;
    const report = runScenarios(scenarioGridFromOptions(args, dealFile));
    console.log(args.json ? JSON.stringify(report, null, 2) : formatScenarioTable(report));
  } catch (e) {
    // Bad input is the user's to fix: say which and why, without a stack trace.
    if (!(e instanceof MbsError)) throw e;
    console.error(`mbs scenarios: ${e.message}`);
    process.exitCode = 1;
  }
}
