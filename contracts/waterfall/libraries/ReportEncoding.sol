// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IServicerReports} from "../../interfaces/IServicerReports.sol";

/// @title A servicer report's canonical encoding, read straight from calldata
/// @notice A `ServicerReport` is a static struct of 26 words, so its ABI encoding (`abi.encode(report)`, the bytes
/// the trustee attests the hash of) is exactly the argument's calldata bytes: the registry and the waterfall hash
/// and log it from there instead of re-encoding it field by field.
library ReportEncoding {
    /// @notice ABI size of a `ServicerReport`: 26 static words.
    uint256 internal constant SIZE = 26 * 32;

    /// @notice `keccak256(abi.encode(report))`, from calldata.
    function hashOf(IServicerReports.ServicerReport calldata report) internal pure returns (bytes32 h) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let free := mload(0x40)
            calldatacopy(free, report, SIZE)
            h := keccak256(free, SIZE)
        }
    }
}
