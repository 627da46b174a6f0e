import { execFile } from "node:child_process";
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

export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npx hardhat <args> --network localhost` against the node at `url`, as a user would. */
export function runHardhatOnNode(url: string, args: string[]): Promise<CommandRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [hardhatCli(), ...args, "--network", "localhost"],
      { env: { ...process.env, MBS_RPC_URL: url }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });
}
