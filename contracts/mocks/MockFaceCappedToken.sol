// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Just what `LoanPool` reads of a class token (decimals and the face cap), for the record's unit tests.
contract MockFaceCappedToken {
    uint8 public immutable decimals;
    uint256 public immutable faceCap;

    constructor(uint8 decimals_, uint256 faceCap_) {
        decimals = decimals_;
        faceCap = faceCap_;
    }
}
