// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IKycRegistry} from "../../../contracts/interfaces/IKycRegistry.sol";
import {PoolToken} from "../../../contracts/token/PoolToken.sol";

/// @notice Tests only: the deployed token plus a door to the general transfer path alone, so that a differential test
/// can run one transfer both ways from the same state (`transfer` takes the fast path where it can).
contract PoolTokenGeneralPath is PoolToken {
    constructor(
        string memory name_,
        string memory symbol_,
        IKycRegistry registry,
        IERC20Metadata cashToken_,
        address admin,
        TransferRules memory rules,
        uint256 faceCap_
    ) PoolToken(name_, symbol_, registry, cashToken_, admin, rules, faceCap_) {}

    /// @notice `transfer` through `_update` only (never the fast path).
    function transferGeneral(address to, uint256 value) external returns (bool) {
        _update(msg.sender, to, value, Mode.Transfer);
        return true;
    }

    /// @notice The raw token-wide hot word.
    function hotWord() external view returns (uint256 word) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            word := sload(_hot.slot)
        }
    }

    /// @notice Where the hot word sits and how it is laid out, for tests that read it raw from a plain `PoolToken`
    /// (test/solidity/helpers/PoolTokenHotWord.sol keeps a copy that a test checks against this).
    function hotLayout()
        external
        pure
        returns (uint256 slot, uint256 holdersShift, uint256 flagsShift, uint8 countingFlag)
    {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            slot := _hot.slot
        }
        return (slot, HOT_HOLDERS_SHIFT, HOT_FLAGS_SHIFT, HOT_COUNTING);
    }

    /// @notice `holder`'s raw account word.
    function accountWord(address holder) external view returns (uint256 word) {
        Account storage stored = _accounts[holder];
        // solhint-disable-next-line no-inline-assembly
        assembly {
            word := sload(stored.slot)
        }
    }

    /// @notice `holder`'s raw accrual slot (with its live marker).
    function accrualWord(address holder) external view returns (uint256) {
        return _accruedScaled[holder];
    }
}
