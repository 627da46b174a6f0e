/**
 * The eligibility rule file: parsing and validation. The file is JSON with flat, self-describing
 * keys (each key is one rule, so an exclusion can name exactly the rule that fired); every key is
 * optional and an absent key means "no limit". Units are in the key: Usd (dollars), Pct
 * (percent), Months. See examples/rules/agency-conforming.json.
 */
import { readFile } from "node:fs/promises";
import { ValidationError, type LocatedIssue } from "../errors.js";
import type { Occupancy, Product, PropertyType, Purpose } from "../tape/loan.js";
import { duplicateJsonKeys, firstJsonErrorOffset } from "./json-position.js";
import { OCCUPANCY_CODES, PRODUCT_CODES, PROPERTY_TYPE_CODES, PURPOSE_CODES } from "./leaf.js";

export type MissingPolicy = "exclude" | "allow";
/** LoanRecord fields that may be missing and that some rule reads. */
export const MISSING_FIELDS = ["fico", "ltvPct", "cltvPct", "dtiPct", "state", "propertyType", "occupancy", "purpose", "interestOnly"] as const;
export type MissingField = (typeof MISSING_FIELDS)[number];

/** Numeric limit rules: key → [kind, the range the limit itself must lie in]. */
export const NUMERIC_RULES = {
  ficoMin: [300, 850],
  ficoMax: [300, 850],
  ltvMaxPct: [0, 1000],
  cltvMaxPct: [0, 1000],
  dtiMaxPct: [0, 100],
  originalUpbMinUsd: [0, 1e11],
  originalUpbMaxUsd: [0, 1e11],
  currentUpbMinUsd: [0, 1e11],
  currentUpbMaxUsd: [0, 1e11],
  noteRateMinPct: [0, 100],
  noteRateMaxPct: [0, 100],
  seasoningMinMonths: [0, 1200],
  seasoningMaxMonths: [0, 1200],
  maxStateConcentrationPct: [0, 100],
} as const satisfies Record<string, readonly [number, number]>;
export type NumericRule = keyof typeof NUMERIC_RULES;

export const SET_RULES = {
  propertyTypes: Object.keys(PROPERTY_TYPE_CODES) as PropertyType[],
  occupancy: Object.keys(OCCUPANCY_CODES) as Occupancy[],
  purposes: Object.keys(PURPOSE_CODES) as Purpose[],
  products: Object.keys(PRODUCT_CODES) as Product[],
  amortization: ["fully-amortizing", "interest-only"] as Amortization[],
  states: [
    ..."AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split(" "),
    ..."PR GU VI AS MP".split(" "),
  ],
} as const;
export type SetRule = keyof typeof SET_RULES;
/** A loan's amortization as the `amortization` rule names it (from LoanRecord.interestOnly). */
export type Amortization = "fully-amortizing" | "interest-only";
/** Limits that only whole numbers make sense for (a credit score has no fractions). */
const INTEGER_RULES: ReadonlySet<string> = new Set(["ficoMin", "ficoMax", "seasoningMinMonths", "seasoningMaxMonths"]);
export type RuleKey = NumericRule | SetRule;

export interface EligibilityRules {
  name?: string;
  description?: string;
  limits: Partial<Record<NumericRule, number>>;
  sets: {
    propertyTypes?: PropertyType[];
    occupancy?: Occupancy[];
    purposes?: Purpose[];
    products?: Product[];
    amortization?: Amortization[];
    states?: string[];
  };
  /** Policy when a field a rule reads is missing; every field present, default "exclude". */
  missing: Record<MissingField, MissingPolicy>;
  /** The parsed JSON as written, for the canonical rules hash. */
  source: unknown;
}

const META_KEYS = new Set(["name", "description", "missing"]);
const MIN_MAX_PAIRS: ReadonlyArray<[NumericRule, NumericRule]> = [
  ["ficoMin", "ficoMax"],
  ["originalUpbMinUsd", "originalUpbMaxUsd"],
  ["currentUpbMinUsd", "currentUpbMaxUsd"],
  ["noteRateMinPct", "noteRateMaxPct"],
  ["seasoningMinMonths", "seasoningMaxMonths"],
];

/** Reads and validates a rule file; throws ValidationError listing every problem. */
export async function loadRules(file: string): Promise<EligibilityRules> {
  return parseRules(await readFile(file, "utf8"), file);
}

/** Validates rule-file text; `file` names it in errors. */
export function parseRules(text: string, file: string): EligibilityRules {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const offset = firstJsonErrorOffset(text);
    const line = offset < 0 ? 0 : text.slice(0, offset).split("\n").length;
    throw new ValidationError(file, [{ file, line, reason: `not valid JSON: ${(e as Error).message}` }]);
  }
  const duplicates = duplicateJsonKeys(text);
  if (duplicates.length > 0) {
    throw new ValidationError(
      file,
      duplicates.map((d) => ({
        file,
        line: d.line,
        field: d.path === "" ? d.key : `${d.path}.${d.key}`,
        reason: `key appears twice (lines ${d.firstLine} and ${d.line}): keep the one you mean`,
      })),
    );
  }
  return validateRules(json, file, text);
}

