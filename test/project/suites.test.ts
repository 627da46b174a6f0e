/**
 * `npm run test:unit` selects suites by pattern: every `*.test.ts` except the ones that need a
 * chain — `test/contracts/`, `test/integration/`, `*.network.test.ts` (Hardhat's in-process network
 * or CLI) and `*.localnode.test.ts` (a real local node). This keeps the names honest, so the pattern
 * neither runs a chain suite without its network nor skips a chain-free one.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

function suites(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? suites(full) : e.name.endsWith(".test.ts") ? [full] : [];
  });
}

const CHAIN_MARKERS = /from "hardhat"|hardhatCli|startLocalNode|runHardhatOnNode/;

/**
 * What makes a suite need a chain: Hardhat's network, the CLI or a local node — used by the suite
 * itself or by a helper it imports from test/ (followed three levels deep).
 */
function needsChain(file: string, depth = 0): boolean {
  if (file === fileURLToPath(import.meta.url)) return false; // this file names the markers, it does not use them
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return false;
  }
  if (CHAIN_MARKERS.test(text)) return true;
  if (depth >= 3) return false;
  return [...text.matchAll(/from "(\.{1,2}\/[^"]+)\.js"/g)].some((m) => {
    const target = path.resolve(path.dirname(file), `${m[1]!}.ts`);
    return target.startsWith(path.join(ROOT, "test")) && needsChain(target, depth + 1);
  });
}

const excludedByPattern = (rel: string) =>
  rel.startsWith("test/contracts/") || rel.startsWith("test/integration/") || rel.endsWith(".network.test.ts") || rel.endsWith(".localnode.test.ts");

describe("test selection by pattern", function () {
  this.timeout(60_000);

  it("names every suite that needs a chain so that test:unit leaves it out, and no chain-free suite that way", () => {
    const wrong: string[] = [];
    for (const file of suites(path.join(ROOT, "test"))) {
      const rel = path.relative(ROOT, file).split(path.sep).join("/");
      const chain = needsChain(file);
      if (chain && !excludedByPattern(rel)) wrong.push(`${rel} needs a chain: name it *.network.test.ts or *.localnode.test.ts`);
      if (!chain && (rel.endsWith(".network.test.ts") || rel.endsWith(".localnode.test.ts"))) wrong.push(`${rel} needs no chain: test:unit would skip it`);
    }
    expect(wrong).to.deep.equal([]);
  });

  it("has test:unit select by that pattern, not by a list of files", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    const script = pkg.scripts["test:unit"]!;
    expect(script).to.contain("'test/**/*.test.ts'");
    expect(script).not.to.match(/test\/[\w/]+\/[\w.-]+\.test\.ts/);
  });
});
