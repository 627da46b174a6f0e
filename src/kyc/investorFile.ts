/**
 * The compliance officer's investor file (docs/kyc.md): one CSV row per wallet,
 * `address,verified_until,country,classes,record_hash`. Every row is validated before anything is
 * sent, and every problem is reported (file:line field=value: reason), so one run fixes them all.
 */
import { readFile } from "node:fs/promises";
import { ZeroAddress, ZeroHash, getAddress, isAddress } from "ethers";

import { InvalidInputError, ValidationError, type LocatedIssue } from "../errors.js";
import { INVESTOR_CLASS_BITS, INVESTOR_CLASS_NAMES, isInvestorClassName } from "./investors.js";
import { readCsv } from "./csv.js";

/** One validated row, ready for `setInvestors`. */
export interface InvestorRow {
  /** 1-based line in the file. */
  line: number;
  /** Checksummed. */
  account: string;
  /** Unix seconds. */
  verifiedUntil: bigint;
  /** ISO 3166-1 numeric. */
  country: number;
  /** Class bit set (INVESTOR_CLASS_BITS). */
  classes: number;
  /** 32-byte hex; the zero hash when the file leaves it empty. */
  recordHash: string;
}

export const INVESTOR_FILE_COLUMNS = ["address", "verified_until", "country", "classes", "record_hash"] as const;
type Column = (typeof INVESTOR_FILE_COLUMNS)[number];
const OPTIONAL_COLUMNS: ReadonlySet<Column> = new Set(["record_hash"]);

/** 9999-12-31T23:59:59Z: a larger Unix time is almost always milliseconds by mistake. */
export const MAX_VERIFIED_UNTIL = 253_402_300_799n;

type Parsed<T> = { value: T } | { reason: string };

export function parseAccount(text: string): Parsed<string> {
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) return { reason: "not an address (0x followed by 40 hex digits)" };
  const expected = getAddress(text.toLowerCase());
  // ethers accepts all-lower/all-upper hex unchecked and rejects mixed case with a wrong checksum.
  if (!isAddress(text)) return { reason: `bad EIP-55 checksum (expected ${expected})` };
  const account = getAddress(text);
  if (account === ZeroAddress) return { reason: "the zero address cannot be an investor" };
  return { value: account };
}

/** `YYYY-MM-DD` (00:00 UTC that day) or Unix seconds; must lie after `now` (chain time). */
export function parseVerifiedUntil(text: string, now: bigint): Parsed<bigint> {
  let seconds: bigint;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date !== null) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const ms = Date.UTC(y, m - 1, d);
    const back = new Date(ms);
    // Date.UTC rolls 2027-02-30 over to March; a round trip catches dates that do not exist.
    if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) {
      return { reason: "not a calendar date" };
    }
    seconds = BigInt(ms / 1000);
  } else if (/^\d+$/.test(text)) {
    seconds = BigInt(text);
    if (seconds > MAX_VERIFIED_UNTIL) {
      return { reason: `more than ${MAX_VERIFIED_UNTIL} (year 9999): milliseconds instead of seconds?` };
    }
  } else {
    return { reason: "neither a date (YYYY-MM-DD) nor Unix seconds" };
  }
  if (seconds <= now) {
    return { reason: `in the past: the chain's latest block is at ${new Date(Number(now) * 1000).toISOString()}` };
  }
  return { value: seconds };
}

/** ISO 3166-1 numeric, 1–999 (leading zeros allowed: "076" is Brazil). */
export function parseCountry(text: string): Parsed<number> {
  if (!/^\d{1,3}$/.test(text)) return { reason: "not an ISO 3166-1 numeric code (1 to 3 digits, e.g. 840)" };
  const code = Number(text);
  if (code === 0) return { reason: "0 means unknown: give the investor's country (1–999)" };
  return { value: code };
}

/** `accredited|qib` → bit set. */
export function parseClasses(text: string): Parsed<number> {
  const names = text.split("|").map((n) => n.trim());
  if (names.every((n) => n === "")) return { reason: `at least one class is required (${INVESTOR_CLASS_NAMES.join(", ")})` };
  let bits = 0;
  for (const name of names) {
    if (!isInvestorClassName(name)) {
      return { reason: `unknown class "${name}" (known: ${INVESTOR_CLASS_NAMES.join(", ")}; separate several with |)` };
    }
    bits |= INVESTOR_CLASS_BITS[name];
  }
  return { value: bits };
}

