// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKycRegistry} from "../../../contracts/interfaces/IKycRegistry.sol";
import {InvestorWord, InvestorWordLibrary} from "../../../contracts/libraries/InvestorWord.sol";

/// @notice MUTANT, tests only: a registry whose freezes never reach the tokens' transfer path.
/// @dev `investor` answers honestly, but `investorPair` and `investorPairPacked` — what a token reads on every
/// transfer — report every investor as unfrozen. It exists to prove that the invariant "no frozen address
/// ever gains a balance" is really checked against compliance's own record, not against what the registry
/// happens to answer.
contract FreezeBlindKycRegistry is IKycRegistry {
    address private immutable _compliance;
    mapping(address account => Investor record) private _investors;

    error NotCompliance(address caller);

    constructor(address compliance) {
        _compliance = compliance;
    }

    modifier onlyCompliance() {
        if (msg.sender != _compliance) revert NotCompliance(msg.sender);
        _;
    }

    function setInvestor(InvestorUpdate calldata update) external onlyCompliance {
        _set(update);
    }

    function setInvestors(InvestorUpdate[] calldata updates) external onlyCompliance {
        for (uint256 i = 0; i < updates.length; ++i) {
            _set(updates[i]);
        }
    }

    function revoke(address account, bytes32 reason) external onlyCompliance {
        if (_investors[account].classes == 0) revert KycUnknownInvestor(account);
        _investors[account].verifiedUntil = 0;
        emit InvestorRevoked(account, reason);
    }

    function setFrozen(address account, bool frozen) external onlyCompliance {
        _investors[account].frozen = frozen;
        emit InvestorFrozen(account, frozen);
    }

    function investor(address account) external view returns (Investor memory) {
        return _investors[account];
    }

    /// @dev THE BUG: the frozen flag is dropped.
    function investorPair(address a, address b) external view returns (Investor memory first, Investor memory second) {
        first = _investors[a];
        second = _investors[b];
        first.frozen = false;
        second.frozen = false;
    }

    /// @dev THE BUG, packed: the frozen bit is cleared.
    function investorPairPacked(address a, address b) external view returns (InvestorWord first, InvestorWord second) {
        Investor memory x = _investors[a];
        Investor memory y = _investors[b];
        first = InvestorWordLibrary.pack(x.verifiedUntil, x.country, x.classes, false);
        second = InvestorWordLibrary.pack(y.verifiedUntil, y.country, y.classes, false);
    }

    function isVerified(address account) external view returns (bool) {
        Investor memory record = _investors[account];
        return record.verifiedUntil > block.timestamp && !record.frozen;
    }

    function _set(InvestorUpdate calldata update) private {
        bool frozen = _investors[update.account].frozen;
        _investors[update.account] =
            Investor({verifiedUntil: update.verifiedUntil, country: update.country, classes: update.classes, frozen: frozen});
        emit InvestorUpdated(
            update.account,
            InvestorWordLibrary.pack(update.verifiedUntil, update.country, update.classes, frozen),
            update.recordHash
        );
    }
}
