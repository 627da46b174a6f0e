import { expect } from "chai";
import { network } from "hardhat";
import { writeFileSync, readFileSync } from "node:fs";
import { runRemit, type RemitOptions, type RemitStep } from "../../src/remit/cycle.js";
import { statementsFromChain } from "../../src/remit/statements.js";
import { attestedReports, monthEndSeconds, openDeal } from "../../src/remit/onchain.js";
import { formatUtc } from "../../src/units.js";
import { packReconciliationWarnings, unpackReconciliationWarnings } from "../../src/remittance/warnings.js";
import { ReconciliationError } from "../../src/remittance/period.js";
import { ValidationError } from "../../src/errors.js";
import { remitFixture, type RemitFixture } from "./fixtures.js";
import { tempDir } from "../remittance/helpers.js";

const connection = await network.create();

function options(f: RemitFixture, month: number, extra: Partial<RemitOptions> = {}): RemitOptions {
  return {
    file: f.demo.files[month - 1]!,
    start: f.demo.pool,
    history: f.demo.files.slice(0, month - 1),
    dealName: f.deal.name,
    waterfall: f.deployment.waterfall.target as string,
    lens: f.deployment.lens.target as string,
    fromBlock: f.fromBlock,
    servicer: f.servicer,
    trustee: f.trustee,
    ...extra,
  };
}

async function events(f: RemitFixture, name: string): Promise<number> {
  const contract = name === "ReportSubmitted" || name === "ReportAttested" ? f.deployment.reports : f.deployment.waterfall;
  return (await contract.queryFilter(contract.getEvent(name as never), f.fromBlock)).length;
}

