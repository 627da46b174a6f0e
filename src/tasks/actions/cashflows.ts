import { cashflowsForOutput, formatCashflows, runCashflows } from "../../analytics/commands.js";
import { printWarnings, projectionInputs } from "./analytics-args.js";
import type { ProjectionArgs } from "./analytics-args.js";
import { reportingErrors } from "../common/reporter.js";

export default async function cashflows(args: ProjectionArgs): Promise<void> {
  await reportingErrors(async () => {
    const { pool, prepay, defaults, warnings } = await projectionInputs(args);
    const result = runCashflows(pool, prepay, defaults);
    printWarnings(warnings);
    console.log(args.json ? JSON.stringify(cashflowsForOutput(result), null, 2) : formatCashflows(result));
  });
}
