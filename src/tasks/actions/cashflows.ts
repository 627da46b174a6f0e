import { formatCashflows, reportingInputErrors, runCashflows } from "../../analytics/commands.js";
import { projectionInputs } from "./analytics-args.js";
import type { ProjectionArgs } from "./analytics-args.js";

export default async function cashflows(args: ProjectionArgs): Promise<void> {
  await reportingInputErrors(async () => {
    const { pool, prepay, defaults } = await projectionInputs(args);
    const { table: _table, ...result } = runCashflows(pool, prepay, defaults);
    console.log(args.json ? JSON.stringify(result, null, 2) : formatCashflows(result));
  });
}
