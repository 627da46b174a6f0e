/**
 * One deal's remittance machinery: the servicer report registry, the payment waterfall (linked to the shared
 * engine library) and the lens, with the servicer and trustee roles granted and the waterfall made DISTRIBUTOR of
 * every class token. Built from plain data — the deal's waterfall terms (`waterfallTermsOf` in
 * src/analytics/deal/onchain.ts, from the deal file through `dealConfigFromDealFile`) and the addresses of the
 * pool's class tokens (the Pool module's `tranche0`, `tranche1`, …) — so it deploys the same in-process, to a
 * local node and to Besu, and Ignition's journal makes a re-run finish the same deployment.
 *
 * The deployer must hold DEFAULT_ADMIN_ROLE on the class tokens (the Pool module leaves it with the deployer).
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import type { WaterfallClassTerms, WaterfallDealTerms } from "../../src/analytics/deal/onchain.js";

export interface WaterfallModuleSpec {
  /** Ignition module id: letters, digits and underscores, starting with a letter. */
  moduleId: string;
  /** The settlement stablecoin (the class tokens' cash token). */
  cash: string;
  /** Pool balance (settlement-token units) and loan count at closing: what period 1's report must tie to. */
  initialPoolBalance: bigint;
  initialLoanCount: number;
  terms: WaterfallDealTerms;
  /** In order of principal priority; `token` is each class's PoolToken. */
  classes: WaterfallClassTerms[];
  /** Submits reports and deposits cash. Never the trustee. */
  servicer: string;
  /** Attests reports and marks record dates. Never the servicer. */
  trustee: string;
  payees: { servicer: string; trustee: string; residual: string };
  /** DEFAULT_ADMIN_ROLE of the registry and the waterfall; undefined = the deployer. */
  admin?: string;
}

export function buildWaterfallModule(spec: WaterfallModuleSpec) {
  return buildModule(spec.moduleId, (m) => {
    const deployer = m.getAccount(0);
    const engine = m.library("WaterfallEngine");
    const reports = m.contract("ServicerReports", [deployer, spec.initialPoolBalance, spec.initialLoanCount]);
    const waterfall = m.contract(
      "PaymentWaterfall",
      [spec.cash, reports, { ...spec.terms }, spec.classes.map((c) => ({ ...c, schedule: [...c.schedule] })), { ...spec.payees }, deployer],
      { libraries: { WaterfallEngine: engine } },
    );
    const lens = m.contract("WaterfallLens", [], { libraries: { WaterfallEngine: engine } });

    const role = (contract: typeof reports | typeof waterfall, name: string, id: string) => m.staticCall(contract, name, [], 0, { id });
    const grants = [
      m.call(reports, "grantRole", [role(reports, "SERVICER_ROLE", "Reports_SERVICER_ROLE"), spec.servicer], { id: "Reports_grantServicer" }),
      m.call(reports, "grantRole", [role(reports, "TRUSTEE_ROLE", "Reports_TRUSTEE_ROLE"), spec.trustee], { id: "Reports_grantTrustee" }),
      m.call(waterfall, "grantRole", [role(waterfall, "SERVICER_ROLE", "Waterfall_SERVICER_ROLE"), spec.servicer], { id: "Waterfall_grantServicer" }),
      m.call(waterfall, "grantRole", [role(waterfall, "TRUSTEE_ROLE", "Waterfall_TRUSTEE_ROLE"), spec.trustee], { id: "Waterfall_grantTrustee" }),
    ];
    spec.classes.forEach((c, i) => {
      const token = m.contractAt("PoolToken", c.token, { id: `Class${i}` });
      const distributor = m.staticCall(token, "DISTRIBUTOR_ROLE", [], 0, { id: `Class${i}_DISTRIBUTOR_ROLE` });
      m.call(token, "grantRole", [distributor, waterfall], { id: `Class${i}_grantDistributor` });
    });
    if (spec.admin !== undefined && spec.admin !== "") {
      const admin = spec.admin;
      for (const [contract, name] of [
        [reports, "Reports"],
        [waterfall, "Waterfall"],
      ] as const) {
        const adminRole = m.staticCall(contract, "DEFAULT_ADMIN_ROLE", [], 0, { id: `${name}_DEFAULT_ADMIN_ROLE` });
        const granted = m.call(contract, "grantRole", [adminRole, admin], { id: `${name}_grantAdmin`, after: grants });
        m.call(contract, "renounceRole", [adminRole, deployer], { id: `${name}_renounceDeployer`, after: [granted] });
      }
    }
    return { engine, reports, waterfall, lens };
  });
}
