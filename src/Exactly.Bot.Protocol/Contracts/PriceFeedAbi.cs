using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Protocol.Contracts;

/// <summary>A Chainlink-style price feed as the Auditor uses it (<c>latestAnswer</c>), and what staleness checks read.</summary>
public static class PriceFeedAbi
{
    /// <summary>
    /// <c>latestRoundData()</c> (Chainlink AggregatorV3): <c>updatedAt</c> is the last update, Unix seconds. Feeds that only have
    /// <c>latestAnswer</c> (the devnet's MockPriceFeed, some wrappers) revert: their age is unknown.
    /// </summary>
    public static readonly AbiFunction LatestRoundData = AbiFunction.Parse(
        "latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)");

    /// <summary><c>decimals()</c>: the answer's decimals (8 for USD feeds).</summary>
    public static readonly AbiFunction Decimals = AbiFunction.Parse("decimals() view returns (uint8)");

    /// <summary><c>latestAnswer()</c>: the price in the feed's decimals.</summary>
    public static readonly AbiFunction LatestAnswer = AbiFunction.Parse("latestAnswer() view returns (int256)");
}
