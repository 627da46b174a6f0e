/**
 * Reconciliation flags and the policy that makes each an error (the period cannot be submitted)
 * or a warning (printed and kept with the period). docs/remittance-file.md explains each one.
 */
import { InvalidInputError, formatIssue, type LocatedIssue } from "../errors.js";

export const FLAG_CODES = [
  "unknown-loan",
  "loan-vanished",
  "paid-off-reappeared",
  "upb-rise-unmodified",
  "capitalization",
  "beginning-balance-mismatch",
  "removal-balance-mismatch",
  "principal-does-not-tie",
  "principal-vs-schedule",
  "delinquency-jump",
  "liquidation-without-proceeds",
  "cash-mismatch",
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];
export type Severity = "error" | "warning";
export type PolicySetting = Severity | "ignore";
export type RemittancePolicy = Readonly<Record<FlagCode, PolicySetting>>;

export const DEFAULT_POLICY: RemittancePolicy = {
  "unknown-loan": "error",
  "loan-vanished": "error",
  "paid-off-reappeared": "error",
  "upb-rise-unmodified": "error",
  capitalization: "error",
  "beginning-balance-mismatch": "error",
  "removal-balance-mismatch": "warning",
  "principal-does-not-tie": "error",
  "principal-vs-schedule": "warning",
  "delinquency-jump": "warning",
  "liquidation-without-proceeds": "error",
  "cash-mismatch": "error",
};

/** The default policy with some flags re-rated (e.g. from a `--policy` JSON file). */
export function policyWith(overrides: Partial<Record<string, string>>, source = "policy"): RemittancePolicy {
  const policy: Record<FlagCode, PolicySetting> = { ...DEFAULT_POLICY };
  for (const [code, setting] of Object.entries(overrides)) {
    if (!(FLAG_CODES as readonly string[]).includes(code)) {
      throw new PolicyError(source, `unknown flag "${code}"; flags: ${FLAG_CODES.join(", ")}`);
    }
    if (setting !== "error" && setting !== "warning" && setting !== "ignore") {
      throw new PolicyError(source, `flag "${code}": expected error, warning or ignore, got ${JSON.stringify(setting)}`);
    }
    policy[code as FlagCode] = setting;
  }
  return policy;
}

/** A policy that names an unknown flag or setting. */
export class PolicyError extends InvalidInputError {}

/** One finding of reconciliation, located in the servicer file. */
export interface ReconciliationFlag extends LocatedIssue {
  code: FlagCode;
  severity: Severity;
  loanId: string | undefined;
}

export function formatFlag(flag: ReconciliationFlag): string {
  return `${flag.severity === "error" ? "error" : "warning"} [${flag.code}] ${formatIssue(flag)}`;
}