describe("mbs remit: one period of the monthly cycle on chain", () => {
  it("reads, reconciles, previews, submits, attests, funds and executes a period; the statement from the logs is the preview's", async function () {
    this.timeout(300_000);
    const f = await remitFixture(connection);
    // One loan reported 60 days late straight from current: a delinquency jump, a warning under the default policy.
    const file = `${tempDir()}/servicer-01.csv`;
    const rows = readFileSync(f.demo.files[0]!, "utf8").split("\n");
    rows[1] = rows[1]!.replace(",current,", ",60,");
    writeFileSync(file, rows.join("\n"));
    const out = await runRemit(options(f, 1, { file }));
    expect(out.steps.filter((s) => s.outcome === "sent").map((s) => s.step)).to.deep.equal(["record-date", "submit", "attest", "fund", "execute"]);
    // Run by the servicer long after the month end, the record date says it is late.
    expect(out.steps[1]!.detail).to.match(/for the record date 2026-02-28 23:59:59 UTC, marked at .* after the month end \(no keeper ran at the boundary\)/);
    const state = await f.deployment.waterfall.dealState();
    expect(state.period).to.equal(1n);
    const deal = await openDeal(connection.ethers.provider, f.deployment.waterfall.target as string, undefined, f.fromBlock);
    const [fromChain] = await statementsFromChain(deal, { ...f.deal, classes: out.deal!.classes }, connection.ethers.provider, { initialLoanCount: f.demo.pool.loans.size, cutoffMonth: f.demo.pool.asOf });
    const preview = out.preview!.statement;
    // The warnings reconciliation let through are attested with the report, countable from the logs alone.
    const [onChain] = await attestedReports(deal, connection.ethers.provider);
    expect(out.remittance!.flags.map((x) => x.code)).to.include("delinquency-jump");
    expect(out.remittance!.flags.every((x) => x.severity === "warning")).to.equal(true);
    expect(onChain!.reconciliationWarnings).to.equal(packReconciliationWarnings(out.remittance!.flags));
    expect(fromChain!.reconciliationWarnings).to.deep.equal(unpackReconciliationWarnings(onChain!.reconciliationWarnings));
    // Everything the chain carries is the preview's, to the unit.
    expect({ ...fromChain!, pool: { ...fromChain!.pool, liquidationCount: 0 }, deal: "" }).to.deep.equal({ ...preview, pool: { ...preview.pool, liquidationCount: 0 }, deal: "" });
  });

  it("reads the attested history in one walk of the registry's logs, and the statements' waterfall lines in one more", async function () {
    this.timeout(300_000);
    const f = await remitFixture(connection);
    let config = f.deal;
    for (let month = 1; month <= 2; month++) config = { ...f.deal, classes: (await runRemit(options(f, month))).deal!.classes };
    const provider = connection.ethers.provider;
    let getLogs = 0;
    const counting = new Proxy(provider, {
      get(target, key) {
        if (key === "getLogs") getLogs += 1;
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const deal = await openDeal(provider, f.deployment.waterfall.target as string, undefined, f.fromBlock);
    const reports = await attestedReports(deal, counting);
    expect(reports.map((r) => r.period)).to.deep.equal([1, 2]);
    // The range is far below one chunk: one eth_getLogs for both events.
    expect(getLogs).to.equal(1);
    // The statements: the registry's history, then every waterfall line's event in one more walk.
    getLogs = 0;
    const statements = await statementsFromChain(deal, config, counting, { initialLoanCount: f.demo.pool.loans.size, cutoffMonth: f.demo.pool.asOf });
    expect(statements.map((x) => x.period)).to.deep.equal([1, 2]);
    expect(getLogs).to.equal(2);
  });

  it("is idempotent: the same command again sends nothing", async function () {
    this.timeout(300_000);
    const f = await remitFixture(connection);
    await runRemit(options(f, 1));
    const again = await runRemit(options(f, 1));
    expect(again.steps.filter((s) => s.outcome === "sent")).to.deep.equal([]);
    expect(await events(f, "PeriodExecuted")).to.equal(1);
  });

  it("runs each step on its own, servicer and trustee in separate calls, and a crash after any step finishes exactly once", async function () {
    this.timeout(600_000);
    const f = await remitFixture(connection);
    const journal = tempDir();
    const order: RemitStep[] = ["record-date", "submit", "attest", "fund", "execute"];
    // Period 1 step by step, each step a separate "process" with only the key it needs; the keeper (anyone)
    // marks the record date without the servicer's file.
    for (const step of order) {
      const who =
        step === "record-date" ? { servicer: undefined, trustee: undefined, file: undefined, keeper: f.outsider }
        : step === "attest" ? { servicer: undefined, trustee: f.trustee }
        : { trustee: undefined, executor: step === "execute" ? f.outsider : undefined };
      await runRemit(options(f, 1, { steps: [step], journal, ...who }));
    }
    expect((await f.deployment.waterfall.dealState()).period).to.equal(1n);
    // Periods 2 … 4: stop after each prefix of steps (a crash), then the whole command again.
    for (let month = 2; month <= 4; month++) {
      const prefix = order.slice(0, month - 1);
      await runRemit(options(f, month, { steps: prefix, journal }));
      await runRemit(options(f, month, { journal }));
      expect((await f.deployment.waterfall.dealState()).period).to.equal(BigInt(month));
    }
    for (const e of ["ReportSubmitted", "ReportAttested", "Funded", "PeriodExecuted", "RecordDateMarked"]) expect(await events(f, e), e).to.equal(4);
  });

  it("recognizes periods older than the registry's held hashes from the logs, checked against its chain head", async function () {
    this.timeout(600_000);
    const held = 12;
    const last = held + 2;
    const f = await remitFixture(connection, { months: last, cutoff: "2024-01" });
    expect(await f.deployment.reports.HASHES_HELD()).to.equal(BigInt(held));
    const journal = tempDir();
    for (let month = 1; month <= last; month++) await runRemit(options(f, month, { journal }));
    await expect(f.deployment.reports.attestedHash(1)).to.be.revertedWithCustomError(f.deployment.reports, "ReportsHistoryInLogs");
    // Period 1 again, whole or step by step (without the journal: rebuilt from the files): nothing to send.
    const again = await runRemit(options(f, 1));
    expect(again.steps.filter((s) => s.outcome === "sent")).to.deep.equal([]);
    expect(again.steps.at(-1)!.detail).to.include("already executed on this report");
    for (const step of ["submit", "attest"] as const) {
      const out = await runRemit(options(f, 2, { steps: [step] }));
      expect(out.steps.filter((s) => s.outcome === "sent")).to.deep.equal([]);
      expect(out.steps.at(-1)!.detail).to.include("period 2 was already executed on this report");
    }
    // Another file for an executed period is named as such.
    const other = `${tempDir()}/other.csv`;
    const rows = readFileSync(f.demo.files[1]!, "utf8").split("\n");
    const current = rows.findIndex((l, k) => k > 0 && l.includes(",current,"));
    rows[current] = rows[current]!.replace(",current,", ",60,");
    writeFileSync(other, rows.join("\n"));
    let caught: unknown;
    try {
      await runRemit(options(f, 2, { file: other }));
    } catch (e) {
      caught = e;
    }
    expect(String((caught as Error).message)).to.match(/period 2 was executed on a different report/);
    for (const e of ["ReportAttested", "PeriodExecuted"]) expect(await events(f, e), e).to.equal(last);
  });

  it("carries a later recovery on a liquidated loan to the waterfall, which writes the junior class back up, as the model says", async function () {
    this.timeout(300_000);
    const f = await remitFixture(connection, { recoveryShare: 0.5 });
    const liquidation = f.demo.liquidationMonth;
    let lossWritten = 0n;
    for (let month = 1; month <= liquidation + 1; month++) {
      const out = await runRemit(options(f, month, { history: undefined, journal: undefined, ...(month === 1 ? {} : { history: f.demo.files.slice(0, month - 1) }) }));
      const r = out.preview!.result;
      if (month === liquidation) lossWritten = r.classes.reduce((s, c) => s + c.lossAllocated, 0n);
      if (month === liquidation + 1) {
        expect(out.remittance!.report.recoveries, "the month after the liquidation reports a recovery").to.be.greaterThan(0n);
        const writeUp = r.classes.map((c) => (c as { writeUp?: bigint }).writeUp ?? 0n);
        expect(writeUp.reduce((s, w) => s + w, 0n)).to.be.greaterThan(0n);
        expect(writeUp.reduce((s, w) => s + w, 0n)).to.be.at.most(lossWritten + r.classes.reduce((s, c) => s + c.lossAllocated, 0n) + out.remittance!.report.recoveries);
      }
    }
    expect(lossWritten, "the liquidation wrote a class down").to.be.greaterThan(0n);
    const deal = await openDeal(connection.ethers.provider, f.deployment.waterfall.target as string, undefined, f.fromBlock);
    const config = { ...f.deal, classes: (await runRemit(options(f, liquidation + 1, { steps: ["reconcile"], history: f.demo.files.slice(0, liquidation) }))).deal!.classes };
    const statements = await statementsFromChain(deal, config, connection.ethers.provider, { initialLoanCount: f.demo.pool.loans.size, cutoffMonth: f.demo.pool.asOf });
    expect(statements.at(-1)!.total.writeUp).to.be.greaterThan(0n);
    expect(statements.at(-1)!.pool.recoveries).to.be.greaterThan(0n);
  });

  it("marks a record date only once its collection month has ended, then once, and pays that period's holders of record", async function () {
    this.timeout(300_000);
    // A pool cut off in the chain's current month: period 1's collection month is next month.
    const now = new Date((await connection.ethers.provider.getBlock("latest"))!.timestamp * 1000);
    const cutoff = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}`;
    const f = await remitFixture(connection, { cutoff });
    const recordDate = monthEndSeconds(f.demo.pool.asOf + 1);
    const keeper = { steps: ["record-date"] as RemitStep[], servicer: undefined, trustee: undefined, file: undefined, keeper: f.outsider };
    const blockBefore = await connection.ethers.provider.getBlockNumber();
    let early: unknown;
    try {
      await runRemit(options(f, 1, keeper));
    } catch (e) {
      early = e;
    }
    expect(String((early as Error).message)).to.include(`period 1's record date is ${formatUtc(recordDate)}, the end of its collection month`);
    expect(String((early as Error).message)).to.include(`from ${formatUtc(recordDate + 1)} on`);
    // Nor does the whole cycle start before it: the period cannot be paid yet.
    let cycle: unknown;
    try {
      await runRemit(options(f, 1));
    } catch (e) {
      cycle = e;
    }
    expect(String((cycle as Error).message)).to.include("the end of its collection month");
    expect(await connection.ethers.provider.getBlockNumber(), "nothing sent").to.equal(blockBefore);
    // At the boundary the keeper marks it; again, nothing more is sent.
    await connection.ethers.provider.send("evm_mine", [recordDate + 1]);
    const marked = await runRemit(options(f, 1, keeper));
    expect(marked.steps.map((s) => [s.step, s.outcome])).to.deep.equal([["record-date", "sent"]]);
    expect(marked.steps[0]!.detail).to.match(new RegExp(`^period 1's holders of record fixed for the record date ${formatUtc(recordDate)}, marked at ${formatUtc(recordDate + 1).slice(0, 16)}:0\\d UTC$`));
    const again = await runRemit(options(f, 1, keeper));
    expect(again.steps.map((s) => [s.step, s.outcome])).to.deep.equal([["record-date", "skipped"]]);
    // The servicer's cycle days later: the record date is not marked again, the period is paid.
    await connection.ethers.provider.send("evm_increaseTime", [10 * 86_400]);
    const out = await runRemit(options(f, 1));
    expect(out.steps.filter((s) => s.outcome === "sent").map((s) => s.step)).to.deep.equal(["submit", "attest", "fund", "execute"]);
    expect(await events(f, "RecordDateMarked")).to.equal(1);
  });

  it("refuses to execute a period whose record date nobody marked", async function () {
    this.timeout(300_000);
    const f = await remitFixture(connection);
    await runRemit(options(f, 1, { steps: ["submit", "attest", "fund"] }));
    let caught: unknown;
    try {
      await runRemit(options(f, 1, { steps: ["execute"] }));
    } catch (e) {
      caught = e;
    }
    expect(String((caught as Error).message)).to.match(/period 1's holders of record are not fixed: its record date \(2026-02-28 23:59:59 UTC\) is not marked/);
    expect((await f.deployment.waterfall.dealState()).period).to.equal(0n);
  });

  describe("refuses bad periods with clear errors and sends nothing", () => {
    let f: RemitFixture;
    before(async function () {
      this.timeout(300_000);
      f = await remitFixture(connection);
      await runRemit(options(f, 1));
    });

    async function refused(run: () => Promise<unknown>, text: string | RegExp, kind?: new (...a: never[]) => Error): Promise<void> {
      const blockBefore = await connection.ethers.provider.getBlockNumber();
      let caught: unknown;
      try {
        await run();
      } catch (e) {
        caught = e;
      }
      expect(caught, "no error").to.be.instanceOf(kind ?? Error);
      if (typeof text === "string") expect(String((caught as Error).message)).to.include(text);
      else expect(String((caught as Error).message)).to.match(text);
      expect(await connection.ethers.provider.getBlockNumber(), "a transaction was sent").to.equal(blockBefore);
    }

    it("a file for a later period than the next", () => refused(() => runRemit(options(f, 3)), "period 2 (2026-03) is the next to report"));
    it("cash declared short of the file's collections", () => refused(() => runRemit(options(f, 2, { declaredCashCents: 1 })), "cash-mismatch", ReconciliationError));
    it("malformed rows", async () => {
      const bad = `${tempDir()}/bad.csv`;
      writeFileSync(bad, readFileSync(f.demo.files[1]!, "utf8").replace(/\n([^,\n]+),2026-03,/, "\n$1,2026-3x,"));
      await refused(() => runRemit(options(f, 2, { file: bad })), "2026-3x", ValidationError);
    });
    it("the trustee's own report key as servicer: attest by the submitter", async () => {
      await runRemit(options(f, 2, { steps: ["submit"] }));
      await refused(() => runRemit(options(f, 2, { steps: ["attest"], trustee: f.servicer })), "may not attest it");
    });
    it("a trustee holding another file than the one submitted", async () => {
      const other = `${tempDir()}/other.csv`;
      const text = readFileSync(f.demo.files[1]!, "utf8").split("\n");
      // One curtailment a cent larger: a different report.
      const i = text.findIndex((l, k) => k > 0 && l.includes(",current,") && /,\d+\.\d\d,0\.00,/.test(l));
      const cells = text[i]!.split(",");
      const cents = (s: string) => Math.round(Number(s) * 100);
      cells[3] = ((cents(cells[3]!) - 1) / 100).toFixed(2);
      cells[11] = "0.01";
      text[i] = cells.join(",");
      writeFileSync(other, text.join("\n"));
      await refused(() => runRemit(options(f, 2, { file: other, steps: ["attest"], servicer: undefined })), "but this file gives");
    });
    it("execution before attestation", () => refused(() => runRemit(options(f, 2, { steps: ["execute"] })), "not attested yet"));
  });
});
