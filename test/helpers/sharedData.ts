import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project root (two levels above this file), whatever the working directory. */
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Real Fannie Mae loan-level sample in `shared/` beside the project (as on every clone and in CI). */
export const FANNIE_2000Q1 = {
  acquisition: path.join(projectRoot, "..", "shared", "data", "fannie-2000Q1", "Acquisition_2000Q1.txt"),
  performance: path.join(projectRoot, "..", "shared", "data", "fannie-2000Q1", "Performance_2000Q1-P.txt"),
} as const;
