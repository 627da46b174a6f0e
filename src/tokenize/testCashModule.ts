import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * A 6-decimal test stablecoin for local networks only. On a real network the settlement cash is an
 * existing ERC-20 whose address is passed to the pool deployment instead.
 * Parameters: `admin` (may grant MINTER_ROLE; defaults to the deployer).
 */
export default buildModule("TestCash", (m) => {
  const admin = m.getParameter("admin", m.getAccount(0));
  const cash = m.contract("TestStablecoin", [admin]);
  return { cash };
});
