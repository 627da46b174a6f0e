import { expect } from "chai";
import { join } from "node:path";
import { copyFileSync } from "node:fs";
import { loadTape } from "../../src/tape/index.js";
import { parseCutoff } from "../../src/tape/fields.js";
import { stateFromTape } from "../../src/remittance/state.js";
import { loanHistory, remittanceFiles, replayPeriods } from "../../src/remit/history.js";
import { readEntry, writeEntry } from "../../src/remit/journal.js";
import { initialState } from "../../src/analytics/deal/waterfall.js";
import { fixtures, tempDir } from "../remittance/helpers.js";

async function genericPool() {
  const { loans } = await loadTape(join(fixtures, "generic-tape.csv"), { cutoff: "2026-01" });
  return stateFromTape(loans, parseCutoff("2026-01"));
}

describe("periods rebuilt from their servicer files", () => {
  it("replays the months in order whatever order the files come in, and stops where the files do", async () => {
    const files = [join(fixtures, "generic-2026-03.csv"), join(fixtures, "generic-2026-02.csv"), join(fixtures, "generic-tape.csv")];
    const periods = await replayPeriods(await genericPool(), files);
    expect(periods.map((p) => p.period.report.reportingMonth)).to.deep.equal(["2026-02", "2026-03"]);
    expect(periods.map((p) => p.period.report.period)).to.deep.equal([1, 2]);
  });

  it("names the missing month when a period is asked for and its file is absent", async () => {
    let caught: unknown;
    try {
      await replayPeriods(await genericPool(), [join(fixtures, "generic-2026-03.csv")], { lastPeriod: 2 });
    } catch (e) {
      caught = e;
    }
    expect(String(caught)).to.include("no servicer file for 2026-02 (period 1)");
  });

  it("lists a folder's files", async () => {
    const dir = tempDir();
    copyFileSync(join(fixtures, "generic-2026-02.csv"), join(dir, "b.csv"));
    copyFileSync(join(fixtures, "generic-2026-03.csv"), join(dir, "a.csv"));
    expect((await remittanceFiles([dir])).map((f) => f.slice(-5))).to.deep.equal(["a.csv", "b.csv"]);
  });

  it("gives a loan's life period by period, each line proven against the root held for it", async () => {
    const periods = await replayPeriods(await genericPool(), [join(fixtures, "generic-2026-02.csv"), join(fixtures, "generic-2026-03.csv")]);
    const roots = new Map(periods.map((p) => [p.period.report.period, p.period.report.loanRoot as string]));
    const life = await loanHistory(periods, "L000000003", async (n) => roots.get(n));
    expect(life.map((l) => [l.proof.reportingMonth, l.proof.line.status, l.verified])).to.deep.equal([
      ["2026-02", "delinquent", true],
      ["2026-03", "current", true],
    ]);
    // A root that is not the period's proves nothing.
    const forged = await loanHistory(periods, "L000000003", async () => roots.get(1));
    expect(forged.map((l) => l.verified)).to.deep.equal([true, false]);
    // A paid-off loan's history ends with its payoff month.
    const paid = await loanHistory(periods, "L000000002", async (n) => roots.get(n));
    expect(paid.map((l) => l.proof.line.status)).to.deep.equal(["prepaid"]);
  });
});

describe("remittance journal", () => {
  it("keeps a period's report, flags, pool, deal state and speeds exactly", async () => {
    const periods = await replayPeriods(await genericPool(), [join(fixtures, "generic-2026-02.csv")]);
    const p = periods[0]!.period;
    const deal = initialState({ name: "x", originalPoolBalance: 1_000n, principalMode: "sequential", classes: [{ id: "A", kind: "standard", originalBalance: 1_000n, couponPpm: 1 }] });
    const root = tempDir();
    const entry = {
      period: 1, reportingMonth: "2026-02", reportHash: "0x01",
      file: { path: p.file.file, fileHash: p.file.fileHash, format: p.file.format },
      report: p.report, flags: [...p.flags], pool: p.reconciliation.next, deal, speeds: { smm: [0.01], mdr: [0] },
    };
    await writeEntry(root, entry);
    const back = await readEntry(root, 1);
    expect(back).to.deep.equal(entry);
    expect(await readEntry(root, 2)).to.equal(undefined);
  });
});
