// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Pull-based P&I distribution over original-face balances, with an agency-style factor
/// @notice Balances are in original face and never rebase. Each distribution of cash (interest and
/// principal) raises a cumulative cash-per-unit index in O(1), whatever the number of holders; each
/// holder has a checkpoint settled on every balance change, so cash belongs to the holder of record at
/// the distribution whatever moves afterwards. Principal and allocated losses lower the current face,
/// and so the factor (current face / original face, 1e18 = 1.0), which never increases.
/// Rounding: the index moves by floor(cash * indexScale() / supply), indexScale = 1e27; the remainder is
/// tracked as dust, never paid and never created. Per-holder accruals are kept at index precision and
/// floored only at claim.
interface IDistributions {
    /// @notice Cash was distributed to every holder of record.
    /// @param distributionId 1, 2, 3 … in order.
    /// @param interest Interest cash, in settlement-token units.
    /// @param principal Principal cash, in settlement-token units; lowers current face one for one.
    /// @param cashPerUnitIndex The cumulative index after this distribution.
    /// @param factor The factor after this distribution (1e18 = 1.0).
    /// @param dust Undistributable remainder of this distribution, in settlement-token units at index precision
    ///             (see `dustScaled`).
    event Distributed(
        uint256 indexed distributionId,
        uint256 interest,
        uint256 principal,
        uint256 cashPerUnitIndex,
        uint256 factor,
        uint256 dust
    );
    /// @notice A realized loss written down the current face without cash.
    event LossAllocated(uint256 indexed afterDistributionId, uint256 amount, uint256 factor);
    /// @notice `holder`'s accrued cash was paid to `holder`.
    event Claimed(address indexed holder, uint256 amount);

    /// @notice There are no holders to distribute to.
    error TokenNothingOutstanding();
    /// @notice Principal (or loss) above the current face.
    error TokenExceedsCurrentFace(uint256 amount, uint256 currentFace);
    /// @notice Nothing to claim.
    error TokenNothingToClaim(address holder);
    /// @notice Claims are withheld while the holder is frozen (the cash stays accrued).
    error TokenClaimWhileFrozen(address holder);
    /// @notice A claim or distribution was entered again before it finished (e.g. from a settlement-token hook).
    error TokenReentrantCall();

    /// @notice Distributes `interest + principal` of settlement cash, pulled from the caller. Distributor role.
    function distribute(uint256 interest, uint256 principal) external;

    /// @notice Writes down current face by `amount` (realized loss allocated to this class). Distributor role.
    function allocateLoss(uint256 amount) external;

    /// @notice Pays the caller everything accrued, however many distributions ago. Returns the amount paid.
    /// Claims policy (docs/adr/0014-token-holes-closed.md): cash belongs to the holder of record at each
    /// distribution, and the trustee pays it whatever happened since — a revoked or expired verification, or a
    /// country blocked later, does not stop a claim; only a freeze (in the registry or on this token, e.g. a
    /// sanctions freeze) withholds the payout, and the cash stays accrued until the freeze is lifted.
    function claim() external returns (uint256 amount);

    /// @notice Pays `holder` (to `holder`, never elsewhere) everything accrued, under the same policy as `claim`.
    /// Only `holder`, an operator `holder` approved (`IPoolToken.setClaimOperator`) or a claim agent (CLAIM_AGENT role, e.g.
    /// the servicer's payout bot) may trigger it, so nobody can push a lost wallet's cash to its dead key before
    /// the wallet is recovered.
    function claimFor(address holder) external returns (uint256 amount);

    /// @notice Cash `holder` can claim now, in settlement-token units.
    function claimable(address holder) external view returns (uint256);

    /// @notice The settlement stablecoin.
    function cashToken() external view returns (address);

    /// @notice Current face / original face, 1e18 = 1.0. Never increases.
    function factor() external view returns (uint256);

    /// @notice Outstanding principal of the whole class.
    function currentFace() external view returns (uint256);

    /// @notice Outstanding principal of `holder`'s position: balance × currentFace / originalFace, rounded down
    /// (exact, rather than through the already-rounded factor).
    function currentFaceOf(address holder) external view returns (uint256);

    /// @notice Number of distributions so far.
    function distributionCount() external view returns (uint256);

    /// @notice Totals for audit: everything distributed, everything claimed, and dust (units, `dustScaled`
    /// rounded down).
    function cashTotals() external view returns (uint256 distributed, uint256 claimed, uint256 dust);

    /// @notice The scale of the index and of every "scaled" amount (settlement units × scale).
    function indexScale() external pure returns (uint256);

    /// @notice The cumulative cash paid per unit of original face, in scaled units.
    function cashPerUnitIndex() external view returns (uint256);

    /// @notice Everything `holder` has earned and not yet claimed, in scaled units (`claimable` is this
    /// rounded down to settlement units; the remainder stays with the holder for a later claim).
    function accruedScaledOf(address holder) external view returns (uint256);

    /// @notice Undistributable remainder of every distribution so far, in scaled units. Exactly:
    /// Σ accruedScaledOf(holder) + claimed × scale + dustScaled == distributed × scale.
    function dustScaled() external view returns (uint256);
}
