// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IWaterfallClassToken} from "../interfaces/IWaterfallClassToken.sol";

/// @title A class token stand-in for the waterfall's unit tests: the distribution bookkeeping without holders
/// @notice Pulls each distribution's cash, moves current face as the real token does (principal and losses
/// down, write-ups and accretion up) and counts distributions and record dates. Holder-level behaviour is the
/// real PoolToken's and is tested there and in the waterfall's integration tests.
contract MockClassToken is IWaterfallClassToken {
    using SafeERC20 for IERC20;

    IERC20 private immutable _cash;
    address public distributor;
    uint256 public immutable originalFace;
    uint256 private _currentFace;
    uint256 private _count;
    uint256 private _lastRecordDate;
    uint256 private _lossesAllocated;
    uint256 public distributedCash;
    bool public recordDatePending;

    error MockNotDistributor(address caller);
    error MockRecordDatePending();

    error MockDistributorSet();

    constructor(IERC20 cash, uint256 originalFace_) {
        _cash = cash;
        originalFace = originalFace_;
        _currentFace = originalFace_;
    }

    /// @notice Names the distributor (the waterfall, deployed after its class tokens), once.
    function setDistributor(address distributor_) external {
        if (distributor != address(0)) revert MockDistributorSet();
        distributor = distributor_;
    }

    modifier onlyDistributor() {
        if (msg.sender != distributor) revert MockNotDistributor(msg.sender);
        _;
    }

    function distribute(uint256 interest, uint256 principal) external onlyDistributor {
        if (principal > _currentFace) revert TokenExceedsCurrentFace(principal, _currentFace);
        _currentFace -= principal;
        ++_count;
        recordDatePending = false;
        distributedCash += interest + principal;
        emit Distributed(_count, interest, principal, 0, factor(), 0);
        _cash.safeTransferFrom(msg.sender, address(this), interest + principal);
    }

    function allocateLoss(uint256 amount) external onlyDistributor {
        if (amount > _currentFace) revert TokenExceedsCurrentFace(amount, _currentFace);
        _currentFace -= amount;
        _lossesAllocated += amount;
        emit LossAllocated(_count, amount, factor());
    }

    function writeUp(uint256 amount) external onlyDistributor {
        if (amount > _lossesAllocated) revert TokenExceedsCurrentFace(amount, _lossesAllocated);
        _lossesAllocated -= amount;
        _currentFace += amount;
        emit LossWrittenUp(_count, amount, factor());
    }

    function accrete(uint256 amount) external onlyDistributor {
        _currentFace += amount;
        emit Accreted(_count, amount, factor());
    }

    function markRecordDate() external onlyDistributor {
        if (recordDatePending) revert MockRecordDatePending();
        recordDatePending = true;
        _lastRecordDate = block.timestamp;
        emit RecordDateMarked(_count + 1, block.timestamp);
    }

    function lastRecordDate() external view returns (uint256) {
        return _lastRecordDate;
    }

    function claim() external pure returns (uint256) {
        return 0;
    }

    function claimFor(address) external pure returns (uint256) {
        return 0;
    }

    function claimable(address) external pure returns (uint256) {
        return 0;
    }

    function cashToken() external view returns (address) {
        return address(_cash);
    }

    function factor() public view returns (uint256) {
        return originalFace == 0 ? 1e18 : (_currentFace * 1e18) / originalFace;
    }

    function currentFace() external view returns (uint256) {
        return _currentFace;
    }

    function currentFaceOf(address) external pure returns (uint256) {
        return 0;
    }

    function distributionCount() external view returns (uint256) {
        return _count;
    }

    function cashTotals() external view returns (uint256 distributed, uint256 claimed, uint256 dust) {
        return (distributedCash, 0, 0);
    }

    function indexScale() external pure returns (uint256) {
        return 1e27;
    }

    function cashPerUnitIndex() external pure returns (uint256) {
        return 0;
    }

    function accruedScaledOf(address) external pure returns (uint256) {
        return 0;
    }

    function dustScaled() external pure returns (uint256) {
        return 0;
    }
}
