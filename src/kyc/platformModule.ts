import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * The platform-wide contracts every pool shares: the KYC registry.
 * Parameters: `admin` (role admin, defaults to the deployer), `compliance` (onboards investors).
 */
export default buildModule("Platform", (m) => {
  const admin = m.getParameter("admin", m.getAccount(0));
  const compliance = m.getParameter("compliance", m.getAccount(0));
  const kycRegistry = m.contract("KycRegistry", [admin, compliance]);
  return { kycRegistry };
});
