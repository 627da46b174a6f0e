// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPaymentWaterfall} from "./IPaymentWaterfall.sol";
import {IServicerReports} from "./IServicerReports.sol";

/// @title Read-only previews of a deal's next period (stateless; any waterfall)
/// @notice Runs the same engine library as `PaymentWaterfall.execute` on the waterfall's current state, without
/// requiring the report to be submitted or attested: what the servicer must deposit and what every class will
/// get, before anything is sent.
interface IWaterfallLens {
    /// @notice What executing `report` on `waterfall` now would do, line by line. Reverts as execution would
    /// (wrong period, deal called, report not tying), except for the attestation and the cash.
    function preview(IPaymentWaterfall waterfall, IServicerReports.ServicerReport calldata report)
        external
        view
        returns (IPaymentWaterfall.PeriodResult memory);

    /// @notice The cash `report` needs deposited on `waterfall`: interest + principal + liquidation proceeds +
    /// recoveries + clean-up call proceeds.
    function remittanceDue(IPaymentWaterfall waterfall, IServicerReports.ServicerReport calldata report)
        external
        view
        returns (uint256);
}