/** Validates an already-parsed rule object. `text`, when given, lets errors carry line numbers. */
export function validateRules(json: unknown, file: string, text?: string): EligibilityRules {
  const issues: LocatedIssue[] = [];
  // Line of a key's first occurrence; "missing.x" is looked up after the "missing" key, since
  // names like "occupancy" are both a rule and a missing-policy field.
  const lineOf = (field: string) => {
    if (text === undefined) return 0;
    const [head, sub] = field.split(".");
    const from = sub === undefined ? 0 : Math.max(0, text.indexOf(`"${head}"`));
    const at = text.indexOf(`"${sub ?? head}"`, from);
    return at < 0 ? 0 : text.slice(0, at).split("\n").length;
  };
  const issue = (field: string, value: unknown, reason: string) =>
    issues.push({ file, line: lineOf(field), field, value: value === undefined ? undefined : JSON.stringify(value), reason });

  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ValidationError(file, [{ file, line: 0, reason: "a rule file is a JSON object of rule keys" }]);
  }
  const obj = json as Record<string, unknown>;
  const rules: EligibilityRules = { limits: {}, sets: {}, missing: defaultMissing(), source: json };

  for (const [key, value] of Object.entries(obj)) {
    if (key in NUMERIC_RULES) {
      const [lo, hi] = NUMERIC_RULES[key as NumericRule];
      if (typeof value !== "number" || !Number.isFinite(value)) issue(key, value, "must be a number");
      else if (value < lo || value > hi) issue(key, value, `must be between ${lo} and ${hi}`);
      else if (INTEGER_RULES.has(key) && !Number.isInteger(value)) issue(key, value, "must be a whole number");
      else if (key.endsWith("Usd") && Math.round(value * 100) !== value * 100) issue(key, value, "dollars with at most 2 decimals (cents)");
      else if (key === "maxStateConcentrationPct" && value === 0) issue(key, value, "must be above 0 (a 0 % cap excludes every loan)");
      else rules.limits[key as NumericRule] = value;
    } else if (key in SET_RULES) {
      const allowed: readonly string[] = SET_RULES[key as SetRule];
      if (!Array.isArray(value) || value.length === 0) issue(key, value, `must be a non-empty array of: ${allowed.join(", ")}`);
      else {
        const bad = value.filter((v) => typeof v !== "string" || !allowed.includes(v));
        if (bad.length > 0) issue(key, bad, `unknown value(s); allowed: ${allowed.join(", ")}`);
        else (rules.sets as Record<string, string[]>)[key] = [...new Set(value as string[])];
      }
    } else if (key === "name" || key === "description") {
      if (typeof value !== "string") issue(key, value, "must be a string");
      else rules[key] = value;
    } else if (key === "missing") {
      parseMissing(value, rules, issue);
    } else {
      const hint = closest(key, [...Object.keys(NUMERIC_RULES), ...Object.keys(SET_RULES), ...META_KEYS]);
      issue(key, value, `unknown rule key${hint === undefined ? "" : ` (did you mean "${hint}"?)`}`);
    }
  }
  for (const [min, max] of MIN_MAX_PAIRS) {
    const lo = rules.limits[min];
    const hi = rules.limits[max];
    if (lo !== undefined && hi !== undefined && lo > hi) issue(min, lo, `is above ${max} (${hi}); no loan could pass`);
  }
  if (issues.length > 0) throw new ValidationError(file, issues);
  return rules;
}

function defaultMissing(): Record<MissingField, MissingPolicy> {
  return Object.fromEntries(MISSING_FIELDS.map((f) => [f, "exclude"])) as Record<MissingField, MissingPolicy>;
}

function parseMissing(value: unknown, rules: EligibilityRules, issue: (field: string, value: unknown, reason: string) => void): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    issue("missing", value, `must be an object of field → "exclude" | "allow" (fields: ${MISSING_FIELDS.join(", ")})`);
    return;
  }
  for (const [field, policy] of Object.entries(value)) {
    if (!(MISSING_FIELDS as readonly string[]).includes(field)) issue(`missing.${field}`, policy, `unknown field; one of ${MISSING_FIELDS.join(", ")}`);
    else if (policy !== "exclude" && policy !== "allow") issue(`missing.${field}`, policy, 'must be "exclude" or "allow"');
    else rules.missing[field as MissingField] = policy;
  }
}

/** The candidate within edit distance 3 of `key`, for "did you mean" hints. */
function closest(key: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 4;
  for (const c of candidates) {
    const d = editDistance(key.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
