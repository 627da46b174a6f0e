// SPDX-License-Identifier: GPL-3.0
pragma solidity ^0.8.17;

import "./IERC734.sol";
import "./IERC735.sol";

// solhint-disable-next-line no-empty-blocks
interface IIdentity is IERC734, IERC735 {}
