/**
 * The typed loan record every tape reader produces and everything downstream (eligibility,
 * stratification, commitment, projection) consumes. Format-independent; no borrower PII.
 *
 * Units: money in integer **cents** held in a JS number (exact: every value is checked to be a
 * safe integer, and 2^53 cents is ~$90 trillion); rates in **percent** as printed on the tape
 * (7.875 means 7.875 %); ratios (LTV, CLTV, DTI, MI) in whole percent. Fields a tape does not
 * carry, or carries as a sentinel (9999 FICO, 999 LTV, "9" occupancy …), are `undefined`:
 * missing is never a number.
 */
export type TapeFormat = "generic" | "fannie-legacy" | "fannie" | "freddie";

export type Occupancy = "primary" | "second" | "investment";
export type Purpose = "purchase" | "cashout-refi" | "rate-term-refi" | "refi-unspecified";
export type PropertyType = "single-family" | "condo" | "coop" | "manufactured" | "pud";
export type Channel = "retail" | "broker" | "correspondent" | "tpo";
export type Product = "FRM" | "ARM";

export interface LoanRecord {
  /** Issuer's loan id, unique within a tape (join key to performance / remittance files). */
  loanId: string;
  /** 1-based line of the source file the record came from (for error messages and reports). */
  line: number;
  originalUpbCents: number;
  /** Current UPB at the tape's cut-off; equals the original UPB for a new-issue tape. */
  currentUpbCents: number;
  /** Note rate, percent per year. */
  noteRatePct: number;
  /** Original term, months. */
  originalTermMonths: number;
  /** Loan age at cut-off, months (0 before the first payment). */
  loanAgeMonths: number;
  /** Remaining term at cut-off, months. */
  remainingTermMonths: number;
  /** First payment date as YYYY-MM. */
  firstPaymentDate: string;
  /** Origination date as YYYY-MM, when the tape carries it. */
  originationDate?: string;
  fico?: number;
  /** Co-borrower FICO, when the tape carries it. */
  coBorrowerFico?: number;
  ltvPct?: number;
  cltvPct?: number;
  dtiPct?: number;
  miPct?: number;
  /** Two-letter USPS state code. */
  state?: string;
  /** First three digits of the ZIP code, as a 3-character string ("021"). */
  zip3?: string;
  propertyType?: PropertyType;
  occupancy?: Occupancy;
  purpose?: Purpose;
  channel?: Channel;
  units?: number;
  borrowers?: number;
  firstTimeBuyer?: boolean;
  product: Product;
  seller?: string;
  servicer?: string;
}
