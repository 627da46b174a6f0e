// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title The on-chain record of one securitized loan pool: the tape commitment and the deal's terms
/// @notice Written once at deployment and never changed. The loans themselves stay off chain: only
/// the Merkle root of their canonical leaves is stored (see docs/loan-commitment.md), so creating a
/// pool costs the same whether it holds a thousand loans or a million, and anyone holding the tape
/// can prove one loan's leaf against the root with `verifyLoan`.
/// Money is in US cents, exactly as on the tape, so the commitment and the deal file can be
/// compared without a unit conversion; tranche tokens carry face in their own decimals.
interface ILoanPool {
    /// @notice What the issuer committed to at pool creation.
    /// @param merkleRoot Root of the OpenZeppelin standard Merkle tree over the included loans' leaves.
    /// @param loanCount Number of included loans (leaves).
    /// @param upbCents Sum of the included loans' current UPB at the cut-off date, in cents.
    /// @param tapeHash SHA-256 of the loan tape's bytes as delivered.
    /// @param statsHash Hash of the canonical pool-statistics JSON (see docs/loan-commitment.md).
    /// @param rulesHash Hash of the canonical eligibility-rules JSON the tape was filtered with.
    /// @param cutoffDate Cut-off date, Unix time at 00:00 UTC.
    struct Commitment {
        bytes32 merkleRoot;
        bytes32 tapeHash;
        bytes32 statsHash;
        bytes32 rulesHash;
        uint256 upbCents;
        // The two 64-bit fields share one storage slot.
        uint64 loanCount;
        uint64 cutoffDate;
    }

    /// @notice One class of the deal.
    /// @param token The class's restricted ERC-20 (IPoolToken).
    /// @param couponPpm Annual coupon (or pass-through rate) in parts per million (55_000 = 5.5 %): finer than
    ///        basis points so that 1/8 % coupons such as 5.125 % are exact. Matches the waterfall model's units.
    /// @param seniority 1 is the most senior; equal seniority ranks pro rata.
    /// @param originalFaceCents Original face of the class, in cents.
    struct Tranche {
        address token;
        uint32 couponPpm;
        uint8 seniority;
        uint256 originalFaceCents;
    }

    /// @notice The deal's terms.
    /// @param dealId Issuer's deal identifier, e.g. "MBS 2026-1".
    /// @param name Deal name as printed on the offering documents.
    /// @param passThrough True for a single-class pass-through pool.
    /// @param overcollateralizationCents Committed UPB minus the sum of the original faces.
    struct DealTerms {
        string dealId;
        string name;
        bool passThrough;
        uint256 overcollateralizationCents;
    }

    /// @notice The pool's loan commitment was recorded.
    event PoolCommitted(
        bytes32 indexed merkleRoot,
        uint64 loanCount,
        uint256 upbCents,
        bytes32 tapeHash,
        bytes32 statsHash,
        bytes32 rulesHash,
        uint64 cutoffDate
    );
    /// @notice The deal's terms were recorded.
    event DealRecorded(
        string indexed dealIdTopic, string dealId, string name, bool passThrough, uint256 overcollateralizationCents
    );
    /// @notice One class of the deal was recorded.
    event TrancheRecorded(
        uint256 indexed index, address indexed token, uint32 couponPpm, uint8 seniority, uint256 originalFaceCents
    );

    /// @notice The commitment lacks a root, loans or UPB.
    error PoolEmptyCommitment(bytes32 merkleRoot, uint64 loanCount, uint256 upbCents);
    /// @notice A deal needs between 1 and `max` classes; a pass-through exactly one.
    error PoolInvalidTrancheCount(uint256 count, uint256 max, bool passThrough);
    /// @notice A class without a token, face or seniority, or with a coupon above 100 %.
    error PoolInvalidTranche(uint256 index, address token, uint32 couponPpm, uint8 seniority, uint256 originalFaceCents);
    /// @notice The same token appears in two classes.
    error PoolDuplicateTrancheToken(uint256 index, address token);
    /// @notice The classes' faces plus the overcollateralization do not equal the committed UPB.
    error PoolFacesDoNotAddUp(uint256 sumOfFacesCents, uint256 overcollateralizationCents, uint256 upbCents);
    /// @notice A class's token would issue a different face than the record commits (`faceCap`, in token units,
    /// must equal `originalFaceCents` scaled to the token's decimals), or has fewer than 2 decimals (cents).
    error PoolTrancheFaceMismatch(uint256 index, address token, uint256 faceCap, uint256 committedFaceUnits);
    /// @notice No class at this index.
    error PoolUnknownTranche(uint256 index, uint256 count);

    /// @notice The loan commitment.
    function commitment() external view returns (Commitment memory);

    /// @notice The deal's terms.
    function dealTerms() external view returns (DealTerms memory);

    /// @notice Number of classes.
    function trancheCount() external view returns (uint256);

    /// @notice Class `index` (0 = first in the deal file).
    function tranche(uint256 index) external view returns (Tranche memory);

    /// @notice Every class, in deal-file order.
    function tranches() external view returns (Tranche[] memory);

    /// @notice True if the loan whose leaf values hash to `loanHash` is one of the committed loans.
    /// @param loanHash keccak256(abi.encode(leaf values)) — the inner hash of an OpenZeppelin standard
    ///        Merkle tree leaf; the contract applies the outer hash itself, so an inner node of the tree
    ///        can never pass as a loan.
    /// @param proof Sibling hashes from the leaf to the root, as produced by the tokenize tooling.
    function verifyLoan(bytes32 loanHash, bytes32[] calldata proof) external view returns (bool);
}
