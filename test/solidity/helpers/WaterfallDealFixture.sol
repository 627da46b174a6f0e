// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IPaymentWaterfall} from "../../../contracts/interfaces/IPaymentWaterfall.sol";
import {IWaterfallClassToken} from "../../../contracts/interfaces/IWaterfallClassToken.sol";
import {MockClassToken} from "../../../contracts/mocks/MockClassToken.sol";
import {PaymentWaterfall} from "../../../contracts/waterfall/PaymentWaterfall.sol";
import {ServicerReports} from "../../../contracts/waterfall/ServicerReports.sol";

/// @notice The deal the waterfall's Solidity suites run on: a $1 billion pool (6-decimal units), 25 bp servicing,
/// 1 bp + $100 trustee, a 1 % reserve with a $2 million floor funded with $5 million, sequential principal, over
/// `MockClassToken` classes; each suite picks its classes, triggers and OC target.
abstract contract WaterfallDealFixture {
    uint256 internal constant POOL = 1e15;
    uint256 internal constant RESERVE = 5e12;

    /// @dev A class of `kind` over a fresh mock class token of `face` (an IO strip has no balance of its own).
    function _classOn(IERC20 cash, IPaymentWaterfall.ClassKind kind, uint96 face, uint32 couponPpm, uint8 interestRank)
        internal
        returns (IPaymentWaterfall.ClassTerms memory)
    {
        return IPaymentWaterfall.ClassTerms({
            token: IWaterfallClassToken(address(new MockClassToken(cash, face))),
            kind: kind,
            couponPpm: couponPpm,
            interestRank: interestRank,
            originalBalance: kind == IPaymentWaterfall.ClassKind.InterestOnly ? 0 : face,
            notionalMask: 0,
            scheduled: false,
            schedule: new uint128[](0)
        });
    }

    /// @dev The deal's terms; `triggers` sets a 10 % 60+ delinquency and a 2 % cumulative loss trigger.
    function _dealTerms(bool triggers, uint32 overcollateralizationTargetPpm)
        internal
        pure
        returns (IPaymentWaterfall.DealTerms memory)
    {
        return IPaymentWaterfall.DealTerms({
            originalPoolBalance: uint96(POOL),
            principalMode: IPaymentWaterfall.PrincipalMode.Sequential,
            servicingFeePpm: 2_500,
            servicingFeeFixed: 0,
            trusteeFeePpm: 100,
            trusteeFeeFixed: 1e8,
            hasDelinquencyTrigger: triggers,
            delinquencyTriggerPpm: triggers ? 100_000 : 0,
            hasLossTrigger: triggers,
            cumulativeLossTriggerPpm: triggers ? 20_000 : 0,
            reserveTargetPpm: 10_000,
            reserveFloor: 2e12,
            reserveInitialBalance: uint96(RESERVE),
            overcollateralizationTargetPpm: overcollateralizationTargetPpm,
            cleanUpCallPpm: 0,
            cutoffDate: 1_577_836_800 // 2020-01-01
        });
    }

    /// @dev The waterfall over `classes`, each class token's distributor, with the servicer's and the trustee's roles
    /// granted on the report registry and the waterfall.
    function _deployWaterfall(
        IERC20 cash,
        ServicerReports reports,
        IPaymentWaterfall.DealTerms memory terms,
        IPaymentWaterfall.ClassTerms[] memory classes,
        IPaymentWaterfall.Payees memory payees,
        address servicer,
        address trustee
    ) internal returns (PaymentWaterfall waterfall) {
        waterfall = new PaymentWaterfall(cash, reports, terms, classes, payees, address(this));
        for (uint256 i; i < classes.length; ++i) {
            MockClassToken(address(classes[i].token)).setDistributor(address(waterfall));
        }
        reports.grantRole(reports.SERVICER_ROLE(), servicer);
        reports.grantRole(reports.TRUSTEE_ROLE(), trustee);
        waterfall.grantRole(waterfall.SERVICER_ROLE(), servicer);
        waterfall.grantRole(waterfall.TRUSTEE_ROLE(), trustee);
    }
}
