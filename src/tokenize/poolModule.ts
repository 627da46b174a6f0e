import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import TestCashModule from "./testCashModule.js";

/**
 * One pool: a PoolToken per class, the LoanPool record holding the tape commitment and the deal's
 * terms, the roles the issuance needs, and the initial allocations minted to investors.
 *
 * The module is built from a validated deal (`src/tokenize/`), not from parameters, because its
 * shape — how many classes, how many mints — depends on the deal. Everything in it is plain data,
 * so the same module deploys in-process, to a local node and to Besu, and Ignition's journal makes
 * a re-run after a crash finish the same deployment instead of starting another.
 */

/** `ITransferRestrictions.TransferRules`, face amounts in token units. */
export interface PoolModuleRules {
  allowedClasses: number;
  minHolding: bigint;
  maxHolders: number;
  lockupUntil: number;
  blockedCountries: number[];
}

export interface PoolModuleTranche {
  name: string;
  symbol: string;
  couponPpm: number;
  seniority: number;
  originalFaceCents: bigint;
  /** The class's original face in token units: the most the token can ever issue (LoanPool checks it). */
  faceCap: bigint;
  rules: PoolModuleRules;
  /** Initial allocations: investor address → face in token units. */
  mints: { investor: string; amount: bigint }[];
}

export interface PoolModuleSpec {
  /** Ignition module id: letters, digits and underscores, starting with a letter. */
  moduleId: string;
  registry: string;
  /** Settlement stablecoin; undefined deploys the test stablecoin (local networks only). */
  cash: string | undefined;
  /** Holder of COMPLIANCE_ROLE and PAUSER_ROLE on every class; undefined = the deployer. */
  compliance: string | undefined;
  commitment: {
    merkleRoot: string;
    loanCount: bigint;
    upbCents: bigint;
    tapeHash: string;
    statsHash: string;
    rulesHash: string;
    cutoffDate: bigint;
  };
  dealId: string;
  dealName: string;
  passThrough: boolean;
  overcollateralizationCents: bigint;
  tranches: PoolModuleTranche[];
}

/** Result keys: `loanPool`, `cash` and `tranche0`, `tranche1`, … in deal order. */
export function trancheKey(index: number): string {
  return `tranche${index}`;
}

export function buildPoolModule(spec: PoolModuleSpec) {
  return buildModule(spec.moduleId, (m) => {
    const deployer = m.getAccount(0);
    const compliance = spec.compliance ?? deployer;
    const cash = spec.cash ?? m.useModule(TestCashModule).cash;

    const tokens = spec.tranches.map((t, i) => {
      const token = m.contract("PoolToken", [t.name, t.symbol, spec.registry, cash, deployer, { ...t.rules }, t.faceCap], {
        id: `Tranche${i}`,
      });
      const role = (name: string) => m.staticCall(token, name, [], 0, { id: `Tranche${i}_${name}` });
      const issuer = m.call(token, "grantRole", [role("ISSUER_ROLE"), deployer], { id: `Tranche${i}_grantIssuer` });
      m.call(token, "grantRole", [role("COMPLIANCE_ROLE"), compliance], { id: `Tranche${i}_grantCompliance` });
      m.call(token, "grantRole", [role("PAUSER_ROLE"), compliance], { id: `Tranche${i}_grantPauser` });
      t.mints.forEach((mint, k) => {
        m.call(token, "mint", [mint.investor, mint.amount], { id: `Tranche${i}_mint${k}`, after: [issuer] });
      });
      return token;
    });

    const loanPool = m.contract("LoanPool", [
      { ...spec.commitment },
      spec.dealId,
      spec.dealName,
      spec.passThrough,
      spec.overcollateralizationCents,
      spec.tranches.map((t, i) => ({
        token: tokens[i]!,
        couponPpm: t.couponPpm,
        seniority: t.seniority,
        originalFaceCents: t.originalFaceCents,
      })),
    ]);

    const result: { loanPool: typeof loanPool } & Record<string, typeof loanPool | (typeof tokens)[number]> = { loanPool };
    tokens.forEach((token, i) => {
      result[trancheKey(i)] = token;
    });
    return result;
  });
}
