import { expect } from "chai";
import { createHash } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canonicalJson, sha256File, sha256Json } from "../../src/pool/digest.js";

describe("pool/digest", () => {
  it("hashes a file's bytes with sha256, streamed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pool-digest-"));
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 7, "abc|123\n");
    const file = join(dir, "tape.txt");
    await writeFile(file, bytes);
    expect(await sha256File(file)).to.equal(`0x${createHash("sha256").update(bytes).digest("hex")}`);
  });

  it("produces RFC 8785 canonical JSON: sorted keys, no whitespace, ECMAScript numbers", () => {
    // The RFC's own number examples (Appendix B) for the values JSON.stringify prints differently from source.
    expect(canonicalJson({ b: [1e21, 1e-7, -0, 0.000001], a: { z: null, y: "é\n" }, c: undefined })).to.equal(
      '{"a":{"y":"é\\n","z":null},"b":[1e+21,1e-7,0,0.000001]}',
    );
    expect(() => canonicalJson({ x: Number.NaN })).to.throw(/NaN/);
  });

  it("gives the same hash whatever the key order or whitespace", () => {
    expect(sha256Json(JSON.parse('{ "a": 1, "b": [2, 3] }'))).to.equal(sha256Json({ b: [2, 3], a: 1 }));
    expect(sha256Json({ a: 1 })).to.not.equal(sha256Json({ a: 2 }));
    expect(sha256Json({ a: 1 })).to.equal(`0x${createHash("sha256").update('{"a":1}').digest("hex")}`);
  });
});
