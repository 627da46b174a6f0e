// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ITransferRestrictions as Rules} from "../interfaces/ITransferRestrictions.sol";

/// @title English sentences for the transfer-restriction reason codes
/// @notice Stateless; each PoolToken deploys one and forwards `messageForTransferRestriction` to it, which keeps
/// the texts out of the token's runtime code (EIP-170 size limit).
contract RestrictionMessages {
    /// @notice The English sentence for reason `code` (an unknown code gets a sentence saying so).
    function messageFor(uint8 code) external pure returns (string memory) {
        if (code == uint8(Rules.Restriction.None)) return "The transfer is allowed.";
        if (code == uint8(Rules.Restriction.Paused)) return "The token is paused: no transfers for now.";
        if (code == uint8(Rules.Restriction.SenderNotVerified)) return "The sender has no valid KYC verification.";
        if (code == uint8(Rules.Restriction.SenderKycExpired)) return "The sender's KYC verification has expired.";
        if (code == uint8(Rules.Restriction.SenderFrozen)) return "The sender's account is frozen.";
        if (code == uint8(Rules.Restriction.RecipientNotVerified)) {
            return "The recipient has no valid KYC verification.";
        }
        if (code == uint8(Rules.Restriction.RecipientKycExpired)) {
            return "The recipient's KYC verification has expired.";
        }
        if (code == uint8(Rules.Restriction.RecipientFrozen)) return "The recipient's account is frozen.";
        if (code == uint8(Rules.Restriction.RecipientClassNotAllowed)) {
            return "The recipient's investor class may not hold this token.";
        }
        if (code == uint8(Rules.Restriction.SenderCountryBlocked)) {
            return "The sender's country is blocked for this token.";
        }
        if (code == uint8(Rules.Restriction.RecipientCountryBlocked)) {
            return "The recipient's country is blocked for this token.";
        }
        if (code == uint8(Rules.Restriction.InsufficientBalance)) return "The sender's balance is too small.";
        if (code == uint8(Rules.Restriction.InsufficientUnfrozenBalance)) {
            return "Part of the sender's balance is frozen or locked in escrow; the free balance is too small.";
        }
        if (code == uint8(Rules.Restriction.BelowMinimumHolding)) {
            return "A holding would fall below the minimum lot size (a balance must be zero or at least the minimum).";
        }
        if (code == uint8(Rules.Restriction.HolderLimitReached)) {
            return "The token has reached its maximum number of holders.";
        }
        if (code == uint8(Rules.Restriction.LockupActive)) return "The lockup period has not ended yet.";
        if (code == uint8(Rules.Restriction.InvalidRecipient)) {
            return "The recipient is the zero address or the token itself.";
        }
        if (code == uint8(Rules.Restriction.SpenderFrozen)) {
            return "The spender (the address moving the tokens under an allowance) is frozen.";
        }
        return "Unknown restriction code.";
    }
}
