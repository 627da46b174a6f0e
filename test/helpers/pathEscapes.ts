/**
 * Finds, in a source file's syntax tree, the path expressions that leave the project root: a
 * string that climbs out of it (`"../sibling/data/x"` read from the root, `"../../../x"` read from
 * the file's folder), `path.join`/`path.resolve` chains anchored at the file's folder or at the
 * root that climb out (`path.join(projectRoot, "..", "sibling")`), and absolute paths to existing
 * places outside it (`"/opt/sibling/data"`). Module specifiers are checked like paths. Comments are
 * not code and are ignored, and so are expected values in assertions (`expect(x).to.equal("../a")`).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export interface PathEscape {
  file: string;
  line: number;
  text: string;
  resolved: string;
}

/** Absolute paths that are devices, not data (writing a throw-away stream there is fine). */
const ALLOWED_ABSOLUTE = ["/dev/null", "/dev/stdout", "/dev/stderr"];

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function looksLikePath(text: string): boolean {
  return text.length > 0 && !/\s/.test(text) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text);
}

/** The literal text of a string or template without substitutions, else undefined. */
function literal(node: ts.Node): string | undefined {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : undefined;
}

/** `import.meta.dirname`, `__dirname`, `path.dirname(fileURLToPath(import.meta.url))`: the file's folder. */
function isFileFolder(node: ts.Node): boolean {
  const text = node.getText().replace(/\s+/g, "");
  return text === "import.meta.dirname" || text === "__dirname" || /^(path\.)?dirname\((url\.)?fileURLToPath\(import\.meta\.url\)\)$/.test(text);
}

/**
 * Where an expression points, when it can be told statically: a literal, the file's folder, the
 * working directory (the project root under `npm test`), a const initialised to one of those, or
 * a `path.join`/`path.resolve` of them.
 */
function evaluate(node: ts.Node, fileDir: string, root: string, consts: Map<string, ts.Expression>, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  const text = literal(node);
  if (text !== undefined) return text;
  if (isFileFolder(node)) return fileDir;
  const compact = node.getText().replace(/\s+/g, "");
  if (compact === "process.cwd()") return root;
  if (ts.isIdentifier(node)) {
    const init = consts.get(node.text);
    return init === undefined ? undefined : evaluate(init, fileDir, root, consts, depth + 1);
  }
  if (ts.isParenthesizedExpression(node)) return evaluate(node.expression, fileDir, root, consts, depth + 1);
  if (ts.isCallExpression(node)) {
    const callee = node.expression.getText().replace(/\s+/g, "");
    const join = /^(path\.)?(join|resolve)$/.exec(callee);
    if (join !== null) {
      const parts = node.arguments.map((a) => evaluate(a, fileDir, root, consts, depth + 1));
      if (parts.some((p) => p === undefined) || parts.length === 0) return undefined;
      return join[2] === "resolve" ? path.resolve(root, ...(parts as string[])) : path.join(...(parts as string[]));
    }
    if (/^(path\.)?dirname$/.test(callee) && node.arguments.length === 1) {
      const inner = evaluate(node.arguments[0]!, fileDir, root, consts, depth + 1);
      return inner === undefined ? undefined : path.dirname(inner);
    }
  }
  return undefined;
}

/** Every path escape in one source text; `file` is its absolute path (for the file-relative reading). */
export function findPathEscapes(file: string, source: string, root: string): PathEscape[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : undefined);
  const fileDir = path.dirname(file);
  const consts = new Map<string, ts.Expression>();
  const collect = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined) consts.set(node.name.text, node.initializer);
    ts.forEachChild(node, collect);
  };
  collect(sf);

  const escapes: PathEscape[] = [];
  const report = (node: ts.Node, resolved: string): void => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    escapes.push({ file, line, text: node.getText(), resolved });
  };
  const visit = (node: ts.Node): void => {
    const text = literal(node);
    const parent = node.parent;
    const isModuleSpecifier = parent !== undefined && (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) && parent.moduleSpecifier === node;
    // `new URL("../x", import.meta.url)` is resolved against the file, like a module specifier.
    const isFileUrl = parent !== undefined && ts.isNewExpression(parent) && parent.expression.getText() === "URL" &&
      parent.arguments?.[0] === node && parent.arguments[1]?.getText().replace(/\s+/g, "") === "import.meta.url";
    const isDynamicImport = parent !== undefined && ts.isCallExpression(parent) && (parent.expression.kind === ts.SyntaxKind.ImportKeyword || parent.expression.getText() === "require");
    // An expected value in an assertion is compared, never read.
    const compared = parent !== undefined && ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression) &&
      ["equal", "equals", "eql", "include", "includes", "contain", "contains", "match", "property", "members", "oneOf"].includes(parent.expression.name.text);
    const inPathCall = parent !== undefined && ts.isCallExpression(parent) && /^(path\.)?(join|resolve)$/.test(parent.expression.getText().replace(/\s+/g, ""));
    if (text !== undefined && looksLikePath(text) && !inPathCall && !compared) {
      if (path.isAbsolute(text)) {
        const first = text.split("/")[1];
        if (!ALLOWED_ABSOLUTE.includes(text) && first !== undefined && first !== "" && existsSync(`/${first}`) && !isInside(root, text)) report(node, text);
      } else if (text.startsWith("../") && text.split("/").some((s) => s !== ".." && s !== "")) {
        // A module specifier is resolved from the file's folder; any other relative string may be
        // read from the working directory (the root) or joined to the file's folder: both must stay in.
        const fromFile = path.resolve(fileDir, text);
        if (!isInside(root, fromFile)) report(node, fromFile);
        else if (!isModuleSpecifier && !isDynamicImport && !isFileUrl && !isInside(root, path.resolve(root, text))) report(node, path.resolve(root, text));
      }
    }
    if (ts.isCallExpression(node) && /^(path\.)?(join|resolve)$/.test(node.expression.getText().replace(/\s+/g, ""))) {
      const outer = node.parent;
      const nested = outer !== undefined && ts.isCallExpression(outer) && /^(path\.)?(join|resolve)$/.test(outer.expression.getText().replace(/\s+/g, ""));
      const value = evaluate(node, fileDir, root, consts);
      if (!nested && value !== undefined && path.isAbsolute(value) && !isInside(root, value)) report(node, value);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return escapes;
}