/** Optional evidence hash; empty → zero (no hash is made up for a row without one). */
export function parseRecordHash(text: string): Parsed<string> {
  if (text === "") return { value: ZeroHash };
  if (!/^0x[0-9a-fA-F]{64}$/.test(text)) return { reason: "not a 32-byte hex hash (0x followed by 64 hex digits)" };
  return { value: text.toLowerCase() };
}

/** Parses and validates the whole file text; throws a ValidationError listing every problem. */
export function parseInvestorFile(file: string, text: string, now: bigint): InvestorRow[] {
  const issues: LocatedIssue[] = [];
  const lines = readCsv(text);
  const header = lines[0];
  if (header === undefined) throw new ValidationError(file, [{ file, line: 0, reason: `empty file: expected the header ${INVESTOR_FILE_COLUMNS.join(",")}` }]);
  if ("error" in header) throw new ValidationError(file, [{ file, line: header.line, reason: header.error }]);

  const index = new Map<Column, number>();
  header.fields.forEach((raw, k) => {
    const name = raw.trim().toLowerCase();
    const column = INVESTOR_FILE_COLUMNS.find((c) => c === name);
    if (column === undefined) {
      issues.push({ file, line: header.line, field: "header", value: raw, reason: `unknown column (expected ${INVESTOR_FILE_COLUMNS.join(",")})` });
    } else if (index.has(column)) {
      issues.push({ file, line: header.line, field: "header", value: raw, reason: "column given twice" });
    } else {
      index.set(column, k);
    }
  });
  for (const column of INVESTOR_FILE_COLUMNS) {
    if (!index.has(column) && !OPTIONAL_COLUMNS.has(column)) {
      issues.push({ file, line: header.line, field: "header", reason: `missing column ${column}` });
    }
  }
  if (issues.length > 0) throw new ValidationError(file, issues);

  const rows: InvestorRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const entry of lines.slice(1)) {
    if ("error" in entry) {
      issues.push({ file, line: entry.line, reason: entry.error });
      continue;
    }
    const { line, fields } = entry;
    if (fields.length !== header.fields.length) {
      issues.push({ file, line, reason: `${fields.length} field(s), but the header has ${header.fields.length}` });
      continue;
    }
    // An absent optional column reads as an empty cell.
    const cell = (column: Column): string => {
      const k = index.get(column);
      return k === undefined ? "" : (fields[k] ?? "").trim();
    };
    const read = <T>(column: Column, parse: (text: string) => Parsed<T>): T | undefined => {
      const text = cell(column);
      const parsed = parse(text);
      if ("reason" in parsed) {
        issues.push({ file, line, field: column, value: text, reason: parsed.reason });
        return undefined;
      }
      return parsed.value;
    };
    const account = read("address", parseAccount);
    const verifiedUntil = read("verified_until", (t) => parseVerifiedUntil(t, now));
    const country = read("country", parseCountry);
    const classes = read("classes", parseClasses);
    const recordHash = read("record_hash", parseRecordHash);
    if (account !== undefined) {
      const first = firstLineOf.get(account);
      if (first !== undefined) {
        issues.push({ file, line, field: "address", value: cell("address"), reason: `duplicate of line ${first}` });
      } else {
        firstLineOf.set(account, line);
      }
    }
    if (account === undefined || verifiedUntil === undefined || country === undefined || classes === undefined || recordHash === undefined) {
      continue;
    }
    rows.push({ line, account, verifiedUntil, country, classes, recordHash });
  }
  if (issues.length === 0 && rows.length === 0) issues.push({ file, line: 0, reason: "no investor rows after the header" });
  if (issues.length > 0) throw new ValidationError(file, issues);
  return rows;
}

export async function loadInvestorFile(file: string, now: bigint): Promise<InvestorRow[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InvalidInputError(file, `cannot read the investor file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseInvestorFile(file, text, now);
}
