/**
 * A committed leaf as a person reads it: each field labelled, in its unit, sentinels spelled out.
 * What `mbs proof` prints next to the raw values an ABI encoder or a verifier needs.
 */
import type { Hex } from "./bytes.js";
import {
  DTI_ABOVE_RANGE_OR_UNKNOWN,
  INTEREST_ONLY_CODES,
  MISSING_UINT16,
  OCCUPANCY_CODES,
  PRODUCT_CODES,
  PROPERTY_TYPE_CODES,
  PURPOSE_CODES,
  type LoanLeaf,
} from "./leaf.js";

export interface LeafLine {
  /** The leaf field (LoanLeaf key). */
  field: keyof LoanLeaf;
  label: string;
  /** The value in its unit ("$248,000.00", "4.375 %", "240 months", "(missing)"). */
  text: string;
}

const MISSING = "(missing)";

function nameOf<K extends string>(codes: Readonly<Record<K, number>>, code: number): string {
  if (code === 0) return MISSING;
  const name = (Object.keys(codes) as K[]).find((k) => codes[k] === code);
  return name ?? `unknown code ${code}`;
}

function dollars(cents: bigint): string {
  const sign = cents < 0n ? "-" : "";
  const abs = cents < 0n ? -cents : cents;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}$${whole}.${(abs % 100n).toString().padStart(2, "0")}`;
}

function hundredths(v: number): string {
  return v === MISSING_UINT16 ? MISSING : `${(v / 100).toFixed(2)} %`;
}

function stateText(state: Hex): string {
  const code = Number.parseInt(state.slice(2), 16);
  return code === 0 ? MISSING : String.fromCharCode(code >> 8, code & 0xff);
}

/** The leaf's fields in LEAF_ENCODING order, labelled and in their units. */
export function describeLeaf(leaf: LoanLeaf): LeafLine[] {
  const yyyymm = String(leaf.firstPaymentYyyymm);
  const io = leaf.interestOnly;
  return [
    { field: "loanIdHash", label: "loan id hash (keccak256 of the id)", text: leaf.loanIdHash },
    { field: "originalUpbCents", label: "original UPB", text: dollars(leaf.originalUpbCents) },
    { field: "currentUpbCents", label: "current UPB at cut-off", text: dollars(leaf.currentUpbCents) },
    { field: "noteRateMilliPct", label: "note rate", text: `${(leaf.noteRateMilliPct / 1000).toFixed(3)} %` },
    { field: "originalTermMonths", label: "original term", text: `${leaf.originalTermMonths} months` },
    { field: "loanAgeMonths", label: "loan age at cut-off", text: `${leaf.loanAgeMonths} months` },
    { field: "remainingTermMonths", label: "remaining term", text: `${leaf.remainingTermMonths} months` },
    { field: "firstPaymentYyyymm", label: "first payment", text: `${yyyymm.slice(0, 4)}-${yyyymm.slice(4)}` },
    { field: "fico", label: "FICO", text: leaf.fico === MISSING_UINT16 ? MISSING : String(leaf.fico) },
    { field: "ltvCentiPct", label: "LTV", text: hundredths(leaf.ltvCentiPct) },
    { field: "cltvCentiPct", label: "CLTV", text: hundredths(leaf.cltvCentiPct) },
    {
      field: "dtiCentiPct",
      label: "DTI",
      text: leaf.dtiCentiPct === DTI_ABOVE_RANGE_OR_UNKNOWN ? "above the tape's range or not available (Freddie 999: > 65 % or n/a)" : hundredths(leaf.dtiCentiPct),
    },
    { field: "state", label: "state", text: stateText(leaf.state) },
    { field: "occupancy", label: "occupancy", text: nameOf(OCCUPANCY_CODES, leaf.occupancy) },
    { field: "purpose", label: "purpose", text: nameOf(PURPOSE_CODES, leaf.purpose) },
    { field: "propertyType", label: "property type", text: nameOf(PROPERTY_TYPE_CODES, leaf.propertyType) },
    { field: "product", label: "product", text: nameOf(PRODUCT_CODES, leaf.product) },
    {
      field: "interestOnly",
      label: "amortization",
      text: io === INTEREST_ONLY_CODES.yes ? "interest-only" : io === INTEREST_ONLY_CODES.no ? "fully amortizing" : MISSING,
    },
  ];
}

/** `describeLeaf` as aligned "label  value" lines. */
export function formatLeaf(leaf: LoanLeaf): string {
  const lines = describeLeaf(leaf);
  const width = Math.max(...lines.map((l) => l.label.length));
  return lines.map((l) => `${l.label.padEnd(width)}  ${l.text}`).join("\n");
}
