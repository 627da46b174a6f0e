/** The test stablecoin for local chains (defined in src/tokenize/testCashModule.ts, which the pool module uses). */
export { default } from "../../src/tokenize/testCashModule.js";
