import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * The secondary market, shared by every pool on the platform: the order book (`TrancheMarket`) and the
 * bilateral desk (`BilateralMarket`), each its own escrow on the tranche tokens (per-escrow locks).
 *
 * Parameters (all optional): `admin` (role admin, defaults to the deployer), `operator` (lists tranches and
 * sets the taker fee; defaults to the deployer), `feeRecipient` and `feeBps` (taker fee, at most 100 bps;
 * none by default).
 *
 * Listing a pool's classes is `buildMarketListingModule`: it needs the pool's LoanPool record and the
 * token admin's key (to grant the escrow role), which the platform deployment does not have.
 */
export default buildModule("Market", (m) => {
  const deployer = m.getAccount(0);
  const admin = m.getParameter("admin", deployer);
  const operator = m.getParameter("operator", deployer);
  const feeRecipient = m.getParameter("feeRecipient", "0x0000000000000000000000000000000000000000");
  const feeBps = m.getParameter("feeBps", 0);

  const trancheMarket = m.contract("TrancheMarket", [deployer]);
  const bilateralMarket = m.contract("BilateralMarket", [deployer]);
  for (const [venue, name] of [
    [trancheMarket, "TrancheMarket"],
    [bilateralMarket, "BilateralMarket"],
  ] as const) {
    const roles = new Map<string, ReturnType<typeof m.staticCall>>();
    const role = (roleName: string) => {
      if (!roles.has(roleName)) roles.set(roleName, m.staticCall(venue, roleName, [], 0, { id: `${name}_${roleName}` }));
      return roles.get(roleName)!;
    };
    const lister = m.call(venue, "grantRole", [role("LISTING_ROLE"), operator], { id: `${name}_grantListing` });
    const fees = m.call(venue, "grantRole", [role("FEE_ROLE"), deployer], { id: `${name}_grantFeeToDeployer` });
    const feeSet = m.call(venue, "setTakerFee", [feeRecipient, feeBps], { id: `${name}_setTakerFee`, after: [fees] });
    m.call(venue, "grantRole", [role("FEE_ROLE"), operator], { id: `${name}_grantFee`, after: [feeSet] });
    // `admin` becomes a role admin too (a no-op when it is the deployer); the deployer keeps its admin role
    // until it renounces it, so a mistyped `admin` cannot lock the venue.
    m.call(venue, "grantRole", [role("DEFAULT_ADMIN_ROLE"), admin], { id: `${name}_grantAdmin`, after: [lister, feeSet] });
  }
  return { trancheMarket, bilateralMarket };
});

export interface MarketListingSpec {
  /** Ignition module id: letters, digits and underscores, starting with a letter. */
  moduleId: string;
  trancheMarket: string;
  bilateralMarket: string;
  loanPool: string;
  /** The pool's class tokens in deal order (index i is LoanPool class i). */
  tranches: string[];
}

/**
 * Lists every class of one pool on both venues and gives both venues the tokens' escrow role. Sent by an
 * account holding the market's LISTING_ROLE and each token's role admin (the deployer in a local setup).
 */
export function buildMarketListingModule(spec: MarketListingSpec) {
  return buildModule(spec.moduleId, (m) => {
    const venues = [
      m.contractAt("TrancheMarket", spec.trancheMarket, { id: "TrancheMarket" }),
      m.contractAt("BilateralMarket", spec.bilateralMarket, { id: "BilateralMarket" }),
    ] as const;
    spec.tranches.forEach((address, i) => {
      const token = m.contractAt("PoolToken", address, { id: `Tranche${i}` });
      const escrowRole = m.staticCall(token, "ESCROW_ROLE", [], 0, { id: `Tranche${i}_ESCROW_ROLE` });
      venues.forEach((venue, v) => {
        m.call(token, "grantRole", [escrowRole, venue], { id: `Tranche${i}_grantEscrow${v}` });
        m.call(venue, "listTranche", [spec.loanPool, i], { id: `Venue${v}_listTranche${i}` });
      });
    });
    return { trancheMarket: venues[0], bilateralMarket: venues[1] };
  });
}
