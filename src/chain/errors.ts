/**
 * The chain layer's errors: what the user reads when the node or a contract refuses. Each carries
 * structured `details` (operation, accounts, contract, transaction hash, decoded reason) so callers
 * and tests never parse messages.
 */
import { MbsError } from "../errors.js";

/** Anything the chain layer reports about a network, an account or a contract. */
export class ChainError extends MbsError {}

/** A transaction that was refused, reverted or could not be confirmed. */
export class TransactionFailedError extends ChainError {}

/**
 * A transaction that was sent but not confirmed in time (a slow node, a congested chain). It may
 * still be mined: the message says its hash and how to resume.
 */
export class ConfirmationTimeoutError extends TransactionFailedError {}

/** An account that still has transactions in flight that the next step must not race. */
export class PendingTransactionsError extends ChainError {}

/** The signer lacks the role a command needs. */
export class MissingRoleError extends ChainError {
  constructor(
    readonly account: string,
    readonly role: string,
    readonly roleId: string,
    readonly contractAddress: string,
    readonly contractLabel = "the contract",
  ) {
    super(
      `account ${account} does not hold ${role} on ${contractLabel} at ${contractAddress}; ` +
        `an admin must grantRole(${role} = ${roleId}, ${account}), or run with an account that holds it`,
      { account, role, roleId, contract: contractAddress },
    );
  }
}
