// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {KycRegistry} from "../../../contracts/kyc/KycRegistry.sol";
import {PoolToken} from "../../../contracts/token/PoolToken.sol";
import {LoanPool} from "../../../contracts/pool/LoanPool.sol";
import {TestStablecoin} from "../../../contracts/mocks/TestStablecoin.sol";
import {TrancheMarket} from "../../../contracts/market/TrancheMarket.sol";
import {IKycRegistry} from "../../../contracts/interfaces/IKycRegistry.sol";
import {ILoanPool} from "../../../contracts/interfaces/ILoanPool.sol";
import {ITransferRestrictions} from "../../../contracts/interfaces/ITransferRestrictions.sol";
import {MarketHandlerBase} from "./helpers/MarketHandlerBase.sol";
import {MarketInvariantChecks} from "./helpers/MarketInvariantChecks.sol";

/// @notice The market handler on the real PoolToken: who may hold is decided by the KYC registry, so the handler
/// freezes, revokes and reinstates investors there and keeps its own model of who is verified and who is frozen.
contract PoolTokenMarketHandler is MarketHandlerBase {
    PoolToken public immutable token;
    KycRegistry public immutable registry;
    address public immutable compliance;

    /// @dev The model of who may hold, kept by the handler independently of the registry and the token.
    mapping(address => bool) public verified;
    mapping(address => bool) public frozenInRegistry;

    constructor(
        TrancheMarket market_,
        PoolToken token_,
        KycRegistry registry_,
        address compliance_,
        TestStablecoin cash_,
        address distributor_,
        address[] memory actors_,
        address outsider_
    ) MarketHandlerBase(market_, address(token_), cash_, distributor_, actors_, outsider_) {
        token = token_;
        registry = registry_;
        compliance = compliance_;
        for (uint256 i; i < actors_.length; ++i) verified[actors_[i]] = true;
    }

    function _mayHold(address who) internal view override returns (bool) {
        return verified[who] && !frozenInRegistry[who];
    }

    function setFrozen(uint256 actorSeed, bool frozen) external override {
        address who = _actor(actorSeed);
        if (frozenInRegistry[who] == frozen) return;
        vm.prank(compliance);
        registry.setFrozen(who, frozen);
        frozenInRegistry[who] = frozen;
    }

    function revoke(uint256 actorSeed) external override {
        address who = _actor(actorSeed);
        if (!verified[who]) return;
        vm.prank(compliance);
        registry.revoke(who, keccak256("handler"));
        verified[who] = false;
    }

    function reinstate(uint256 actorSeed) external override {
        address who = _actor(actorSeed);
        IKycRegistry.InvestorUpdate[] memory rows = new IKycRegistry.InvestorUpdate[](1);
        rows[0] = IKycRegistry.InvestorUpdate({
            account: who, verifiedUntil: uint64(block.timestamp + 3_650 days), country: 840, classes: 2, recordHash: keccak256(abi.encode(who))
        });
        vm.prank(compliance);
        registry.setInvestors(rows);
        verified[who] = true;
    }
}

