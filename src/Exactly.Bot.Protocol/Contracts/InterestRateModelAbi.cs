using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Protocol.Contracts;

/// <summary>Exactly's InterestRateModel (contracts/InterestRateModel.sol).</summary>
public static class InterestRateModelAbi
{
    /// <summary><c>floatingRate(utilization)</c>: yearly floating borrow rate at a utilization (both WAD).</summary>
    public static readonly AbiFunction FloatingRate = AbiFunction.Parse("floatingRate(uint256 utilization) view returns (uint256)");
}
