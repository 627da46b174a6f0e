/**
 * Investors as the KYC registry records them. Investor-class names used in deal files and the bits the KYC registry stores for them
 * (`CLASS_*` constants of contracts/kyc/KycRegistry.sol; test/kyc/investors.test.ts checks
 * this table against the deployed contract).
 */
export const INVESTOR_CLASS_BITS = {
  retail: 1,
  accredited: 2,
  qib: 4,
  institutional: 8,
  "non-us": 16,
} as const;

export type InvestorClassName = keyof typeof INVESTOR_CLASS_BITS;

export const INVESTOR_CLASS_NAMES = Object.keys(INVESTOR_CLASS_BITS) as InvestorClassName[];

export function isInvestorClassName(value: unknown): value is InvestorClassName {
  return typeof value === "string" && Object.hasOwn(INVESTOR_CLASS_BITS, value);
}

/** Bit set → names, for messages ("accredited, qib"). */
export function classNames(bits: number): InvestorClassName[] {
  return INVESTOR_CLASS_NAMES.filter((name) => (bits & INVESTOR_CLASS_BITS[name]) !== 0);
}

/** An investor's registry record (all zero when never onboarded). */
export interface InvestorRecord {
  /** Unix seconds; 0 when never verified or revoked. */
  verifiedUntil: bigint;
  /** ISO 3166-1 numeric country code. */
  country: number;
  /** Bit set of INVESTOR_CLASS_BITS. */
  classes: number;
  frozen: boolean;
}
