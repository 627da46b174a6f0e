import { expect } from "chai";
import { network } from "hardhat";

import type { DealCalendarHarness } from "../../typechain-types/index.js";

const { ethers } = await network.create();

const FIRST = 1970 * 12; // 1970-01
const LAST = 2100 * 12 + 11; // 2100-12

describe("the waterfall's calendar (DealCalendar) against JavaScript's Date", () => {
  let calendar: DealCalendarHarness;
  before(async () => {
    calendar = (await ethers.deployContract("DealCalendarHarness")) as unknown as DealCalendarHarness;
  });

  it("puts every month end from 1970 to 2100 at 23:59:59 UTC on the month's last day", async () => {
    const count = LAST - FIRST + 1;
    const [ends, years, months, days] = await calendar.monthEnds(FIRST, count);
    expect(ends).to.have.length(count);
    for (let i = 0; i < count; i++) {
      const m = FIRST + i;
      const year = Math.floor(m / 12);
      const month = m % 12; // 0-based, as Date takes it
      const end = Date.UTC(year, month + 1, 1) / 1000 - 1;
      const label = `${year}-${month + 1}`;
      expect(ends[i], label).to.equal(BigInt(end));
      const date = new Date(end * 1000);
      expect([years[i], months[i], days[i]], label).to.deep.equal([BigInt(date.getUTCFullYear()), BigInt(date.getUTCMonth() + 1), BigInt(date.getUTCDate())]);
      expect(date.getUTCHours() * 3600 + date.getUTCMinutes() * 60 + date.getUTCSeconds(), label).to.equal(86_399);
    }
  });

  it("counts days from 1970-01-01 as Date does, leap days and century rules included", async () => {
    for (const [y, m, d] of [[1970, 1, 1], [1972, 2, 29], [2000, 2, 29], [2000, 3, 1], [2024, 12, 31], [2100, 2, 28], [2100, 3, 1]] as const) {
      expect(await calendar.daysFromCivil(y, m, d), `${y}-${m}-${d}`).to.equal(BigInt(Date.UTC(y, m - 1, d) / 86_400_000));
    }
  });

  it("places any second in its UTC month, the month's first and last seconds included", async () => {
    for (const iso of ["1970-01-01T00:00:00Z", "2026-01-31T23:59:59Z", "2026-02-01T00:00:00Z", "2028-02-29T12:00:00Z", "2099-12-31T23:59:59Z"]) {
      const date = new Date(iso);
      expect(await calendar.monthIndexOf(date.getTime() / 1000), iso).to.equal(BigInt(date.getUTCFullYear() * 12 + date.getUTCMonth()));
    }
  });
});
