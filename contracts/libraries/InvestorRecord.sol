// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKycRegistry} from "../interfaces/IKycRegistry.sol";

/// @title The KYC registry's packed investor word
/// @notice One 256-bit word per investor, laid out as Solidity would pack `IKycRegistry.Investor` in storage:
/// bits 0–63 verifiedUntil, 64–79 country, 80–87 classes, 88 frozen. Tokens read the words straight from
/// `IKycRegistry.investorPairPacked` and decode only the fields a rule needs.
library InvestorRecord {
    uint256 private constant COUNTRY_SHIFT = 64;
    uint256 private constant CLASSES_SHIFT = 80;
    uint256 private constant FROZEN_SHIFT = 88;
    uint256 internal constant FROZEN_BIT = 1 << FROZEN_SHIFT;

    function pack(uint64 verifiedUntil_, uint16 country_, uint8 classes_, bool frozen_)
        internal
        pure
        returns (uint256)
    {
        return uint256(verifiedUntil_) | (uint256(country_) << COUNTRY_SHIFT) | (uint256(classes_) << CLASSES_SHIFT)
            | (frozen_ ? FROZEN_BIT : 0);
    }

    function unpack(uint256 record) internal pure returns (IKycRegistry.Investor memory) {
        return IKycRegistry.Investor({
            verifiedUntil: verifiedUntil(record),
            country: country(record),
            classes: classes(record),
            frozen: frozen(record)
        });
    }

    function verifiedUntil(uint256 record) internal pure returns (uint64) {
        return uint64(record);
    }

    function country(uint256 record) internal pure returns (uint16) {
        return uint16(record >> COUNTRY_SHIFT);
    }

    function classes(uint256 record) internal pure returns (uint8) {
        return uint8(record >> CLASSES_SHIFT);
    }

    function frozen(uint256 record) internal pure returns (bool) {
        return record & FROZEN_BIT != 0;
    }
}
