using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Protocol.Contracts;

/// <summary>ERC-20 (EIP-20) with the EIP-2612 permit view functions.</summary>
public static class Erc20Abi
{
    /// <summary><c>symbol()</c>.</summary>
    public static readonly AbiFunction Symbol = AbiFunction.Parse("symbol() view returns (string)");

    /// <summary><c>decimals()</c>.</summary>
    public static readonly AbiFunction Decimals = AbiFunction.Parse("decimals() view returns (uint8)");

    /// <summary><c>totalSupply()</c>, in the token's decimals: every unit of the asset that exists.</summary>
    public static readonly AbiFunction TotalSupply = AbiFunction.Parse("totalSupply() view returns (uint256)");

    /// <summary><c>balanceOf(account)</c>, in the token's decimals.</summary>
    public static readonly AbiFunction BalanceOf = AbiFunction.Parse("balanceOf(address account) view returns (uint256)");

    /// <summary><c>allowance(owner, spender)</c>, in the token's decimals.</summary>
    public static readonly AbiFunction Allowance = AbiFunction.Parse("allowance(address owner, address spender) view returns (uint256)");

    /// <summary><c>approve(spender, amount)</c>.</summary>
    public static readonly AbiFunction Approve = AbiFunction.Parse("approve(address spender, uint256 amount) returns (bool)");
}
