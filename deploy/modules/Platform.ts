/** The platform module (defined in src/kyc/platformModule.ts, which `mbs tokenize` on the in-process network deploys too). */
export { default } from "../../src/kyc/platformModule.js";
