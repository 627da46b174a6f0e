import { expect } from "chai";
import { createHash } from "node:crypto";
import { appendFileSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { InvalidInputError, MbsError, ValidationError } from "../../src/errors.js";
import { writeTape } from "../../src/tape/generate.js";
import { detectTapeFormat, loadTape, readTape } from "../../src/tape/index.js";
import { tmpFile, tmpPath } from "./tmp.js";
import { FANNIE_2000Q1 } from "../helpers/realData.js";

const HEADER = "loan_id,original_upb,note_rate,original_term,first_payment_date,fico,state";
const good = (id: string): string => `${id},100000,6.5,360,2025-01,720,CA`;
const MIXED = [HEADER, good("A"), "B,100000,787.5,360,2025-01,720,CA", good("C"), "D,-1,6.5,0,2025-01,720,ZZ", good("A")].join("\n") + "\n";

async function rejection(p: Promise<unknown>): Promise<ValidationError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).to.be.instanceOf(ValidationError);
  return e as ValidationError;
}

describe("tape reader", () => {
  it("collects every problem of every row instead of stopping at the first", async () => {
    const err = await rejection(loadTape(tmpFile("mixed.csv", MIXED)));
    expect(err.issues.map((i) => [i.line, i.field])).to.deep.equal([
      [3, "note_rate"],
      [5, "original_upb"],
      [5, "original_term"],
      [5, "state"],
      [6, "loan_id"],
    ]);
    expect(err.issues[4]?.reason).to.include("also on line 2");
    expect(err.truncated).to.equal(false);
  });

  it("stops at maxIssues and says the list is cut", async () => {
    const err = await rejection(loadTape(tmpFile("mixed-limit.csv", MIXED), { maxIssues: 2 }));
    expect(err.issues).to.have.length(2);
    expect(err.truncated).to.equal(true);
    expect(err.message).to.include("stopped collecting at the limit");
  });

  it("returns the valid loans and lists the invalid rows when asked to exclude them", async () => {
    const { loans, summary } = await loadTape(tmpFile("mixed-exclude.csv", MIXED), { excludeInvalid: true });
    expect(loans.map((l) => l.loanId)).to.deep.equal(["A", "C"]);
    expect(summary.excluded.map((x) => [x.line, x.loanId, x.issues.length])).to.deep.equal([
      [3, "B", 1],
      [5, "D", 3],
      [6, "A", 1],
    ]);
  });

  it("yields nothing after an invalid row and throws once the tape is read", async () => {
    const names: string[] = [];
    const tape = readTape(tmpFile("stream-mixed.csv", MIXED));
    const err = await rejection(
      (async () => {
        for await (const loan of tape) names.push(loan.loanId);
      })(),
    );
    // A before the bad row B streams out; C after it is valid but withheld; the error voids the tape.
    expect(names).to.deep.equal(["A"]);
    expect(err.issues).to.have.length(5);
    expect(() => tape.summary).to.throw(MbsError, "only after the whole tape");
  });

  it("finds a bad row at the end of a long tape after streaming the loans before it", async () => {
    const path = tmpPath("late-error.csv");
    await writeTape(path, { format: "generic", loans: 30_000, seed: 3 });
    appendFileSync(path, "L999999999,100000,100000,6.5,360,400,,2025-01,,,,,,,,,,,,,,,,,,,,,\n");
    let streamed = 0;
    const err = await rejection(
      (async () => {
        for await (const batch of readTape(path).batches()) streamed += batch.length;
      })(),
    );
    expect(streamed).to.equal(30_000);
    expect(err.issues).to.have.length(1);
    expect(err.issues[0]).to.deep.include({ line: 30_002, field: "loan_age", value: "400" });
  });

  it("streams records one by one, reports progress up to the file size and hashes the bytes", async () => {
    const path = tmpPath("progress.txt");
    await writeTape(path, { format: "freddie", loans: 5_000, seed: 8 });
    const progress: [number, number][] = [];
    const tape = readTape(path, { cutoff: "2026-01", contentHash: true, onProgress: (r, t) => progress.push([r, t]) });
    let n = 0;
    for await (const loan of tape) if (loan.loanId.startsWith("F")) n++;
    const size = statSync(path).size;
    expect(n).to.equal(5_000);
    expect(progress.at(-1)).to.deep.equal([size, size]);
    expect(tape.summary.sha256).to.equal(createHash("sha256").update(readFileSync(path)).digest("hex"));
    expect(tape.summary).to.deep.include({ format: "freddie", loans: 5_000, lines: 5_000, bytes: size });
  });

  it("refuses to read a stream twice", async () => {
    const tape = readTape(tmpFile("twice.csv", `${HEADER}\n${good("A")}\n`));
    for await (const _ of tape) void _;
    const again = tape.batches();
    await again.next().then(
      () => expect.fail("second read succeeded"),
      (e: unknown) => expect(e).to.be.instanceOf(MbsError),
    );
  });

  it("rejects a missing file and a malformed cut-off as invalid input", async () => {
    await loadTape(tmpPath("nope.csv")).then(
      () => expect.fail("no error"),
      (e: unknown) => expect(e).to.be.instanceOf(InvalidInputError).with.property("message").that.includes("cannot read"),
    );
    await loadTape(tmpFile("cut.csv", `${HEADER}\n${good("A")}\n`), { cutoff: "2025-13" }).then(
      () => expect.fail("no error"),
      (e: unknown) => expect(e).to.be.instanceOf(InvalidInputError).with.property("message").that.includes("cutoff"),
    );
  });

  it("detects each layout from its first line", async () => {
    const bad = join(import.meta.dirname, "../fixtures/tapes/bad");
    expect(await detectTapeFormat(FANNIE_2000Q1.acquisition)).to.deep.equal({ format: "fannie-legacy", delimiter: "|" });
    expect(await detectTapeFormat(join(bad, "freddie-fico-999.txt"))).to.deep.equal({ format: "freddie", delimiter: "|" });
    expect(await detectTapeFormat(join(bad, "fannie-bad-period.txt"))).to.deep.equal({ format: "fannie", delimiter: "|" });
    expect(await detectTapeFormat(join(bad, "generic-ltv-zero.csv"))).to.deep.equal({ format: "generic", delimiter: "," });
    expect(await detectTapeFormat(FANNIE_2000Q1.performance)).to.have.property("reason").that.includes("Performance file");
  });

  it("says what a file looks like when the explicit format is wrong", async () => {
    const err = await rejection(loadTape(FANNIE_2000Q1.acquisition, { format: "freddie" }));
    expect(err.issues[0]).to.deep.include({ line: 1, reason: "--format freddie was requested but line 1 looks like fannie-legacy" });
  });
});
