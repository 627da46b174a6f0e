/**
 * Line numbers for the values of a JSON document, keyed by field path (`tranches[1].symbol`), so a
 * validation error in a hand-written deal file can say `deal.json:17 tranches[1].symbol` instead of
 * leaving the reader to count brackets. `JSON.parse` does the real parsing (and reports syntax
 * errors); this scanner only runs on text that already parsed.
 */

/** Joins a parent path and a key or index the way the error messages print them. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return parent === "" ? key : `${parent}.${key}`;
}

interface Frame {
  path: string;
  kind: "object" | "array";
  index: number;
  pendingKey: string | undefined;
}

/** A key given twice in one object: JSON.parse silently keeps the last. */
export interface DuplicateKey {
  path: string;
  firstLine: number;
  line: number;
}

/**
 * Maps every value's path to the 1-based line where the value starts ("" is the document). Keys
 * repeated within one object are appended to `duplicates` when given.
 */
export function jsonValueLines(text: string, duplicates?: DuplicateKey[]): Map<string, number> {
  const lines = new Map<string, number>();
  const stack: Frame[] = [];
  let line = 1;
  let i = 0;

  const pathOfNextValue = (): string => {
    const top = stack[stack.length - 1];
    if (top === undefined) return "";
    if (top.kind === "array") return childPath(top.path, top.index);
    return childPath(top.path, top.pendingKey ?? "");
  };
  const valueStarts = (): string => {
    const path = pathOfNextValue();
    const first = lines.get(path);
    if (first === undefined) lines.set(path, line);
    else if (stack[stack.length - 1]?.kind === "object") duplicates?.push({ path, firstLine: first, line });
    return path;
  };
  const valueEnds = (): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) return;
    if (top.kind === "array") top.index += 1;
    else top.pendingKey = undefined;
  };

  while (i < text.length) {
    const c = text[i]!;
    if (c === "\n") {
      line += 1;
      i += 1;
    } else if (c === "{" || c === "[") {
      const path = valueStarts();
      stack.push({ path, kind: c === "{" ? "object" : "array", index: 0, pendingKey: undefined });
      i += 1;
    } else if (c === "}" || c === "]") {
      stack.pop();
      valueEnds();
      i += 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const raw = text.slice(i, j + 1);
      const top = stack[stack.length - 1];
      if (top !== undefined && top.kind === "object" && top.pendingKey === undefined) {
        top.pendingKey = JSON.parse(raw) as string;
      } else {
        valueStarts();
        valueEnds();
      }
      i = j + 1;
    } else if (c === "-" || (c >= "0" && c <= "9") || c === "t" || c === "f" || c === "n") {
      valueStarts();
      let j = i + 1;
      while (j < text.length && /[0-9a-zA-Z.+\-]/.test(text[j]!)) j += 1;
      valueEnds();
      i = j;
    } else {
      i += 1; // whitespace, ':' and ','
    }
  }
  return lines;
}
