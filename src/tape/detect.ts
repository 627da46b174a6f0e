/**
 * Tape format from the first line's content: the generic layout starts with a header naming
 * `loan_id`; agency files are `|`-separated with a known field count and date shapes.
 */
import { monthIndex } from "./fields.js";
import type { TapeFormat } from "./loan.js";
import { GENERIC_COLUMN_NAMES } from "./layouts/generic.js";
import { delimiterName } from "./layouts/layout.js";

export interface DetectedFormat {
  format: TapeFormat;
  delimiter: string;
}

const DELIMITERS = [",", "\t", "|", ";"] as const;

/** Detected format, or the reason none fits. The generic header is recognised by its column names. */
export function detectFormat(firstLine: string): DetectedFormat | { reason: string } {
  const header = agencyHeader(firstLine.split("|"));
  if (header !== undefined) return { reason: header };
  for (const d of DELIMITERS) {
    const names = firstLine.split(d).map((c) => c.trim().replace(/^"|"$/g, "").toLowerCase());
    // A header naming loan_id, or several other generic columns (then the header check names
    // what is missing rather than detection giving up).
    const known = names.filter((n) => (GENERIC_COLUMN_NAMES as readonly string[]).includes(n)).length;
    if (!names.includes("loan_id") && known < 3) continue;
    if (d === "," || d === "\t") return { format: "generic", delimiter: d };
    return { reason: `the header row is ${delimiterName(d)}-separated; the generic layout is comma- or tab-separated (wrong delimiter)` };
  }
  const f = firstLine.split("|");
  const n = f.length;
  if ((n === 25 || n === 26) && !Number.isNaN(monthIndex(f[7] ?? "", "MM/YYYY"))) return { format: "fannie-legacy", delimiter: "|" };
  if (n === 110) return { format: "fannie", delimiter: "|" };
  if (n === 32 && !Number.isNaN(monthIndex(f[1] ?? "", "YYYYMM"))) return { format: "freddie", delimiter: "|" };
  if (n === 31 && !Number.isNaN(monthIndex(f[1] ?? "", "MM/DD/YYYY"))) {
    return { reason: "this is a Fannie Mae legacy Performance file (31 fields); the tape is the Acquisition file" };
  }
  const counts = DELIMITERS.map((d) => `${firstLine.split(d).length} ${delimiterName(d)}-separated`).join(", ");
  return {
    reason:
      `cannot tell the tape format from line 1 (${counts} fields): expected a generic header with loan_id, ` +
      "or |-separated fannie-legacy (25/26 fields), fannie (110) or freddie (32)",
  };
}

const AGENCY_NAMES: Record<number, string> = {
  25: "Fannie Mae legacy Acquisition",
  26: "Fannie Mae legacy Acquisition",
  31: "Fannie Mae legacy Performance",
  32: "Freddie Mac",
  110: "Fannie Mae",
};

/**
 * Why line 1 of a `|`-separated agency-shaped file is a header row (undefined when it is not):
 * the agencies publish these files without one, and a header read as data fails every field.
 * A header is the agency field count with no numeric field and mostly names.
 */
function agencyHeader(f: readonly string[]): string | undefined {
  const name = AGENCY_NAMES[f.length];
  if (name === undefined || f.some((x) => /^\s*[\d./-]+\s*$/.test(x)) || f.filter((x) => /[A-Za-z]/.test(x)).length < f.length / 2) return undefined;
  const start = f.slice(0, 3).join("|");
  return `line 1 is a header row (${start}|…): ${name} files have no header; delete line 1 (e.g. tail -n +2 in.txt > out.txt)`;
}

const EXPECTED: Record<Exclude<TapeFormat, "generic">, string> = {
  "fannie-legacy": "25 or 26",
  fannie: "110",
  freddie: "32",
};

/** Why line 1 does not fit the explicitly requested format (undefined when it fits). */
export function mismatch(firstLine: string, format: TapeFormat): string | undefined {
  const detected = detectFormat(firstLine);
  if ("format" in detected) {
    return detected.format === format ? undefined : `--format ${format} was requested but line 1 looks like ${detected.format}`;
  }
  if (format === "generic") return `the generic layout needs a header row with a loan_id column; ${detected.reason}`;
  const header = agencyHeader(firstLine.split("|"));
  if (header !== undefined) return header;
  const n = firstLine.split("|").length;
  const fits = format === "fannie-legacy" ? n === 25 || n === 26 : format === "fannie" ? n === 110 : n === 32;
  if (fits) return undefined;
  const others = [",", "\t", ";"].filter((d) => firstLine.split(d).length > n);
  const hint = others.length > 0 ? ` (it is ${delimiterName(others[0] ?? "")}-separated: wrong delimiter?)` : "";
  return `${format} lines have ${EXPECTED[format]} |-separated fields; line 1 has ${n}${hint}`;
}
