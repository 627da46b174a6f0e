// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Tests only: a registry that answers every investor as verified (accredited, US, for ever) until it is told to
/// fail — by reverting with its own error, or by answering with one word instead of two.
contract UnreliableKycRegistry {
    enum Failure {
        None,
        Reverts,
        ShortAnswer
    }

    error RegistryUnavailable(uint256 code);

    Failure public failure;

    function setFailure(Failure failure_) external {
        failure = failure_;
    }

    function investorPairPacked(address, address) external view returns (uint256, uint256) {
        if (failure == Failure.Reverts) revert RegistryUnavailable(7);
        uint256 verified = uint256(type(uint64).max) | (uint256(840) << 64) | (uint256(2) << 80);
        if (failure == Failure.ShortAnswer) {
            // solhint-disable-next-line no-inline-assembly
            assembly {
                mstore(0, verified)
                return(0, 0x20)
            }
        }
        return (verified, verified);
    }
}
