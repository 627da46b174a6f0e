/**
 * src/chain — the one place that knows JSON-RPC. Workflows (kyc, tokenize, remit, market,
 * network) and commands reach the chain only through this API:
 *
 * - **Connection** — `connectChain(hre)` / `fromConnection(connection, confirmations)`: provider,
 *   chain id, the account to send from (a `FeePolicySigner`), the fee policy, and the
 *   confirmations a step needs before the next builds on it (1 on automining nodes, Ignition's
 *   `requiredConfirmations` on chains with real block times).
 * - **Fees** — `choosePolicy` / `detectFeePolicy` / `feeFields`: zero-gas chains (gas price 0, base
 *   fee 0 or none, or a configured gasPrice 0) get legacy type-0 transactions at gas price 0;
 *   EIP-1559 chains and legacy chains keep the node's pricing. Always applied by the signer.
 * - **Sending** — `sendTransaction(ctx, iface, () => contract.fn.send(...), { confirmations })`:
 *   waits, decodes any revert (custom errors with named values, restriction codes with their
 *   English message, Error/Panic), and throws `TransactionFailedError` /
 *   `ConfirmationTimeoutError` whose message names operation, accounts, contract, tx hash and the
 *   resume instruction. `waitUntilSettled(provider, account, { confirmations })` waits until an
 *   account's earlier transactions are confirmed.
 * - **Revert decoding** — `describeFailure(error, iface)`, `failureRevert(error, iface)` (name and values, to act
 *   on; `TransactionFailedError.details.revert` carries the same), `decodeRevertData(iface, data)`,
 *   `errorInterface(...abis)` (merge several contracts' errors), `describeRestriction(code)`.
 * - **Logs** — `queryLogs(provider, query, { maxBlockRange })` (chunks of ≤ 5,000 blocks by default,
 *   Besu's limit, halving a chunk the node refuses), `decodeEvents(iface, logs, name)` and
 *   `queryEvents(provider, iface, "Event", query)` → `TypedEvent<{ arg: type }>[]`.
 * - **Contracts** — `openContract({ address, abi, runner, input, kind, probe })` checks the address,
 *   the code there and a probe call; `requireRole`, `parseAddress`, `parseAccount`, `chainTime`,
 *   `providerOf`.
 * - **Raw JSON-RPC** — `rpcClient(url)` / `rpcClientFromProvider(provider, label)`: one request to one
 *   node, for APIs ethers does not model (Besu's `perm_*`) and for checks that need the node's own
 *   error (`RpcError` = the node refused, `RpcUnreachableError` = no answer).
 * - **Ignition** — `deployModule(connection, module, { deploymentId, ignitionDir, deployer,
 *   confirmations })`: journal repair after a crash, confirmation wait, Ignition errors in words,
 *   code check of what the journal returns; `defaultDeploymentId`, `journalFolder`.
 */
export { IGNITION_DEFAULT_CONFIRMATIONS, LOCAL_CHAIN_ID, connectChain, fromConnection, type ChainConnection, type ConnectOptions } from "./connection.js";
export { openContract, parseAccount, parseAddress, providerOf, requireRole, chainTime, type OpenContractOptions, type OpenedContract } from "./contracts.js";
export { ChainError, ConfirmationTimeoutError, MissingRoleError, PendingTransactionsError, TransactionFailedError } from "./errors.js";
export { choosePolicy, detectFeePolicy, feeFields, type FeePolicy, type FeeProbe } from "./fees.js";
export { DeploymentError, defaultDeploymentId, deployModule, ignitionAdvice, journalFolder, type DeployOptions, type ModuleDeployment } from "./ignition/deploy.js";
export { JournalRepairError, providerLookup, repairJournalFile, repairJournalText, type ChainLookup, type MinedTransaction } from "./ignition/journalRepair.js";
export { DEFAULT_MAX_BLOCK_RANGE, decodeEvents, queryEvents, queryLogs, type LogQuery, type LogQueryOptions, type TypedEvent } from "./logs.js";
export { RESTRICTIONS, decodeCustomError, decodeRevertData, describeBooksClosed, describeFailure, describeRestriction, errorInterface, failureRevert, type DecodedRevert } from "./revert.js";
export { DEFAULT_CONFIRMATION_TIMEOUT_MS, sendTransaction, waitUntilSettled, type SentTransaction, type SettleOptions, type TransactionContext, type WaitOptions } from "./send.js";
export { FeePolicySigner } from "./signer.js";
export { RpcError, RpcUnreachableError, quantity, rpcClient, rpcClientFromProvider, type RpcClient } from "./rpc.js";
