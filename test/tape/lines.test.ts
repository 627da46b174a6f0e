import { expect } from "chai";
import { readLines, type LineBatch } from "../../src/tape/lines.js";
import { tmpFile } from "./tmp.js";

async function collect(path: string, chunkBytes: number): Promise<LineBatch[]> {
  const out: LineBatch[] = [];
  for await (const b of readLines(path, { chunkBytes })) out.push(b);
  return out;
}

const linesOf = (batches: LineBatch[]): string[] => batches.flatMap((b) => Array.from({ length: b.count }, (_, k) => b.line(k)));

describe("streaming line reader", () => {
  const text = "first,é\r\nsecond,€uro\n\nfourth,😀 emoji\r\nlast line without end";

  for (const chunkBytes of [1, 3, 7, 64, 1 << 20]) {
    it(`splits LF and CRLF lines and decodes multi-byte characters across ${chunkBytes}-byte chunks`, async () => {
      const batches = await collect(tmpFile(`mixed-${chunkBytes}.txt`, text), chunkBytes);
      expect(linesOf(batches)).to.deep.equal(text.split(/\r?\n/));
      // Every batch starts where the previous one ended.
      let next = 1;
      for (const b of batches) {
        expect(b.firstLine).to.equal(next);
        next += b.count;
      }
      expect(batches.at(-1)?.unterminatedLast).to.equal(true);
      expect(batches.slice(0, -1).every((b) => !b.unterminatedLast)).to.equal(true);
    });
  }

  it("reads a file in many batches when it is larger than a chunk", async () => {
    const body = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join("\n") + "\n";
    const batches = await collect(tmpFile("many.txt", body), 256);
    expect(batches.length).to.be.above(20);
    expect(linesOf(batches)).to.deep.equal(body.trimEnd().split("\n"));
    expect(batches.at(-1)?.bytesRead).to.equal(Buffer.byteLength(body));
  });

  it("flags the lines holding invalid UTF-8 and keeps reading", async () => {
    const bytes = Buffer.concat([Buffer.from("ok 1\nbad "), Buffer.from([0xe9, 0x0a]), Buffer.from("ok 3\n"), Buffer.from([0xc3]), Buffer.from("\n")]);
    for (const chunkBytes of [2, 1 << 20]) {
      const batches = await collect(tmpFile(`latin1-${chunkBytes}.txt`, bytes), chunkBytes);
      expect(batches.flatMap((b) => [...b.invalidUtf8])).to.deep.equal([2, 4]);
      expect(linesOf(batches)).to.have.length(4);
    }
  });

  it("drops a UTF-8 byte order mark", async () => {
    const batches = await collect(tmpFile("bom.txt", "\uFEFFloan_id\nA\n"), 2);
    expect(linesOf(batches)).to.deep.equal(["loan_id", "A"]);
  });
});
