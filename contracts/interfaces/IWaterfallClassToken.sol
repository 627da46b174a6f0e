// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDistributions} from "./IDistributions.sol";

/// @title What the payment waterfall drives on each class token (DISTRIBUTOR role = the deal's waterfall)
/// @notice `IDistributions` plus the record date and the two evented ways current face may rise (see
/// INTERFACES.md, "Distributions the waterfall drives").
interface IWaterfallClassToken is IDistributions {
    /// @notice The record date of distribution `distributionId` (the next one) was fixed at `timestamp`.
    event RecordDateMarked(uint256 indexed distributionId, uint256 timestamp);
    /// @notice Current face rose by `amount` after a recovery of a previously allocated loss.
    event LossWrittenUp(uint256 indexed afterDistributionId, uint256 amount, uint256 factor);
    /// @notice Current face rose by `amount` of Z-bond accretion.
    event Accreted(uint256 indexed afterDistributionId, uint256 amount, uint256 factor);

    /// @notice A record date is already pending for distribution `distributionId`.
    error TokenRecordDatePending(uint256 distributionId);
    /// @notice A write-up above the losses allocated and not yet written back up.
    error TokenExceedsLossesWrittenDown(uint256 amount, uint256 writtenDown);

    /// @notice Fixes the holders of record for the next `distribute`: its cash goes to balances as of this
    /// call, whatever moves between now and the distribution. At most one pending record date. Distributor role.
    function markRecordDate() external;

    /// @notice Timestamp of the latest record date (0 if none).
    function lastRecordDate() external view returns (uint256);

    /// @notice Raises current face after a recovery of a previously allocated loss (never above the losses
    /// allocated). Distributor role.
    function writeUp(uint256 amount) external;

    /// @notice Raises current face by Z-bond accretion. Distributor role.
    function accrete(uint256 amount) external;
}
