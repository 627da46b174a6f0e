/**
 * The commands as a new user runs them first: no node, no registry, no flags beyond the files.
 * `mbs validate` and `mbs tokenize --dry-run` check everything with no chain; `mbs tokenize` on the
 * in-process network deploys a platform for the run and says so.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { hardhatCli, type CommandRun } from "../helpers/hardhatCli.js";

const FILES = ["--tape", "examples/tapes/generic-sample.csv", "--rules", "examples/rules/agency-conforming.json", "--deal", "examples/deals/senior-sub.json"];

function hardhat(args: string[]): Promise<CommandRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [hardhatCli(), ...args], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });
}

describe("mbs validate and mbs tokenize on the in-process network", function () {
  this.timeout(180_000);
  const dir = mkdtempSync(path.join(tmpdir(), "mbs-inprocess-"));

  it("validates tape, rules and deal with no chain and prints the report", async () => {
    const run = await hardhat(["mbs", "validate", ...FILES]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.include("WAC (%)").and.include("included          20").and.include("nothing was sent");
    const dry = await hardhat(["mbs", "tokenize", ...FILES, "--dry-run", "--brief"]);
    expect(dry.code, dry.stderr).to.equal(0);
    expect(dry.stdout).to.include("No chain was used and nothing was sent").and.not.include("WAC (%)");
  });

  it("reports a bad tape with file, line, field and reason and exit code 1, no stack trace", async () => {
    const run = await hardhat(["mbs", "validate", "--tape", "test/fixtures/tapes/bad/generic-ltv-above-cltv.csv", "--rules", FILES[3]!, "--deal", FILES[5]!]);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/generic-ltv-above-cltv\.csv:3 ltv="85": LTV 85 % is above CLTV 80 %/);
    expect(run.stderr).to.not.match(/^\s+at /m);
  });

  it("tokenizes in one command, deploying a platform for the run and saying so", async () => {
    const out = path.join(dir, "pool.json");
    const run = await hardhat(["mbs", "tokenize", ...FILES, "--brief", "--out", out]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.include("no --registry: deployed a platform for this run").and.include("onboarded the deal's 3 investor(s)");
    expect(run.stdout).to.include("in-process deployment: 13 transaction(s) sent");
    const manifest = JSON.parse(readFileSync(out, "utf8")) as { contracts: { kycRegistry: string } };
    expect(run.stderr).to.include(manifest.contracts.kycRegistry);
  });
});