/// @notice The order book on the real PoolToken — KYC registry, a deal's rules (class, lot size, blocked country),
/// record dates — under random sequences of place / fill / cancel / expiry / distribution / record date / registry
/// freeze / revocation / reinstatement: the escrow's invariants hold and no ineligible wallet ever holds the tranche.
contract TrancheMarketPoolTokenInvariants is MarketInvariantChecks {
    uint256 internal constant LOT = 1_000e6;
    uint16 internal constant US = 840;
    uint16 internal constant NORTH_KOREA = 408;

    PoolTokenMarketHandler internal handler;
    TestStablecoin internal cash;
    PoolToken internal token;
    KycRegistry internal registry;
    TrancheMarket internal market;
    address internal compliance = makeAddr("compliance");
    address internal distributor = makeAddr("distributor");
    address internal blocked = makeAddr("blocked-resident");

    function _row(address who, uint16 country) internal view returns (IKycRegistry.InvestorUpdate memory) {
        return IKycRegistry.InvestorUpdate({
            account: who, verifiedUntil: uint64(block.timestamp + 3_650 days), country: country, classes: 2, recordHash: keccak256(abi.encode(who))
        });
    }

    function setUp() public {
        vm.warp(1_805_191_200); // 2027-03-16T10:00:00Z
        cash = new TestStablecoin(address(this));
        registry = new KycRegistry(address(this), compliance);
        uint16[] memory blockedCountries = new uint16[](1);
        blockedCountries[0] = NORTH_KOREA;
        ITransferRestrictions.TransferRules memory rules = ITransferRestrictions.TransferRules({
            allowedClasses: 2, minHolding: uint96(LOT), maxHolders: 100, lockupUntil: 0, blockedCountries: blockedCountries
        });
        token = new PoolToken("MBS 2027-1 A", "MBS27A", registry, IERC20Metadata(address(cash)), address(this), rules, 10_000_000e6);
        token.grantRole(token.ISSUER_ROLE(), address(this));
        token.grantRole(token.DISTRIBUTOR_ROLE(), distributor);
        ILoanPool.Tranche[] memory tranches = new ILoanPool.Tranche[](1);
        tranches[0] = ILoanPool.Tranche({token: address(token), couponPpm: 55_000, seniority: 1, originalFaceCents: 1e9});
        LoanPool pool = new LoanPool(
            ILoanPool.Commitment({
                merkleRoot: keccak256("root"), tapeHash: keccak256("tape"), statsHash: keccak256("stats"), rulesHash: keccak256("rules"),
                upbCents: 1e9, loanCount: 10, cutoffDate: uint64(block.timestamp - 15 days)
            }),
            "MBSC 2027-1", "mbs-chain Trust 2027-1", true, 0, tranches
        );
        market = new TrancheMarket(address(this));
        market.grantRole(market.LISTING_ROLE(), address(this));
        market.listTranche(pool, 0);
        token.grantRole(token.ESCROW_ROLE(), address(market));

        address[] memory actors = new address[](5);
        IKycRegistry.InvestorUpdate[] memory rows = new IKycRegistry.InvestorUpdate[](6);
        for (uint256 i; i < actors.length; ++i) {
            actors[i] = makeAddr(string.concat("investor-", vm.toString(i)));
            rows[i] = _row(actors[i], US);
        }
        rows[5] = _row(blocked, NORTH_KOREA);
        vm.prank(compliance);
        registry.setInvestors(rows);
        for (uint256 i; i < actors.length; ++i) {
            if (i < 3) token.mint(actors[i], 400_000e6);
            _fund(actors[i]);
        }
        address outsider = makeAddr("outsider");
        _fund(outsider);
        _fund(blocked);
        handler = new PoolTokenMarketHandler(market, token, registry, compliance, cash, distributor, actors, outsider);
        cash.grantRole(cash.MINTER_ROLE(), address(handler));

        targetContract(address(handler));
        targetSelector(StdInvariant.FuzzSelector({addr: address(handler), selectors: handler.actionSelectors()}));
    }

    function _fund(address who) internal {
        cash.mint(who, 50_000_000e6);
        vm.startPrank(who);
        cash.approve(address(market), type(uint256).max);
        token.approve(address(market), type(uint256).max);
        vm.stopPrank();
    }

    function _marketHandler() internal view override returns (MarketHandlerBase) {
        return handler;
    }

    /// @notice After each run: orders were really placed and settled or closed, so the invariants did not hold on an
    /// idle book (not vacuous).
    function afterInvariant() public view {
        assertGt(handler.orderCount(), 0, "no order was placed");
    }

    /// @notice Each holder's lock for the market is exactly its open asks' remaining face, and within its balance.
    function invariant_locksMatchOpenAsksWithinBalance() public view {
        for (uint256 i; i < handler.actorCount(); ++i) {
            address who = handler.actors(i);
            uint256 locked = token.lockedOf(who, address(market));
            assertEq(locked, handler.openAskFace(who), "lock vs open asks");
            assertLe(token.totalLockedOf(who), token.balanceOf(who), "locks above balance");
        }
    }

    /// @notice Neither a wallet never onboarded nor a resident of a blocked country ever holds the tranche.
    function invariant_noIneligibleHolder() public view {
        assertEq(token.balanceOf(handler.outsider()), 0, "outsider holds tokens");
        assertEq(token.balanceOf(blocked), 0, "blocked-country resident holds tokens");
        for (uint256 i; i < handler.actorCount(); ++i) {
            uint256 balance = token.balanceOf(handler.actors(i));
            assertTrue(balance == 0 || balance >= LOT, "a holding below the lot size");
        }
    }
}
