import { emptyTask } from "hardhat/config";
import type { TaskDefinition } from "hardhat/types/tasks";
import { analyticsTasks } from "./analytics.js";
import { holdersTasks } from "./holders.js";
import { kycTasks } from "./kyc.js";
import { marketTasks } from "./market.js";
import { networkTasks } from "./network.js";
import { scenarioTasks } from "./scenarios.js";
import { remitTasks } from "./remit.js";
import { tokenizeTasks } from "./tokenize.js";

/**
 * Every `npx hardhat mbs …` command. Each area keeps its task definitions in its own file
 * (`src/tasks/<area>.ts`, exporting a `TaskDefinition[]`) with lazily imported actions in
 * `src/tasks/actions/`, and is listed here.
 */
export const mbsTasks: TaskDefinition[] = [
  emptyTask("mbs", "mbs-chain: tokenized mortgage pools (tokenize, remit, analytics …)").build(),
  ...scenarioTasks,
  ...analyticsTasks,
  ...tokenizeTasks,
  ...kycTasks,
  ...holdersTasks,
  ...marketTasks,
  ...networkTasks,
  ...remitTasks,
];
