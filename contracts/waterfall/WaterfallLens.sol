// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPaymentWaterfall} from "../interfaces/IPaymentWaterfall.sol";
import {IServicerReports} from "../interfaces/IServicerReports.sol";
import {IWaterfallLens} from "../interfaces/IWaterfallLens.sol";
import {WaterfallEngine} from "./libraries/WaterfallEngine.sol";

/// @title Previews of a deal's next period, from the waterfall's public state and terms
/// @notice Kept out of `PaymentWaterfall` so that contract stays well under the code-size limit; it runs the very
/// same `WaterfallEngine.runPeriod` the waterfall runs.
contract WaterfallLens is IWaterfallLens {
    /// @inheritdoc IWaterfallLens
    function preview(IPaymentWaterfall waterfall, IServicerReports.ServicerReport calldata report)
        public
        view
        returns (IPaymentWaterfall.PeriodResult memory)
    {
        IPaymentWaterfall.DealState memory s = waterfall.dealState();
        uint256 period = s.period + 1;
        if (s.called) revert IPaymentWaterfall.WaterfallDealCalled(period);
        if (report.period != period) revert IPaymentWaterfall.WaterfallWrongPeriod(report.period, period);
        IPaymentWaterfall.DealTerms memory d = waterfall.dealTerms();
        uint256 n = waterfall.classCount();
        WaterfallEngine.Terms memory t = WaterfallEngine.Terms({
            originalPoolBalance: d.originalPoolBalance,
            principalMode: uint8(d.principalMode),
            servicingFeePpm: d.servicingFeePpm,
            servicingFeeFixed: d.servicingFeeFixed,
            trusteeFeePpm: d.trusteeFeePpm,
            trusteeFeeFixed: d.trusteeFeeFixed,
            hasDelinquencyTrigger: d.hasDelinquencyTrigger,
            delinquencyTriggerPpm: d.delinquencyTriggerPpm,
            hasLossTrigger: d.hasLossTrigger,
            cumulativeLossTriggerPpm: d.cumulativeLossTriggerPpm,
            reserveTargetPpm: d.reserveTargetPpm,
            reserveFloor: d.reserveFloor,
            overcollateralizationTargetPpm: d.overcollateralizationTargetPpm,
            cleanUpCallPpm: d.cleanUpCallPpm,
            classes: new WaterfallEngine.Class[](n)
        });
        IPaymentWaterfall.ClassState[] memory c = new IPaymentWaterfall.ClassState[](n);
        for (uint256 i; i < n; ++i) {
            IPaymentWaterfall.ClassTerms memory k = waterfall.classTerms(i);
            t.classes[i] = WaterfallEngine.Class({
                kind: uint8(k.kind),
                couponPpm: k.couponPpm,
                interestRank: k.interestRank,
                notionalMask: k.notionalMask,
                scheduled: k.scheduled,
                scheduledBalance: k.scheduled && period <= k.schedule.length ? k.schedule[period - 1] : 0
            });
            c[i] = waterfall.classState(i);
        }
        return WaterfallEngine.runPeriod(t, s, c, WaterfallEngine.collateralOf(report));
    }

    /// @inheritdoc IWaterfallLens
    function remittanceDue(IPaymentWaterfall waterfall, IServicerReports.ServicerReport calldata report)
        external
        view
        returns (uint256)
    {
        return preview(waterfall, report).cashAvailable;
    }
}
