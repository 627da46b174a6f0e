import { expect } from "chai";
import { PoolStatsAccumulator } from "../../src/pool/stats.js";
import { StratAccumulator } from "../../src/pool/stratify.js";
import { STRAT_CSV_HEADER, formatReport, formatStrat, reportJson, statsCsv, stratsCsv } from "../../src/pool/report.js";
import { aLoan, randomLoans } from "./fixtures.js";

/** Minimal RFC 4180 reader for checking our own output. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") row.push(field), rows.push(row), (row = []), (field = ""), i++;
    else field += c;
  }
  return rows;
}

describe("pool/report", () => {
  const loans = randomLoans(500, 3);
  const statsAcc = new PoolStatsAccumulator();
  const stratAcc = new StratAccumulator();
  for (const l of loans) statsAcc.add(l), stratAcc.add(l);
  const stats = statsAcc.result();
  const strats = stratAcc.result();

  it("writes one CSV row per table row with the documented header, quoting keys with commas", () => {
    const rows = parseCsv(stratsCsv(strats));
    expect(rows[0]).to.deep.equal([...STRAT_CSV_HEADER]);
    expect(rows.length - 1).to.equal(strats.reduce((s, t) => s + t.rows.length, 0));
    const balance = rows.filter((r) => r[0] === "originalBalance");
    expect(balance.map((r) => r[1])).to.include("($85,000, $110,000]");
    const ca = rows.find((r) => r[0] === "state" && r[1] === "CA")!;
    const caRow = strats[0]!.rows.find((r) => r.key === "CA")!;
    expect(Number(ca[4])).to.equal(caRow.currentUpbCents);
    expect(Number(ca[6])).to.equal(caRow.wacPct);
  });

  it("writes the summary as metric,value CSV at full precision, missing values empty", () => {
    const rows = parseCsv(statsCsv(stats));
    const map = new Map(rows.slice(1).map((r) => [r[0], r[1]]));
    expect(Number(map.get("wacPct"))).to.equal(stats.wacPct);
    expect(Number(map.get("fico.missing"))).to.equal(stats.fico.missing);
    const empty = new PoolStatsAccumulator().result();
    expect(new Map(parseCsv(statsCsv(empty)).map((r) => [r[0], r[1]])).get("wacPct")).to.equal("");
  });

  it("round-trips the JSON report", () => {
    const json = JSON.parse(JSON.stringify(reportJson(stats, strats)));
    expect(json.stats.loanCount).to.equal(500);
    expect(json.strats).to.have.length(9);
    expect(json.strats[0].rows[0]).to.have.keys(["key", "count", "originalUpbCents", "currentUpbCents", "pctCurrentUpb", "wacPct", "waFico", "waLtvPct"]);
  });

  it("renders an aligned terminal table with a total row", () => {
    const acc = new StratAccumulator();
    acc.add(aLoan({ state: "CA", currentUpbCents: 30_000_000 }));
    acc.add(aLoan({ state: "TX", currentUpbCents: 10_000_000, noteRatePct: 6 }));
    const text = formatStrat(acc.result()[0]!);
    const lines = text.split("\n");
    expect(lines[0]).to.match(/^state\s+count\s+original UPB\s+current UPB\s+% UPB\s+WAC\s+WA FICO\s+WA LTV$/);
    expect(lines[2]).to.match(/^CA\s+1\s+\$200,000\.00\s+\$300,000\.00\s+75\.00\s+7\.875\s+720\s+80\.0$/);
    expect(lines.at(-1)).to.match(/^total\s+2\s+\$400,000\.00\s+\$400,000\.00\s+100\.00$/);
    expect(new Set(lines.slice(0, 2).map((l) => l.length)).size).to.equal(1);
    expect(formatReport(stats, strats)).to.match(/^metric\s+value\n/);
  });
});
