// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ITransferRestrictions} from "../../../contracts/interfaces/ITransferRestrictions.sol";

/// @notice An independent reading of the transfer rules (ITransferRestrictions + IKycRegistry NatSpec),
/// used as the oracle the token's `detectTransferRestriction` is checked against.
/// @dev It returns a *set* of violated rules rather than one code, because the interface does not fix the
/// order in which the implementation checks them: the token must report 0 iff the set is empty and
/// otherwise a code from the set. Where the spec leaves a corner open (the exact second of an expiry or
/// lockup end, a holder-cap check that ignores the sender leaving) the rule goes into `maybe`: reporting
/// it is allowed, required it is not.
library RestrictionModel {
    /// @notice A context with a holder cap on a token that does not count its holders: the token refuses to set such
    /// a cap (docs/adr/0021-holder-counting.md), so a test that builds one has lost track of the token.
    error RestrictionModelCapWithoutCount(uint256 maxHolders);

    /// @notice What the model needs to know about one party of a transfer.
    struct Party {
        address account;
        uint64 verifiedUntil; // 0 = never onboarded or revoked
        uint16 country;
        uint8 classes;
        bool frozen; // in the registry or on the token
        uint256 balance;
        uint256 frozenTokens;
        uint256 locked;
    }

    /// @notice Token-wide state at the time of the transfer.
    struct Context {
        address token;
        bool paused;
        uint256 timestamp;
        // Whether the token counts its holders (`isHolderCountTracked`); a cap exists only where it does.
        bool holderCountTracked;
        // The token's count where it counts (read only then); meaningless, and 0 by convention, where it does not.
        uint256 holderCount;
        ITransferRestrictions.TransferRules rules;
    }

    function bit(ITransferRestrictions.Restriction r) internal pure returns (uint256) {
        return 1 << uint8(r);
    }

    /// @notice The rules a transfer of `amount` from `from` to `to` breaks.
    /// @return definite Rules certainly broken (bit i = code i).
    /// @return maybe Rules an implementation may, but need not, report.
    function violations(Context memory ctx, Party memory from, Party memory to, uint256 amount)
        internal
        pure
        returns (uint256 definite, uint256 maybe)
    {
        if (ctx.paused) definite |= bit(ITransferRestrictions.Restriction.Paused);

        (uint256 d, uint256 m) = _kyc(ctx.timestamp, from.verifiedUntil, true);
        definite |= d;
        maybe |= m;
        if (from.frozen) definite |= bit(ITransferRestrictions.Restriction.SenderFrozen);
        if (_blocked(ctx.rules.blockedCountries, from.country)) {
            definite |= bit(ITransferRestrictions.Restriction.SenderCountryBlocked);
        }

        if (to.account == address(0) || to.account == ctx.token) {
            definite |= bit(ITransferRestrictions.Restriction.InvalidRecipient);
        }
        (d, m) = _kyc(ctx.timestamp, to.verifiedUntil, false);
        definite |= d;
        maybe |= m;
        if (to.frozen) definite |= bit(ITransferRestrictions.Restriction.RecipientFrozen);
        if (to.classes & ctx.rules.allowedClasses == 0) {
            definite |= bit(ITransferRestrictions.Restriction.RecipientClassNotAllowed);
        }
        if (_blocked(ctx.rules.blockedCountries, to.country)) {
            definite |= bit(ITransferRestrictions.Restriction.RecipientCountryBlocked);
        }

        uint256 encumbered = from.frozenTokens + from.locked;
        uint256 free = from.balance > encumbered ? from.balance - encumbered : 0;
        if (amount > from.balance) definite |= bit(ITransferRestrictions.Restriction.InsufficientBalance);
        if (amount > free) definite |= bit(ITransferRestrictions.Restriction.InsufficientUnfrozenBalance);

        uint256 lot = ctx.rules.minHolding;
        if (amount <= from.balance) {
            uint256 senderLeft = from.balance - amount;
            if (senderLeft != 0 && senderLeft < lot) {
                definite |= bit(ITransferRestrictions.Restriction.BelowMinimumHolding);
            }
        }
        uint256 recipientAfter = to.balance + amount;
        if (recipientAfter != 0 && recipientAfter < lot) {
            definite |= bit(ITransferRestrictions.Restriction.BelowMinimumHolding);
        }

        if (ctx.rules.maxHolders != 0 && !ctx.holderCountTracked) {
            revert RestrictionModelCapWithoutCount(ctx.rules.maxHolders);
        }
        if (ctx.rules.maxHolders != 0 && amount != 0 && to.balance == 0 && from.account != to.account) {
            bool senderLeaves = amount == from.balance;
            uint256 holdersAfter = ctx.holderCount + 1 - (senderLeaves ? 1 : 0);
            if (holdersAfter > ctx.holderCount && holdersAfter > ctx.rules.maxHolders) {
                definite |= bit(ITransferRestrictions.Restriction.HolderLimitReached);
            } else if (ctx.holderCount + 1 > ctx.rules.maxHolders) {
                maybe |= bit(ITransferRestrictions.Restriction.HolderLimitReached);
            }
        }

        if (ctx.timestamp < ctx.rules.lockupUntil) {
            definite |= bit(ITransferRestrictions.Restriction.LockupActive);
        } else if (ctx.timestamp == ctx.rules.lockupUntil) {
            maybe |= bit(ITransferRestrictions.Restriction.LockupActive);
        }
    }

    /// @notice True if `country` is on the blocked list.
    function isBlocked(uint16[] memory blocked, uint16 country) internal pure returns (bool) {
        return _blocked(blocked, country);
    }

    function _kyc(uint256 timestamp, uint64 verifiedUntil, bool sender)
        private
        pure
        returns (uint256 definite, uint256 maybe)
    {
        ITransferRestrictions.Restriction notVerified = sender
            ? ITransferRestrictions.Restriction.SenderNotVerified
            : ITransferRestrictions.Restriction.RecipientNotVerified;
        ITransferRestrictions.Restriction expired = sender
            ? ITransferRestrictions.Restriction.SenderKycExpired
            : ITransferRestrictions.Restriction.RecipientKycExpired;
        if (verifiedUntil == 0) {
            definite = bit(notVerified);
        } else if (verifiedUntil < timestamp) {
            definite = bit(expired);
        } else if (verifiedUntil == timestamp) {
            // "Valid until t": whether the second t itself is still valid is not specified.
            maybe = bit(expired);
        }
    }

    function _blocked(uint16[] memory blocked, uint16 country) private pure returns (bool) {
        for (uint256 i = 0; i < blocked.length; ++i) {
            if (blocked[i] == country) return true;
        }
        return false;
    }
}
