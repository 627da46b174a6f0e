/**
 * `mbs tokenize` on Hardhat's in-process network, in one command: that network is a fresh, empty
 * chain on every run, so there is no platform registry to point `--registry` at. When none is given
 * there, a throwaway platform is deployed for the run and the deal's investors are onboarded to it
 * with the least the deal needs (an allowed investor class, a country no class blocks, verified for
 * a year) — and the command says so. Nothing of it outlives the process; on any other network the
 * registry is the platform's and must be given.
 */
import { id } from "ethers";

import { chainTime, deployModule, type ChainConnection } from "../chain/index.js";
import type { DealSpec } from "../deal/deal.js";
import { MbsError } from "../errors.js";
import { classNames, INVESTOR_CLASS_BITS, type InvestorClassName } from "../kyc/investors.js";
import PlatformModule from "../kyc/platformModule.js";
import { openRegistry, sendRegistryTransaction } from "../kyc/registry.js";

export interface LocalPlatform {
  registry: string;
  /** What each investor was onboarded as, for the run's report. */
  investors: { account: string; classes: InvestorClassName[]; country: number }[];
}

const ONE_YEAR = 365n * 86_400n;
/** Countries tried in turn: the first that none of an investor's classes blocks. */
const COUNTRIES = [840, 826, 276, 250, 392];

/** What each allocated investor needs to hold every class allocated to it. */
export function localOnboarding(deal: DealSpec): LocalPlatform["investors"] {
  const byInvestor = new Map<string, { bits: number; blocked: Set<number> }>();
  for (const a of deal.allocations) {
    const t = deal.tranches[a.trancheIndex]!;
    const entry = byInvestor.get(a.investor) ?? { bits: 0, blocked: new Set<number>() };
    // One class the tranche allows is enough; the first listed keeps the record readable.
    entry.bits |= INVESTOR_CLASS_BITS[t.investorClasses[0]!];
    for (const c of t.blockedCountries) entry.blocked.add(c);
    byInvestor.set(a.investor, entry);
  }
  return [...byInvestor].map(([account, { bits, blocked }]) => {
    const country = COUNTRIES.find((c) => !blocked.has(c));
    if (country === undefined) throw new MbsError(`no test country is open to every class allocated to ${account}`, { account });
    return { account, classes: classNames(bits), country };
  });
}

/** Deploys the platform module and onboards the deal's investors, on the in-process network only. */
export async function deployLocalPlatform(chain: ChainConnection, deal: DealSpec, ignitionDir: string): Promise<LocalPlatform> {
  if (!chain.inProcess) throw new MbsError("a throwaway platform is deployed on the in-process network only; pass --registry");
  const { contracts } = await deployModule(chain.connection, PlatformModule, {
    deploymentId: undefined,
    ignitionDir,
    deployer: chain.account,
    confirmations: chain.confirmations,
    label: "the run's platform",
  });
  const deployed = contracts.kycRegistry;
  if (deployed === undefined) throw new MbsError("the platform module returned no kycRegistry");
  const address = await deployed.getAddress();
  const registry = await openRegistry(address, chain.signer, "registry");
  const investors = localOnboarding(deal);
  const until = (await chainTime(chain.provider)) + ONE_YEAR;
  const rows = investors.map((i) => ({
    account: i.account,
    verifiedUntil: until,
    country: i.country,
    classes: i.classes.reduce((bits, c) => bits | INVESTOR_CLASS_BITS[c], 0),
    recordHash: id(`in-process run: ${i.account}`),
  }));
  await sendRegistryTransaction(
    registry,
    { operation: "setInvestors (the run's throwaway platform)", accounts: investors.map((i) => i.account) },
    () => registry.contract.getFunction("setInvestors").send(rows),
    { confirmations: chain.confirmations },
  );
  return { registry: address, investors };
}
