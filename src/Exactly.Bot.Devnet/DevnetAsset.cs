using System.Numerics;

namespace Exactly.Bot.Devnet;

/// <summary>One asset the devnet lists: its mock token, price, risk settings and seed amounts.</summary>
/// <param name="Symbol">Token symbol (the market's is <c>exa</c> + this).</param>
/// <param name="Name">Token name, as on Optimism.</param>
/// <param name="Decimals">Token decimals.</param>
/// <param name="PriceUsd">Starting USD price (the feed has 8 decimals).</param>
/// <param name="AdjustFactor">Auditor adjust factor, from the package's hardhat config.</param>
/// <param name="LenderLiquidity">Whole tokens a lender deposits into the market.</param>
/// <param name="VaultLiquidity">Whole tokens minted to the mock Balancer vault for flash loans.</param>
/// <param name="DemoBalance">Whole tokens minted to the demo wallet.</param>
sealed record DevnetAsset(string Symbol, string Name, int Decimals, decimal PriceUsd, decimal AdjustFactor, int LenderLiquidity, int VaultLiquidity, int DemoBalance)
{
    /// <summary>USDC, WETH, wstETH, listed in this order (market deployment order, hence addresses, follows it).</summary>
    public static IReadOnlyList<DevnetAsset> All { get; } =
    [
        new("USDC", "USD Coin", 6, 1m, 0.91m, 1_000_000, 10_000_000, 10_000),
        new("WETH", "Wrapped Ether", 18, 3_000m, 0.86m, 1_000, 10_000, 10),
        new("wstETH", "Wrapped liquid staked Ether 2.0", 18, 3_500m, 0.82m, 1_000, 10_000, 10),
    ];

    /// <summary><paramref name="amount"/> whole tokens in smallest units.</summary>
    public BigInteger Units(decimal amount) => Scale(amount, Decimals);

    /// <summary>A decimal scaled to an integer with <paramref name="decimals"/> decimals (exact for the values used here).</summary>
    public static BigInteger Scale(decimal amount, int decimals)
    {
        var scaled = amount;
        var remaining = decimals;
        // Scale in decimal while it stays exact and in range, then finish in BigInteger.
        while (remaining > 0 && decimal.Truncate(scaled) != scaled)
        {
            scaled *= 10;
            remaining--;
        }
        if (decimal.Truncate(scaled) != scaled)
            throw new ArgumentException($"{amount} has more than {decimals} decimals.", nameof(amount));
        return new BigInteger(scaled) * BigInteger.Pow(10, remaining);
    }
}
