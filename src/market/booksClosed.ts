/**
 * The market's "books closed" window (docs/adr/0018-market-books-closed.md): between a class's record date and
 * that period's distribution the venues refuse every settlement of the class (`MarketBooksClosed`), so that no
 * buyer pays for principal or interest the seller of record receives. The commands ask the token first and say
 * so in words before anything is sent.
 */
import { describeBooksClosed, type OpenedContract } from "../chain/index.js";

export interface BooksClosed {
  /** The distribution (period) whose record date is pending. */
  distributionId: bigint;
  /** The pending record date, Unix seconds. */
  recordDate: bigint;
  /** "books closed: period N's record date passed at …; trading resumes when the period is distributed". */
  reason: string;
}

/** The pending record date of `token`, if its books are closed now; undefined when it may trade. */
export async function booksClosed(token: OpenedContract): Promise<BooksClosed | undefined> {
  const [pending, recordDate] = (await token.contract.getFunction("recordDatePending").staticCall()) as [boolean, bigint];
  if (!pending) return undefined;
  const distributionId = ((await token.contract.getFunction("distributionCount").staticCall()) as bigint) + 1n;
  return { distributionId, recordDate, reason: describeBooksClosed(distributionId, recordDate) };
}
