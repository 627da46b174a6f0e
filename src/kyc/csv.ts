/**
 * A small CSV reader for hand-edited files (investor lists: thousands of rows, not millions):
 * comma-separated, optional double quotes with `""` escapes, `\n` or `\r\n` line ends, a UTF-8
 * byte-order mark tolerated. Blank lines are skipped but keep their line numbers, so every row
 * can be reported as file:line.
 */

export interface CsvRow {
  /** 1-based line number in the file. */
  line: number;
  fields: string[];
}

export type CsvLine = CsvRow | { line: number; error: string };

/** One line's fields, or why the line is not valid CSV. */
export function splitCsvLine(text: string): string[] | { error: string } {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = "";
      i += 1;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) return { error: "a quoted field is not closed (quoted line breaks are not supported)" };
        value += text.slice(i, close);
        if (text[close + 1] === '"') {
          value += '"';
          i = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      if (i < text.length && text[i] !== ",") return { error: `unexpected text after a closing quote at column ${i + 1}` };
      fields.push(value);
    } else {
      const comma = text.indexOf(",", i);
      const end = comma < 0 ? text.length : comma;
      const value = text.slice(i, end);
      if (value.includes('"')) return { error: `a quote inside an unquoted field at column ${i + 1}` };
      fields.push(value);
      i = end;
    }
    if (i >= text.length) return fields;
    i += 1; // the comma; a trailing comma means one more (empty) field
    if (i === text.length) {
      fields.push("");
      return fields;
    }
  }
}

/** Every non-blank line of `text`, split into fields. */
export function readCsv(text: string): CsvLine[] {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const out: CsvLine[] = [];
  body.split("\n").forEach((raw, k) => {
    const lineText = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (lineText.trim() === "") return;
    const split = splitCsvLine(lineText);
    out.push(Array.isArray(split) ? { line: k + 1, fields: split } : { line: k + 1, error: split.error });
  });
  return out;
}
