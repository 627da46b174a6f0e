import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project root (two levels above this file), whatever the working directory. */
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const folder = path.join(projectRoot, "test", "fixtures", "data", "fannie-2000Q1");

/** Real Fannie Mae loan-level sample, kept in the repository (provenance: its README.md). */
export const FANNIE_2000Q1 = {
  acquisition: path.join(folder, "Acquisition_2000Q1.txt"),
  performance: path.join(folder, "Performance_2000Q1-P.txt"),
} as const;
