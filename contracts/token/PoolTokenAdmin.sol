// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IDistributions} from "../interfaces/IDistributions.sol";
import {IKycRegistry} from "../interfaces/IKycRegistry.sol";
import {IPoolToken} from "../interfaces/IPoolToken.sol";
import {IWaterfallClassToken} from "../interfaces/IWaterfallClassToken.sol";
import {DistributionMath} from "../libraries/DistributionMath.sol";
import {FaceMath} from "../libraries/FaceMath.sol";
import {PoolTokenBase} from "./PoolTokenBase.sol";

/// @title The tranche token's cold administrative paths: issuance, loss allocation and face changes (write-ups,
/// accretion), role admin, claim operators, sweep
/// @notice Deployed by each `PoolToken` constructor next to `PoolTokenEnforcement` and reached, like it, only by
/// DELEGATECALL from that token: its code runs on the token's storage, under the token's roles, with the caller's
/// `msg.sender` (docs/adr/0013-token-split-and-conventions.md). Called directly it only sees its own, empty
/// storage, where no role was ever granted. Role administration (`grantRole`, `revokeRole`, `renounceRole`) is
/// OpenZeppelin's, inherited, run here on the token's role table.
/// @dev Storage: exactly `PoolTokenBase`'s, nothing else. Distributions and claims (`PoolTokenDistributions`) run in
/// the token itself and are not compiled in here.
contract PoolTokenAdmin is PoolTokenBase {
    using SafeCast for uint256;

    /// @param registry The token's KYC registry (immutables are code, so they are passed again).
    /// @param cashToken_ The token's settlement token.
    /// @param faceCap_ The token's face cap.
    constructor(IKycRegistry registry, IERC20Metadata cashToken_, uint256 faceCap_)
        PoolTokenBase(registry, cashToken_, faceCap_)
    {}

    /// @notice See `IPoolToken`.
    function mint(address to, uint256 amount) external onlyRole(ISSUER_ROLE) {
        if (_hot.flags & HOT_ISSUANCE_CLOSED != 0) revert IPoolToken.TokenIssuanceClosed();
        _refuseWhileRecordDatePending();
        // While issuance is open current face equals supply (factor 1.0), so both move together.
        uint256 supplyAfter = _supply.totalSupply + amount;
        if (supplyAfter > _faceCap) revert IPoolToken.TokenFaceCapExceeded(supplyAfter, _faceCap);
        uint96 supply = supplyAfter.toUint96();
        _supply.totalSupply = supply;
        _supply.currentFace = supply;
        _update(address(0), to, amount, Mode.Mint);
        // Issuance pays once for the holder's accrual slot, so no later transfer or claim creates it.
        if (_accruedScaled[to] == 0) _accruedScaled[to] = ACCRUAL_LIVE;
    }

    /// @notice See `IPoolToken`.
    function burn(address from, uint256 amount) external onlyRole(ISSUER_ROLE) {
        if (_hot.flags & HOT_ISSUANCE_CLOSED != 0) revert IPoolToken.TokenIssuanceClosed();
        _refuseWhileRecordDatePending();
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        _update(from, address(0), amount, Mode.Burn);
        // Cannot underflow: `_update` checked amount <= balance <= supply, so the cast is lossless too.
        uint96 supply = uint96(_supply.totalSupply - amount);
        _supply.totalSupply = supply;
        _supply.currentFace = supply;
    }

    /// @notice See `IPoolToken.setClaimOperator` (any holder, for itself).
    function setClaimOperator(address operator, bool approved) external {
        if (_claimOperators[msg.sender][operator] == approved) {
            revert IPoolToken.TokenClaimOperatorUnchanged(msg.sender, operator, approved);
        }
        _claimOperators[msg.sender][operator] = approved;
        emit IPoolToken.ClaimOperatorUpdated(msg.sender, operator, approved);
    }

    /// @notice See `IDistributions.allocateLoss`.
    /// @dev Closes the issuance window: minting after a write-down would raise the factor.
    function allocateLoss(uint256 amount) external onlyRole(DISTRIBUTOR_ROLE) {
        Supply memory supply = _supply;
        if (supply.totalSupply == 0) revert IDistributions.TokenNothingOutstanding();
        if (amount > supply.currentFace) revert IDistributions.TokenExceedsCurrentFace(amount, supply.currentFace);
        // Cannot underflow: checked just above, so the cast is lossless too.
        supply.currentFace -= uint96(amount);
        _supply = supply;
        // What a later recovery may write back up (`writeUp`).
        _recordBook.lossesWrittenDown += uint96(amount);
        if (_hot.flags & HOT_ISSUANCE_CLOSED == 0) {
            _hot.flags |= HOT_ISSUANCE_CLOSED;
            emit IPoolToken.IssuanceClosed(supply.totalSupply);
        }
        emit IDistributions.LossAllocated(
            supply.distributionCount, amount, FaceMath.factorDown(supply.currentFace, supply.totalSupply)
        );
    }

    /// @notice See `IWaterfallClassToken.writeUp`. Cold path: only when recoveries arrive.
    function writeUp(uint256 amount) external onlyRole(DISTRIBUTOR_ROLE) {
        RecordBook memory book = _recordBook;
        if (amount > book.lossesWrittenDown) {
            revert IWaterfallClassToken.TokenExceedsLossesWrittenDown(amount, book.lossesWrittenDown);
        }
        // Lossless: amount <= lossesWrittenDown, a uint96.
        book.lossesWrittenDown -= uint96(amount);
        _recordBook = book;
        emit IWaterfallClassToken.LossWrittenUp(_supply.distributionCount, amount, _raiseFace(amount));
    }

    /// @notice See `IWaterfallClassToken.accrete`. Cold path: Z bonds only.
    function accrete(uint256 amount) external onlyRole(DISTRIBUTOR_ROLE) {
        emit IWaterfallClassToken.Accreted(_supply.distributionCount, amount, _raiseFace(amount));
    }

    /// @dev Supply may not change between a record date and its distribution: the distribution is spread over the
    /// supply while holders of record are paid on their record-date balances, which must add up to it.
    function _refuseWhileRecordDatePending() private view {
        if (_hot.flags & HOT_RECORD_PENDING != 0) {
            revert IWaterfallClassToken.TokenRecordDatePending(uint256(_supply.distributionCount) + 1);
        }
    }

    /// @dev Current face up by `amount` (checked to stay within 96 bits); returns the new factor.
    function _raiseFace(uint256 amount) private returns (uint256) {
        Supply memory supply = _supply;
        if (supply.totalSupply == 0) revert IDistributions.TokenNothingOutstanding();
        supply.currentFace = (supply.currentFace + amount).toUint96();
        _supply = supply;
        return FaceMath.factorDown(supply.currentFace, supply.totalSupply);
    }

    /// @notice See `IPoolToken.sweep`. The settlement token's surplus is its balance beyond the most holders can
    /// ever claim of what was distributed: distributed − claimed − the undistributable dust (rounded down, so the
    /// reserve is never short), which is what `IDistributions.cashTotals` reports.
    function sweep(address token, address to, uint256 amount) external onlyRole(SWEEPER_ROLE) nonReentrant {
        if (to == address(0)) revert IPoolToken.TokenSweepToZeroAddress();
        uint256 held = IERC20(token).balanceOf(address(this));
        uint256 surplus = held;
        if (token == address(_cash)) {
            CashBook memory book = _cashBook;
            uint256 owed = book.distributed - _hot.claimed - book.dustScaled / DistributionMath.INDEX_SCALE;
            surplus = held > owed ? held - owed : 0;
        }
        if (amount > surplus) revert IPoolToken.TokenSweepExceedsSurplus(token, amount, surplus);
        emit IPoolToken.Swept(token, to, amount);
        SafeERC20.safeTransfer(IERC20(token), to, amount);
    }
}
