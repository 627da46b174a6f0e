import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ValidationError, formatIssue } from "../../src/errors.js";
import { loadTape } from "../../src/tape/index.js";
import type { TapeFormat } from "../../src/tape/loan.js";

/** One malformed tape and the problem it must be reported with. */
interface BadTape {
  file: string;
  format?: TapeFormat;
  line: number;
  /** null: the problem concerns the whole file or line, not a field. */
  field: string | null;
  /** Substring of the reason. */
  reason: string;
}

const dir = join(import.meta.dirname, "../fixtures/tapes/bad");
const corpus = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as BadTape[];

describe("malformed tapes", () => {
  it("has a corpus of at least 25 files", () => {
    expect(corpus.length).to.be.at.least(25);
  });

  for (const bad of corpus) {
    it(`rejects ${bad.file} naming line ${bad.line}, ${bad.field ?? "no field"} and why`, async () => {
      const path = join(dir, bad.file);
      let caught: unknown;
      try {
        await loadTape(path, { format: bad.format ?? "auto", cutoff: "2026-01" });
      } catch (e) {
        caught = e;
      }
      expect(caught, "no error thrown").to.be.instanceOf(ValidationError);
      const err = caught as ValidationError;
      const match = err.issues.find(
        (i) => i.file === path && i.line === bad.line && i.field === (bad.field ?? undefined) && i.reason.includes(bad.reason),
      );
      expect(match, `issues were:\n${err.issues.map(formatIssue).join("\n")}`).to.not.equal(undefined);
      expect(err.message).to.include(path).and.to.include(bad.reason);
    });
  }
});
