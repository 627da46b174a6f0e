import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project root (two levels above this file), whatever the working directory. */
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Real Fannie Mae loan-level sample, copied into the repository (provenance: its README.md). */
export const FANNIE_2000Q1 = {
  acquisition: path.join(projectRoot, "test", "fixtures", "fannie-2000Q1", "Acquisition_2000Q1.txt"),
  performance: path.join(projectRoot, "test", "fixtures", "fannie-2000Q1", "Performance_2000Q1-P.txt"),
} as const;
