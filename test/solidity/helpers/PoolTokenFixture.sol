// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {KycRegistry} from "../../../contracts/kyc/KycRegistry.sol";
import {PoolToken} from "../../../contracts/token/PoolToken.sol";
import {TestStablecoin} from "../../../contracts/mocks/TestStablecoin.sol";
import {IKycRegistry} from "../../../contracts/interfaces/IKycRegistry.sol";
import {ITransferRestrictions} from "../../../contracts/interfaces/ITransferRestrictions.sol";
import {IPoolToken} from "../../../contracts/interfaces/IPoolToken.sol";
import {PoolTokenHotWord} from "./PoolTokenHotWord.sol";
import {HolderProofs} from "./HolderProofs.sol";

/// @notice Deploys a registry, a 6-decimal stablecoin and one tranche token with every role on its own key.
abstract contract PoolTokenFixture is Test {
    uint8 internal constant CLASS_RETAIL = 1;
    uint8 internal constant CLASS_ACCREDITED = 2;
    uint8 internal constant CLASS_QIB = 4;
    uint8 internal constant CLASS_INSTITUTIONAL = 8;
    uint8 internal constant CLASS_NON_US = 16;
    uint8 internal constant ALL_CLASSES = 31;

    uint16 internal constant US = 840;
    uint16 internal constant CANADA = 124;
    uint16 internal constant UK = 826;
    uint16 internal constant NORTH_KOREA = 408;

    /// @dev A fixed start so that expiries and lockups are reproducible.
    /// @dev The class's committed face: far above anything a test mints (uint96 face = 7.9e28 units).
    uint256 internal constant FACE_CAP = 1e27;

    uint256 internal constant START = 1_767_225_600; // 2026-01-01T00:00:00Z

    address internal admin = address(this);
    address internal compliance = makeAddr("compliance");
    address internal issuer = makeAddr("issuer");
    address internal pauser = makeAddr("pauser");
    address internal distributor = makeAddr("distributor");
    address internal escrow = makeAddr("escrow");
    address internal otherEscrow = makeAddr("other-escrow");
    address internal claimAgent = makeAddr("claim-agent");

    IKycRegistry internal registry;
    TestStablecoin internal cash;
    PoolToken internal token;

    function _deploy(ITransferRestrictions.TransferRules memory rules) internal {
        _deployWith(new KycRegistry(admin, compliance), new TestStablecoin(admin), rules);
    }

    /// @dev Lets a test swap in a different registry or settlement token (the mutants do).
    function _deployWith(
        IKycRegistry registry_,
        TestStablecoin cash_,
        ITransferRestrictions.TransferRules memory rules
    ) internal {
        vm.warp(START);
        registry = registry_;
        cash = cash_;
        token = new PoolToken(
            "FNMA 2000-Q1 A", "MBS-A", registry, IERC20Metadata(address(cash)), admin, rules, FACE_CAP
        );
        token.grantRole(token.ISSUER_ROLE(), issuer);
        token.grantRole(token.COMPLIANCE_ROLE(), compliance);
        token.grantRole(token.PAUSER_ROLE(), pauser);
        token.grantRole(token.DISTRIBUTOR_ROLE(), distributor);
        token.grantRole(token.ESCROW_ROLE(), escrow);
        token.grantRole(token.ESCROW_ROLE(), otherEscrow);
        token.grantRole(token.CLAIM_AGENT_ROLE(), claimAgent);
        cash.grantRole(cash.MINTER_ROLE(), address(this));
    }

    /// @dev Setters refuse a no-op, so a test that may arrive at the rules already in force skips the call.
    function _setRules(ITransferRestrictions.TransferRules memory rules) internal {
        if (keccak256(abi.encode(token.transferRules())) == keccak256(abi.encode(rules))) return;
        vm.prank(compliance);
        token.setTransferRules(rules);
    }

    /// @dev As `_setRules`, for the frozen amount.
    function _setFrozenTokens(address account, uint256 amount) internal {
        if (token.getFrozenTokens(account) == amount) return;
        vm.prank(compliance);
        token.setFrozenTokens(account, amount);
    }

    /// @dev `countHolders` with `holders` as given, by compliance.
    function _countHolders(address[] memory holders) internal {
        vm.prank(compliance);
        token.countHolders(holders);
    }

    /// @dev Switches holder counting on with the complete proof: every non-zero balance among `candidates`, in
    /// ascending order (the candidates must hold the whole supply, which `countHolders` checks).
    function _countHoldersAmong(address[] memory candidates) internal {
        _countHolders(_sortedHolders(candidates));
    }

    /// @dev The distinct `candidates` with a non-zero balance, in strictly ascending address order.
    function _sortedHolders(address[] memory candidates) internal view returns (address[] memory) {
        return HolderProofs.sortedHolders(token, candidates);
    }

    function _hotWord() internal view returns (uint256) {
        return PoolTokenHotWord.read(vm, address(token));
    }

    /// @dev A token that does not count says so, refuses `holderCount` with its error, and leaves the hot word's
    /// count bits at 0 (ADR 0021: a first transfer on such a token does not write a count).
    function _assertDoesNotCount() internal view {
        assertFalse(token.isHolderCountTracked(), "isHolderCountTracked on a token that does not count");
        try token.holderCount() returns (uint256 count) {
            assertTrue(false, string.concat("holderCount answered ", vm.toString(count), " on an uncounted token"));
        } catch (bytes memory reason) {
            assertEq(
                reason,
                abi.encodeWithSelector(IPoolToken.TokenHolderCountNotTracked.selector),
                "holderCount refuses with TokenHolderCountNotTracked"
            );
        }
        uint256 hot = _hotWord();
        assertFalse(PoolTokenHotWord.counting(hot), "the hot word's counting flag is clear");
        assertEq(PoolTokenHotWord.holderBits(hot), 0, "the hot word's count bits stay 0 on an uncounted token");
    }

    /// @dev A token that counts says so, and its count is the number of non-zero balances among `accounts` (which
    /// must include every holder), in the view and in the hot word.
    function _assertCounts(address[] memory accounts) internal view {
        assertTrue(token.isHolderCountTracked(), "isHolderCountTracked on a token that counts");
        uint256 holders = _sortedHolders(accounts).length;
        assertEq(token.holderCount(), holders, "holderCount == non-zero balances");
        assertEq(PoolTokenHotWord.holderBits(_hotWord()), holders, "the hot word's count bits == non-zero balances");
    }

    function _openRules() internal pure returns (ITransferRestrictions.TransferRules memory rules) {
        rules.allowedClasses = ALL_CLASSES;
    }

    function _onboard(address account, uint64 verifiedUntil, uint16 country, uint8 classes) internal {
        vm.prank(compliance);
        registry.setInvestor(
            IKycRegistry.InvestorUpdate({
                account: account,
                verifiedUntil: verifiedUntil,
                country: country,
                classes: classes,
                recordHash: keccak256(abi.encode("kyc-record", account, verifiedUntil))
            })
        );
    }

    function _mint(address to, uint256 amount) internal {
        vm.prank(issuer);
        token.mint(to, amount);
    }

    /// @dev The distributor is funded with exactly what it pays out, so the token's cash balance is all there is.
    function _distribute(uint256 interest, uint256 principal) internal {
        cash.mint(distributor, interest + principal);
        vm.startPrank(distributor);
        cash.approve(address(token), interest + principal);
        token.distribute(interest, principal);
        vm.stopPrank();
    }

    function _restricted(uint8 code, address from, address to, uint256 amount) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(ITransferRestrictions.TokenTransferRestricted.selector, code, from, to, amount);
    }
}
