// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {ILoanPool} from "../interfaces/ILoanPool.sol";
import {IPoolToken} from "../interfaces/IPoolToken.sol";

/// @title LoanPool
/// @notice Immutable record of one pool: the loan-tape commitment and the deal's terms.
/// @dev There is no privileged function: everything is fixed in the constructor, so there is no
/// role to grant and nothing an operator could change after investors have relied on it. Storage
/// grows with the number of classes, never with the number of loans.
contract LoanPool is ILoanPool {
    /// @notice Upper bound on classes, so that views returning every class stay cheap.
    uint256 public constant MAX_TRANCHES = 32;

    /// @notice Largest coupon accepted: 100 % a year.
    uint32 public constant MAX_COUPON_PPM = 1_000_000;

    bytes32 private immutable _merkleRoot;
    uint64 private immutable _loanCount;
    uint256 private immutable _upbCents;
    bytes32 private immutable _tapeHash;
    bytes32 private immutable _statsHash;
    bytes32 private immutable _rulesHash;
    uint64 private immutable _cutoffDate;
    bool private immutable _passThrough;
    uint256 private immutable _overcollateralizationCents;

    string private _dealId;
    string private _name;
    Tranche[] private _tranches;

    /// @param commitment_ The tape commitment (see `Commitment`).
    /// @param dealId_ Issuer's deal identifier.
    /// @param name_ Deal name.
    /// @param passThrough_ True for a single-class pass-through pool.
    /// @param overcollateralizationCents_ Committed UPB not backing any class.
    /// @param tranches_ The classes in deal-file order; their faces plus `overcollateralizationCents_` must
    ///        equal `commitment_.upbCents`.
    constructor(
        Commitment memory commitment_,
        string memory dealId_,
        string memory name_,
        bool passThrough_,
        uint256 overcollateralizationCents_,
        Tranche[] memory tranches_
    ) {
        if (commitment_.merkleRoot == bytes32(0) || commitment_.loanCount == 0 || commitment_.upbCents == 0) {
            revert PoolEmptyCommitment(commitment_.merkleRoot, commitment_.loanCount, commitment_.upbCents);
        }
        uint256 count = tranches_.length;
        if (count == 0 || count > MAX_TRANCHES || (passThrough_ && count != 1)) {
            revert PoolInvalidTrancheCount(count, MAX_TRANCHES, passThrough_);
        }

        uint256 sumOfFaces = _checkedSumOfFaces(tranches_);
        if (sumOfFaces + overcollateralizationCents_ != commitment_.upbCents) {
            revert PoolFacesDoNotAddUp(sumOfFaces, overcollateralizationCents_, commitment_.upbCents);
        }

        _merkleRoot = commitment_.merkleRoot;
        _loanCount = commitment_.loanCount;
        _upbCents = commitment_.upbCents;
        _tapeHash = commitment_.tapeHash;
        _statsHash = commitment_.statsHash;
        _rulesHash = commitment_.rulesHash;
        _cutoffDate = commitment_.cutoffDate;
        emit PoolCommitted(
            commitment_.merkleRoot,
            commitment_.loanCount,
            commitment_.upbCents,
            commitment_.tapeHash,
            commitment_.statsHash,
            commitment_.rulesHash,
            commitment_.cutoffDate
        );

        _dealId = dealId_;
        _name = name_;
        _passThrough = passThrough_;
        _overcollateralizationCents = overcollateralizationCents_;
        emit DealRecorded(dealId_, dealId_, name_, passThrough_, overcollateralizationCents_);

        for (uint256 i = 0; i < count; ++i) {
            Tranche memory t = tranches_[i];
            _tranches.push(t);
            emit TrancheRecorded(i, t.token, t.couponPpm, t.seniority, t.originalFaceCents);
        }
    }

    /// @dev Every class well-formed and on its own token; returns the sum of the faces.
    function _checkedSumOfFaces(Tranche[] memory tranches_) private view returns (uint256 sumOfFaces) {
        uint256 count = tranches_.length;
        for (uint256 i = 0; i < count; ++i) {
            Tranche memory t = tranches_[i];
            if (t.token == address(0) || t.seniority == 0 || t.originalFaceCents == 0 || t.couponPpm > MAX_COUPON_PPM) {
                revert PoolInvalidTranche(i, t.token, t.couponPpm, t.seniority, t.originalFaceCents);
            }
            for (uint256 j = 0; j < i; ++j) {
                if (tranches_[j].token == t.token) revert PoolDuplicateTrancheToken(i, t.token);
            }
            _checkFaceCap(i, t);
            sumOfFaces += t.originalFaceCents;
        }
    }

    /// @dev The token can never issue more than this record commits for its class (issue 7, hole 9): its immutable
    /// face cap must be exactly the class's face in token units (cents × 10^(decimals − 2)).
    function _checkFaceCap(uint256 index, Tranche memory t) private view {
        uint256 cap = IPoolToken(t.token).faceCap();
        uint8 decimals = IERC20Metadata(t.token).decimals();
        uint256 committed = decimals < 2 ? 0 : t.originalFaceCents * 10 ** (decimals - 2);
        if (decimals < 2 || cap != committed) revert PoolTrancheFaceMismatch(index, t.token, cap, committed);
    }

    /// @inheritdoc ILoanPool
    function commitment() external view returns (Commitment memory) {
        return Commitment({
            merkleRoot: _merkleRoot,
            loanCount: _loanCount,
            upbCents: _upbCents,
            tapeHash: _tapeHash,
            statsHash: _statsHash,
            rulesHash: _rulesHash,
            cutoffDate: _cutoffDate
        });
    }

    /// @inheritdoc ILoanPool
    function dealTerms() external view returns (DealTerms memory) {
        return DealTerms({
            dealId: _dealId,
            name: _name,
            passThrough: _passThrough,
            overcollateralizationCents: _overcollateralizationCents
        });
    }

    /// @inheritdoc ILoanPool
    function trancheCount() external view returns (uint256) {
        return _tranches.length;
    }

    /// @inheritdoc ILoanPool
    function tranche(uint256 index) external view returns (Tranche memory) {
        if (index >= _tranches.length) revert PoolUnknownTranche(index, _tranches.length);
        return _tranches[index];
    }

    /// @inheritdoc ILoanPool
    function tranches() external view returns (Tranche[] memory) {
        return _tranches;
    }

    /// @inheritdoc ILoanPool
    function verifyLoan(bytes32 loanHash, bytes32[] calldata proof) external view returns (bool) {
        // Outer hash of the OpenZeppelin standard leaf: keccak256(bytes.concat(keccak256(abi.encode(values)))).
        bytes32 leaf = keccak256(bytes.concat(loanHash));
        return MerkleProof.verifyCalldata(proof, _merkleRoot, leaf);
    }
}
