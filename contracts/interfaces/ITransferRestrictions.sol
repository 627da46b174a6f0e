// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Why-not answers for restricted transfers (ERC-1404 style)
/// @notice Every rule of a restricted token has a reason code. A wallet or UI asks
/// `detectTransferRestriction` before sending, shows `messageForTransferRestriction(code)`, and a
/// transfer that breaks a rule reverts with `TransferRestricted` carrying the same code.
interface ITransferRestrictions {
    /// @notice The transfer-rule configuration of one token.
    /// @param allowedClasses Investor-class bits (IKycRegistry classes) allowed to hold the token; a holder needs
    ///        at least one.
    /// @param minHolding Lot size in original face: a holder's balance after a transfer is 0 or at least this
    ///        (uint96 like balances: a uint64 caps the lot at 18.4 tokens for an 18-decimal settlement coin).
    /// @param maxHolders Maximum number of non-zero holders (0 = no cap).
    /// @param lockupUntil Unix time before which holders cannot transfer (issuance and enforcement still work).
    /// @param blockedCountries ISO 3166-1 numeric codes whose residents can neither send nor receive
    ///        (at most 15; codes are 0–999, 0 = unknown, so each packs into 10 bits).
    struct TransferRules {
        uint8 allowedClasses;
        uint96 minHolding;
        uint32 maxHolders;
        uint40 lockupUntil;
        uint16[] blockedCountries;
    }

    /// @notice Reason codes. 0 means the transfer is allowed.
    /// @dev Values are part of the ABI: append only.
    enum Restriction {
        None, //                      0
        Paused, //                    1
        SenderNotVerified, //         2 never onboarded or revoked
        SenderKycExpired, //          3
        SenderFrozen, //              4 frozen in the registry or on this token
        RecipientNotVerified, //      5
        RecipientKycExpired, //       6
        RecipientFrozen, //           7
        RecipientClassNotAllowed, //  8
        SenderCountryBlocked, //      9
        RecipientCountryBlocked, //  10
        InsufficientBalance, //      11
        InsufficientUnfrozenBalance, // 12 frozen or escrow-locked part
        BelowMinimumHolding, //      13
        HolderLimitReached, //       14
        LockupActive, //             15
        InvalidRecipient, //         16 zero address or the token itself
        SpenderFrozen //             17 transferFrom by a spender frozen in the registry or on this token
    }

    /// @notice A transfer, mint or lock broke rule `code`.
    error TokenTransferRestricted(Restriction code, address from, address to, uint256 amount);
    /// @notice More blocked countries than fit the packed rule slot.
    error TokenTooManyBlockedCountries(uint256 count, uint256 max);
    /// @notice A blocked country is not an ISO 3166-1 numeric code (0–999).
    error TokenInvalidCountryCode(uint16 country);
    /// @notice A holder cap needs a positive lot size: counted from one unit, any holder could fill the cap by
    /// sending dust to verified investors who never asked for it.
    error TokenHolderCapWithoutLotSize(uint32 maxHolders);
    /// @notice The new rules equal the current ones (a setter never records a no-op).
    error TokenRulesUnchanged();
    /// @notice The transfer rules were replaced.
    event TransferRulesUpdated(
        uint8 allowedClasses, uint96 minHolding, uint32 maxHolders, uint40 lockupUntil, uint16[] blockedCountries
    );

    /// @notice The reason code for a transfer of `amount` from `from` to `to` now (0 = allowed).
    function detectTransferRestriction(address from, address to, uint256 amount) external view returns (uint8 code);

    /// @notice A human-readable message for reason `code`.
    function messageForTransferRestriction(uint8 code) external view returns (string memory message);

    /// @notice The current rules.
    function transferRules() external view returns (TransferRules memory);

    /// @notice Replaces the rules. Compliance role. Reverts on a cap without a lot size, a country list too long or
    /// a code above 999, or rules equal to the current ones.
    function setTransferRules(TransferRules calldata rules) external;
}
