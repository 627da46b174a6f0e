import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/** Absolute path of Hardhat's CLI entry (from its package.json `bin`; `hardhat/cli` is not an export). */
export function hardhatCli(): string {
  const manifestPath = require.resolve("hardhat/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin: string | Record<string, string> };
  const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin.hardhat;
  if (bin === undefined) throw new Error("hardhat's package.json names no `hardhat` bin");
  return path.join(path.dirname(manifestPath), bin);
}
