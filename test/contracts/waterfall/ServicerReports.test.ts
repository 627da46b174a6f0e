import { expect } from "chai";
import { network } from "hardhat";

import { report as collateral } from "../../analytics/deal/fixtures.js";
import type { ServicerReports } from "../../../typechain-types/index.js";
import { INITIAL_LOANS, servicerReportOf } from "../../waterfall/harness.js";

const { ethers, networkHelpers } = await network.create();
const POOL = 1_000_000_000n; // $1,000

async function registryFixture() {
  const [admin, servicer, trustee, outsider] = await ethers.getSigners();
  const reports = (await ethers.deployContract("ServicerReports", [admin!.address, POOL, INITIAL_LOANS])) as unknown as ServicerReports;
  await reports.connect(admin).grantRole(await reports.SERVICER_ROLE(), servicer!.address);
  await reports.connect(admin).grantRole(await reports.TRUSTEE_ROLE(), trustee!.address);
  return { reports, admin: admin!, servicer: servicer!, trustee: trustee!, outsider: outsider! };
}

const month1 = servicerReportOf(1, collateral(POOL, { interestCollected: 5_000_000n, scheduledPrincipal: 10_000_000n, prepayments: 30_000_000n }));

describe("ServicerReports", () => {
  it("stores the hash of the servicer's report and logs the whole report", async () => {
    const { reports, servicer } = await networkHelpers.loadFixture(registryFixture);
    const hash = await reports.hashReport(month1);
    await expect(reports.connect(servicer).submit(month1)).to.emit(reports, "ReportSubmitted");
    const receipt = await (await reports.connect(servicer).submit(month1)).wait();
    const log = reports.interface.parseLog(receipt!.logs[0]!);
    expect(log?.args.report.endingPoolBalance).to.equal(month1.endingPoolBalance);
    expect(log?.args.report.loanRoot).to.equal(month1.loanRoot);
    expect(ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode([reports.interface.getFunction("submit").inputs[0]!], [month1]))).to.equal(hash);
    expect(await reports.reportOf(1)).to.deep.equal([hash, false]);
    expect(await reports.attestedHash(1)).to.equal(ethers.ZeroHash);
  });

  it("carries the period's reconciliation warnings, hashed and logged, and refuses a word that is not a packing of the flag codes", async () => {
    const { reports, servicer } = await networkHelpers.loadFixture(registryFixture);
    const warned = { ...month1, reconciliationWarnings: (3n << 144n) | 1n };
    expect(await reports.hashReport(warned)).to.not.equal(await reports.hashReport(month1));
    const receipt = await (await reports.connect(servicer).submit(warned)).wait();
    expect(reports.interface.parseLog(receipt!.logs[0]!)?.args.report.reconciliationWarnings).to.equal((3n << 144n) | 1n);
    const bad = { ...month1, reconciliationWarnings: 1n << 192n };
    await expect(reports.connect(servicer).submit(bad)).to.be.revertedWithCustomError(reports, "ReportsInvalidWarnings").withArgs(1, 1n << 192n);
  });

  it("makes a report final once the trustee attests its hash", async () => {
    const { reports, servicer, trustee } = await networkHelpers.loadFixture(registryFixture);
    await reports.connect(servicer).submit(month1);
    const hash = await reports.hashReport(month1);
    await expect(reports.connect(trustee).attest(1, hash)).to.emit(reports, "ReportAttested").withArgs(1, hash, trustee.address);
    expect(await reports.attestedHash(1)).to.equal(hash);
    expect(await reports.lastAttested()).to.deep.equal([1n, month1.endingPoolBalance, BigInt(month1.endingLoanCount)]);
    // Unchangeable: period 1 can no longer be submitted, only period 2.
    await expect(reports.connect(servicer).submit({ ...month1, interestCollected: 1n }))
      .to.be.revertedWithCustomError(reports, "ReportsWrongPeriod")
      .withArgs(1, 2);
    await expect(reports.connect(trustee).attest(1, hash)).to.be.revertedWithCustomError(reports, "ReportsNothingToAttest").withArgs(1);
  });

  it("lets the servicer replace a report before attestation, and the trustee attests only the latest", async () => {
    const { reports, servicer, trustee } = await networkHelpers.loadFixture(registryFixture);
    await reports.connect(servicer).submit(month1);
    const first = await reports.hashReport(month1);
    const corrected = { ...month1, interestCollected: 5_000_001n };
    await reports.connect(servicer).submit(corrected);
    const second = await reports.hashReport(corrected);
    await expect(reports.connect(trustee).attest(1, first)).to.be.revertedWithCustomError(reports, "ReportsHashMismatch").withArgs(1, first, second);
    await reports.connect(trustee).attest(1, second);
    expect(await reports.attestedHash(1)).to.equal(second);
  });

  it("refuses a period out of order", async () => {
    const { reports, servicer } = await networkHelpers.loadFixture(registryFixture);
    await expect(reports.connect(servicer).submit({ ...month1, period: 2 })).to.be.revertedWithCustomError(reports, "ReportsWrongPeriod").withArgs(2, 1);
    await expect(reports.connect(servicer).submit({ ...month1, period: 0 })).to.be.revertedWithCustomError(reports, "ReportsWrongPeriod").withArgs(0, 1);
  });

  it("refuses a report whose ending balance does not tie to the last attested one", async () => {
    const { reports, servicer } = await networkHelpers.loadFixture(registryFixture);
    await expect(reports.connect(servicer).submit({ ...month1, endingPoolBalance: month1.endingPoolBalance + 1n }))
      .to.be.revertedWithCustomError(reports, "ReportsBalanceDoesNotTie")
      .withArgs(1, month1.endingPoolBalance + 1n, month1.endingPoolBalance);
    await expect(reports.connect(servicer).submit({ ...month1, payoffs: POOL }))
      .to.be.revertedWithCustomError(reports, "ReportsPrincipalExceedsPool");
  });

  it("refuses delinquencies or loan counts that do not fit in the pool", async () => {
    const { reports, servicer } = await networkHelpers.loadFixture(registryFixture);
    const over = month1.endingPoolBalance + 1n;
    await expect(reports.connect(servicer).submit({ ...month1, reo: { count: 1, balance: over } }))
      .to.be.revertedWithCustomError(reports, "ReportsDelinquencyExceedsPool")
      .withArgs(1, over, month1.endingPoolBalance);
    await expect(reports.connect(servicer).submit({ ...month1, delinquent30: { count: INITIAL_LOANS + 1, balance: 0n } }))
      .to.be.revertedWithCustomError(reports, "ReportsDelinquentCountExceedsLoans");
    await expect(reports.connect(servicer).submit({ ...month1, payoffCount: 1 }))
      .to.be.revertedWithCustomError(reports, "ReportsLoanCountRises")
      .withArgs(1, INITIAL_LOANS + 1, INITIAL_LOANS);
    await expect(reports.connect(servicer).submit({ ...month1, endingLoanCount: 0 }))
      .to.be.revertedWithCustomError(reports, "ReportsLoanCountMismatch");
  });

  it("takes reports from the servicer role only and attestations from the trustee role only", async () => {
    const { reports, servicer, trustee, outsider } = await networkHelpers.loadFixture(registryFixture);
    await expect(reports.connect(outsider).submit(month1)).to.be.revertedWithCustomError(reports, "AccessControlUnauthorizedAccount");
    await expect(reports.connect(trustee).submit(month1)).to.be.revertedWithCustomError(reports, "AccessControlUnauthorizedAccount");
    await reports.connect(servicer).submit(month1);
    await expect(reports.connect(servicer).attest(1, await reports.hashReport(month1))).to.be.revertedWithCustomError(reports, "AccessControlUnauthorizedAccount");
  });

  it("never lets one address hold both the servicer and the trustee role", async () => {
    const { reports, admin, servicer, trustee } = await networkHelpers.loadFixture(registryFixture);
    await expect(reports.connect(admin).grantRole(await reports.TRUSTEE_ROLE(), servicer.address))
      .to.be.revertedWithCustomError(reports, "ReportsRoleConflict")
      .withArgs(servicer.address, await reports.SERVICER_ROLE());
    await expect(reports.connect(admin).grantRole(await reports.SERVICER_ROLE(), trustee.address))
      .to.be.revertedWithCustomError(reports, "ReportsRoleConflict")
      .withArgs(trustee.address, await reports.TRUSTEE_ROLE());
  });

  it("refuses an attestation by the key that submitted the report, even after its roles changed", async () => {
    const { reports, admin, servicer } = await networkHelpers.loadFixture(registryFixture);
    await reports.connect(servicer).submit(month1);
    await reports.connect(admin).revokeRole(await reports.SERVICER_ROLE(), servicer.address);
    await reports.connect(admin).grantRole(await reports.TRUSTEE_ROLE(), servicer.address);
    await expect(reports.connect(servicer).attest(1, await reports.hashReport(month1)))
      .to.be.revertedWithCustomError(reports, "ReportsAttesterIsSubmitter")
      .withArgs(1, servicer.address);
  });
});
