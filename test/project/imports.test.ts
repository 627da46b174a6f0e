/**
 * The layers hold: every import in src/ follows the table of allowed edges in
 * docs/architecture.md (read from that file, so the document and the rule cannot drift apart).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import ts from "typescript";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const SRC = path.join(ROOT, "src");
const PACKAGES = /^(ethers|hardhat|@nomicfoundation\/)/;

interface Rule {
  mayImport: Set<string>;
  packages: boolean;
}

/** The "Allowed imports" table of docs/architecture.md. */
export function readRules(markdown: string): Map<string, Rule> {
  const rules = new Map<string, Rule>();
  const section = markdown.split("## Allowed imports")[1]?.split("\n## ")[0] ?? "";
  for (const line of section.split("\n")) {
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    if (cells.length !== 4 || cells[0] === "area" || /^-+$/.test(cells[0]!)) continue;
    const [area, , may, packages] = cells as [string, string, string, string];
    rules.set(area, { mayImport: new Set(may === "—" ? [] : may.split(",").map((s) => s.trim())), packages: packages === "yes" });
  }
  return rules;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : /\.(ts|mts|js|mjs)$/.test(e.name) ? [full] : [];
  });
}

/** The module specifiers of a file: imports, re-exports, dynamic imports. */
function specifiers(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] !== undefined && ts.isStringLiteralLike(node.arguments[0])) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The area of a path inside src/: its first folder, or the file itself at the top. */
function areaOf(relative: string): string {
  const [first, ...rest] = relative.split("/");
  return rest.length === 0 ? first!.replace(/\.js$/, ".ts") : first!;
}

/** Every import in `files` that the rules forbid, as "from → to: why". */
export function violations(files: { file: string; text: string }[], rules: Map<string, Rule>): string[] {
  const found: string[] = [];
  for (const { file, text } of files) {
    const rel = path.relative(SRC, file).split(path.sep).join("/");
    const area = areaOf(rel);
    const rule = rules.get(area);
    if (rule === undefined) {
      found.push(`${rel}: area "${area}" is not in docs/architecture.md's table`);
      continue;
    }
    for (const spec of specifiers(file, text)) {
      if (spec.startsWith(".")) {
        const target = path.relative(SRC, path.resolve(path.dirname(file), spec)).split(path.sep).join("/");
        if (target.startsWith("..")) {
          found.push(`${rel} → ${spec}: outside src/ (${path.relative(ROOT, path.resolve(path.dirname(file), spec))})`);
          continue;
        }
        const targetArea = areaOf(target);
        if (targetArea === area) continue;
        const targetFile = target.replace(/\.js$/, ".ts");
        if (!rule.mayImport.has(targetArea) && !rule.mayImport.has(targetFile)) found.push(`${rel} → ${target}: ${area} may not import ${targetArea}`);
      } else if (PACKAGES.test(spec) && !rule.packages) {
        found.push(`${rel} → ${spec}: ${area} is pure and may not import ${spec.split("/")[0]}`);
      }
    }
  }
  return found;
}

describe("the layers of src/", function () {
  this.timeout(120_000);
  const rules = readRules(readFileSync(path.join(ROOT, "docs", "architecture.md"), "utf8"));
  const files = sourceFiles(SRC).map((file) => ({ file, text: readFileSync(file, "utf8") }));

  it("reads the table of allowed imports from docs/architecture.md", () => {
    expect([...rules.keys()]).to.include.members(["tape", "pool", "deal", "analytics", "chain", "kyc", "tokenize", "tasks"]);
    for (const pure of ["tape", "pool", "deal", "analytics", "ledger"]) {
      expect(rules.get(pure)!.packages, pure).to.equal(false);
      expect([...rules.get(pure)!.mayImport].filter((a) => a === "chain" || a === "tasks"), pure).to.deep.equal([]);
    }
    for (const [area, rule] of rules) {
      if (area !== "tasks") expect(rule.mayImport.has("tasks"), `${area} may import the command layer`).to.equal(false);
    }
  });

  it("follows it in every file: pure modules import no ethers, hardhat or chain/; nothing imports the commands or deploy/", () => {
    expect(files.length).to.be.greaterThan(50);
    expect(violations(files, rules)).to.deep.equal([]);
  });

  it("would catch each kind of wrong edge", () => {
    const at = (rel: string, text: string) => ({ file: path.join(SRC, rel), text });
    expect(violations([
      at("pool/x.ts", 'import { Contract } from "ethers";'),
      at("deal/x.ts", 'import { sendTransaction } from "../chain/index.js";'),
      at("kyc/x.ts", 'import { reportingErrors } from "../tasks/common/reporter.js";'),
      at("tokenize/x.ts", 'import { buildPoolModule } from "../../deploy/modules/Pool.js";'),
      at("analytics/x.ts", 'export { x } from "../tokenize/deal.js";'),
      at("tape/x.ts", 'const m = await import("hardhat");'),
    ], rules)).to.deep.equal([
      "pool/x.ts → ethers: pool is pure and may not import ethers",
      "deal/x.ts → chain/index.js: deal may not import chain",
      "kyc/x.ts → tasks/common/reporter.js: kyc may not import tasks",
      "tokenize/x.ts → ../../deploy/modules/Pool.js: outside src/ (deploy/modules/Pool.js)",
      "analytics/x.ts → tokenize/deal.js: analytics may not import tokenize",
      "tape/x.ts → hardhat: tape is pure and may not import hardhat",
    ]);
  });
});
