import type { TaskDefinition } from "hardhat/types/tasks";

/** Every `npx hardhat mbs …` command. Each area registers its own tasks here. */
export const mbsTasks: TaskDefinition[] = [];
