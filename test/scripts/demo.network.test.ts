import { spawnSync } from "node:child_process";
import { expect } from "chai";

import { hardhatCli } from "../helpers/hardhatCli.js";


describe("npm run demo", function () {
  this.timeout(300_000);

  it("runs the whole pool lifecycle on the in-process network and tells it in market terms", () => {
    const run = spawnSync(process.execPath, [hardhatCli(), "run", "scripts/demo.ts"], {
      encoding: "utf8",
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    expect(run.status, run.stderr).to.equal(0);
    const out = run.stdout;
    expect(out).to.match(/onboarded 5 investors in one batch/);
    expect(out).to.match(/Tokenized generic-sample\.csv/);
    expect(out).to.match(/Distribution statement \(per 1,000 of original face\)/);
    expect(out).to.match(/on-chain factors equal the model's to the last unit/);
    // Every unit of month 1's cash is accounted for, the residual holder's share explained.
    expect(out).to.match(/to the residual \(certificate\) holder +\$[\d,]+\.\d{6}\n +\(interest left after fees and coupons .*principal released above the overcollateralization target/);
    expect(out).to.match(/= left undistributed +\$0\.000000/);
    // The example deal allocates Alice $2.4M of Class A's $4.8M: she earned half of it as holder of record.
    expect(out).to.match(/Alice claims \$[\d,.]+: 50\.00% of the class's month-1 P&I/);
    expect(out).to.match(/code 8 "The recipient's investor class may not hold this token\." → reverted TokenTransferRestricted\(code 8\)/);
    expect(out).to.match(/code 10 .* → reverted TokenTransferRestricted\(code 10\)/);
    expect(out).to.match(/verifyLoan → true/);
    // Part 7: thirteen months through `mbs remit` and the on-chain waterfall.
    expect(out.match(/^ {3}20\d\d-\d\d +\$/gm) ?? []).to.have.length(13);
    expect(out).to.match(/trigger 60\+ delinquency: [\d.]+% vs 6\.0000% — TRIPPED/);
    expect(out).to.match(/liquidation proceeds +[\d,.]+ +\(1 loans\)/);
    expect(out).to.match(/13 statements rebuilt from chain logs alone; final pool factor 0\.00000000/);
    expect(out).to.match(/every line proven against its period's on-chain root: true; realized loss \$[1-9]/);
    expect(out).to.match(/left in the waterfall: \$0\.00; .* emptied to the cent/);
    // Secondary trading between the cycles, on the DvP order book and the bilateral desk (the chain's clock
    // starts at the wall clock, so 30/360 day counts vary with the run date: only their sign is asserted).
    expect(out).to.match(/market: Bayside bids \$200,000\.00 MBS2A @ 100-16 \(escrows \$[\d,.]+\); Alice asks \$500,000\.00 @ 100-16/);
    expect(out).to.match(/market: the ask and the bid meet at 100-16, Alice hits Bayside's bid: Alice → Bayside \$200,000\.00 face .*cash \$[\d,.]+ = principal \$[\d,.]+ \+ [1-9]\d* days' accrued \$[1-9]/);
    expect(out).to.match(/the bid closes: Bayside's unspent deposit \$[1-9][\d,.]* refunded from escrow/);
    expect(out).to.match(/market: partial fill of Alice's ask \(\$300,000\.00 of \$500,000\.00 left open\): Alice → Cedar \$200,000\.00 face/);
    expect(out).to.match(/market: refused trade: Carol \(retail\) .*code 8 "The recipient's investor class may not hold this token\." → reverted TokenTransferRestricted\(code 8\); the order is unchanged/);
    expect(out).to.match(/market: bilateral trade \d+ \(MBS2M, escrowed \$200,000\.00 in Cedar's wallet, confirmed by Bayside\): Cedar → Bayside \$200,000\.00 face .*@ 99-24: cash \$[\d,.]+ = principal \$[\d,.]+ \+ [1-9]\d* days' accrued \$[1-9]/);
    expect(out).to.match(/market: before period 6's record date, [1-9]\d* days after period 5's: Alice → Cedar \$100,000\.00 face .* \+ [1-9]\d* days' accrued \$[1-9]/);
    expect(out).to.match(/cash legs: Cedar paid \$([\d,.]+), Alice received \$\1 /);
    // Between the record date and the distribution the books are closed: refused before sending and on chain.
    expect(out).to.match(/market: refused trade: Bayside takes the \$200,000\.00 left on Alice's ask: order \d+ cannot be filled now: books closed: period 6's record date passed at \d{4}-\d\d-\d\d \d\d:\d\d UTC; trading resumes when the period is distributed; nothing was sent/);
    expect(out).to.match(/sent anyway, the venue reverts MarketBooksClosed\(token=0x[0-9a-fA-F]{40}, distributionId=6, recordDate=\d+\) — books closed: period 6's record date/);
    expect(out).to.match(/market: period 6 distributed, the books reopen\. Its MBS2A P&I \$[\d,.]+ went to the holders of record: Cedar receives \$[1-9][\d,.]* on the \$100,000\.00 he bought before the record date/);
    expect(out).to.match(/market: after period 6's distribution, accrued from its record date \d{4}-\d\d-\d\d: Alice → Bayside \$200,000\.00 face .* \+ [1-9]\d* days' accrued \$[1-9]/);
    expect(out).to.match(/cash legs: Bayside paid \$([\d,.]+), Alice received \$\1 /);
    expect(out).to.match(/Alice, seller of record, keeps period 6's \$[1-9][\d,.]* on the \$200,000\.00 she sold; Bayside paid for none of it/);
    // The deal is cut off in the chain's current month; a keeper marks each record date at the month end and the
    // servicer remits ten days later.
    expect(out).to.match(/record date: period 1's holders of record fixed for the record date 20\d\d-\d\d-\d\d 23:59:59 UTC, marked at 20\d\d-\d\d-\d\d 00:00:0\d UTC \(a keeper, at the month end\)/);
    // The market steps sit between the cycles: after month 2, before month 6's record date (after month 5) and around month 6.
    expect(out).to.match(/^ {3}20\d\d-\d\d +\$.*\n {3}market: Bayside bids/m);
    expect(out).to.match(/ {3}market: period 6's record date .*\n.*\n.*\n {3}20\d\d-\d\d +\$.*\n {3}market: period 6 distributed/);
  });
});
