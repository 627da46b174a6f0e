/**
 * The repository stands on its own: nothing under src/, test/, scripts/ or bench/ reads a path
 * outside the project root (a fresh clone has no sibling folders). Data the tests need is copied
 * into test/fixtures/ with a provenance note.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";

import { findPathEscapes } from "../helpers/pathEscapes.js";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const SCANNED = ["src", "test", "scripts", "bench"];
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "results" || entry.name === "tapes" ? [] : sourceFiles(full);
    return SOURCE.test(entry.name) ? [full] : [];
  });
}

const at = (name: string) => path.join(ROOT, "test", "example", name);

describe("the repository stands on its own", function () {
  this.timeout(120_000);
  it("reads no path outside the project root from src/, test/, scripts/ or bench/", () => {
    const files = SCANNED.flatMap((d) => sourceFiles(path.join(ROOT, d)));
    expect(files.length).to.be.greaterThan(100);
    const escapes = files.flatMap((f) => findPathEscapes(f, readFileSync(f, "utf8"), ROOT));
    const listed = escapes.map((e) => `${path.relative(ROOT, e.file)}:${e.line} ${e.text} → ${e.resolved}`);
    expect(listed, "paths outside the project root").to.deep.equal([]);
  });

  describe("the path check itself", () => {
    const escapes = (source: string, file = at("x.test.ts")) => findPathEscapes(file, source, ROOT).map((e) => e.line);

    it("flags a folder beside the project reached through a project-root constant", () => {
      const source = [
        'import path from "node:path";',
        'import { fileURLToPath } from "node:url";',
        'const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");',
        'export const TAPE = path.join(projectRoot, "..", "sibling", "data", "tape.txt");',
      ].join("\n");
      expect(escapes(source)).to.deep.equal([4]);
    });

    it("flags a working-directory-relative string that climbs out, and an absolute path outside", () => {
      expect(escapes('readFileSync("../sibling/data/tape.txt");\nreadFileSync("/opt/sibling/data/tape.txt");')).to.deep.equal([1, 2]);
    });

    it("flags a module specifier or a file URL that climbs out of the root", () => {
      expect(escapes('import x from "../../../../outside/thing.js";\nnew URL("../../../../sibling/x.csv", import.meta.url);')).to.deep.equal([1, 2]);
    });

    it("accepts paths that stay inside: file-relative joins, imports, the root's own folders, comments", () => {
      const source = [
        'import { a } from "../../src/errors.js";',
        'const SAMPLE = join(import.meta.dirname, "../../examples/tapes/generic-sample.csv");',
        'const root = path.resolve(import.meta.dirname, "..", "..");',
        'const f = path.join(root, "test", "fixtures", "data");',
        "// see ../sibling/docs/loan-formats.md",
        'expect(config["genesis-file"]).to.equal("../genesis.json");',
        'writeFileSync("/dev/null", "");',
        'loadTape(new URL("../../examples/tapes/generic-sample.csv", import.meta.url).pathname);',
      ].join("\n");
      expect(escapes(source)).to.deep.equal([]);
    });
  });
});
