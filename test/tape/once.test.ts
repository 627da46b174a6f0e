import { expect } from "chai";
import path from "node:path";

import { MbsError } from "../../src/errors.js";
import { RemittanceStream } from "../../src/remittance/reader.js";
import { TapeStream } from "../../src/tape/reader.js";

const root = path.resolve(import.meta.dirname, "..", "..");
const TAPE = path.join(root, "examples", "tapes", "generic-sample.csv");
const SERVICER_FILE = path.join(root, "test", "fixtures", "remittance", "freddie-2026-02.txt");

async function drain(stream: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of stream) n++;
  return n;
}

for (const [name, open] of [
  ["a loan tape", () => new TapeStream(TAPE)],
  ["a servicer file", () => new RemittanceStream(SERVICER_FILE)],
] as const) {
  describe(`reading ${name} as a stream`, () => {
    it("has no summary before the whole file was read, then one that counts what was yielded", async () => {
      const stream = open();
      expect(() => stream.summary).to.throw(MbsError, /summary exists only after the whole (tape|remittance file) was read/);
      const yielded = await drain(stream);
      expect(yielded).to.be.greaterThan(0);
      const summary = stream.summary as { loans?: number; rows?: number };
      expect(summary.loans ?? summary.rows).to.equal(yielded);
    });

    it("refuses a second pass instead of yielding nothing", async () => {
      const stream = open();
      await drain(stream);
      let error: unknown;
      try {
        await drain(stream);
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(MbsError);
      expect(String(error)).to.match(/stream can be read only once/);
    });
  });
}
