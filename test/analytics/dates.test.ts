import { expect } from "chai";
import { InvalidInputError } from "../../src/errors.js";
import { accruedDays, days30360, parseDate } from "../../src/analytics/dates.js";

describe("dates", () => {
  it("counts 30/360 days with the 31st treated as the 30th", () => {
    expect(days30360(parseDate("d", "2026-01-01"), parseDate("d", "2026-01-15"))).to.equal(14);
    expect(days30360(parseDate("d", "2026-01-31"), parseDate("d", "2026-02-28"))).to.equal(28);
    expect(days30360(parseDate("d", "2026-01-30"), parseDate("d", "2026-03-31"))).to.equal(60);
    expect(days30360(parseDate("d", "2025-12-15"), parseDate("d", "2026-01-15"))).to.equal(30);
  });

  it("counts from the 30th when the start is the last day of February (SF-44)", () => {
    expect(days30360(parseDate("d", "2026-02-28"), parseDate("d", "2026-03-31"))).to.equal(30);
    expect(days30360(parseDate("d", "2024-02-29"), parseDate("d", "2024-03-15"))).to.equal(15);
    expect(days30360(parseDate("d", "2024-02-28"), parseDate("d", "2024-03-15"))).to.equal(17);
  });

  it("never counts a negative number of days", () => {
    expect(days30360(parseDate("d", "2026-03-15"), parseDate("d", "2026-03-01"))).to.equal(0);
  });

  it("accrues from the 1st of the settlement month", () => {
    expect(accruedDays(parseDate("d", "2026-03-01"))).to.equal(0);
    expect(accruedDays(parseDate("d", "2026-03-18"))).to.equal(17);
    expect(accruedDays(parseDate("d", "2026-03-31"))).to.equal(30);
  });

  it("rejects a date that is not on the calendar, naming the input", () => {
    expect(() => parseDate("settlement", "2026-02-30")).to.throw(InvalidInputError, /^settlement: 2026-02-30 is not a calendar date/);
    expect(() => parseDate("settlement", "03/18/2026")).to.throw(InvalidInputError, /^settlement: expected YYYY-MM-DD/);
  });
});
