using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Protocol.Quotes;

/// <summary>
/// Uniswap V3 pool math the cross-asset DebtManager (0.2.15) relies on: the pool address (CREATE2 with v3-core 1.0.1's init
/// code hash, as DebtManager's <c>PoolAddress</c> computes it), token order, and the <c>sqrtPriceLimitX96</c> for a slippage.
/// </summary>
public static class UniswapPool
{
    /// <summary>v3-core 1.0.1's pool init code hash (the constant in DebtManager's <c>PoolAddress</c>).</summary>
    public static readonly byte[] InitCodeHash = Hex.Decode("0xe34f199b19b2b4f47f68442619d555527d244f78a3297ea89325f843f87b8b54");

    /// <summary><c>slot0()</c>: current sqrt price (Q64.96) and tick.</summary>
    public static readonly AbiFunction Slot0 = AbiFunction.Parse(
        "slot0() view returns (uint160 sqrtPriceX96, int24 tick, uint16 observationIndex, uint16 observationCardinality, uint16 observationCardinalityNext, uint8 feeProtocol, bool unlocked)");

    /// <summary>The fee tiers Uniswap V3 enables by default, in hundredths of a bip (500 = 0.05 %).</summary>
    public static readonly IReadOnlyList<int> FeeTiers = [100, 500, 3000, 10000];

    /// <summary>TickMath.MIN_SQRT_RATIO and MAX_SQRT_RATIO.</summary>
    public static readonly BigInteger MinSqrtRatio = 4_295_128_739, MaxSqrtRatio = BigInteger.Parse("1461446703485210103287273052203988822378723970342", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True when <paramref name="a"/> sorts before <paramref name="b"/> (is token0).</summary>
    public static bool IsToken0(Address a, Address b) => a.Bytes.SequenceCompareTo(b.Bytes) < 0;

    /// <summary>The pool of two tokens at <paramref name="fee"/>, computed like <c>PoolAddress.computeAddress</c>.</summary>
    public static Address Compute(Address factory, Address tokenA, Address tokenB, int fee)
    {
        var (token0, token1) = IsToken0(tokenA, tokenB) ? (tokenA, tokenB) : (tokenB, tokenA);
        var salt = Keccak256.Hash(AbiEncoder.Encode([AbiType.Parse("address"), AbiType.Parse("address"), AbiType.Parse("uint24")], [token0, token1, fee]));
        byte[] data = [0xff, .. factory.Bytes, .. salt, .. InitCodeHash];
        return new Address(Keccak256.Hash(data).AsSpan(12));
    }

    /// <summary>
    /// The price limit for a swap that moves the price against the trader by at most <paramref name="slippageWad"/> (WAD,
    /// 0.01e18 = 1 %): selling token0 (<paramref name="zeroForOne"/>) lowers sqrtP, so the limit is sqrtP·√(1 − s);
    /// otherwise sqrtP·√(1 + s). Clamped inside (MIN_SQRT_RATIO, MAX_SQRT_RATIO).
    /// </summary>
    public static BigInteger PriceLimit(BigInteger sqrtPriceX96, bool zeroForOne, BigInteger slippageWad)
    {
        var factor = zeroForOne ? Units.Wad - slippageWad : Units.Wad + slippageWad;
        var limit = sqrtPriceX96 * Sqrt(factor * Units.Wad) / Units.Wad;
        return BigInteger.Clamp(limit, MinSqrtRatio + 1, MaxSqrtRatio - 1);
    }

    /// <summary>
    /// The price limit for selling <paramref name="sold"/> for <paramref name="bought"/> at most <paramref name="slippageWad"/> worse
    /// than the pool's price AND than the oracle's (prices in USD WAD per whole token, as the Auditor's feeds give them): the tighter
    /// of the two. A pool pushed away from the oracle (a sandwich, a thin pool) cannot widen what the swap may pay; when the pool
    /// is already beyond the oracle's limit, the swap reverts instead (Uniswap's <c>SPL</c>), so the simulation refuses it.
    /// </summary>
    public static BigInteger OracleBoundedLimit(
        BigInteger sqrtPriceX96, MarketAsset sold, MarketAsset bought, BigInteger slippageWad)
    {
        ArgumentNullException.ThrowIfNull(sold);
        ArgumentNullException.ThrowIfNull(bought);
        var zeroForOne = IsToken0(sold.Asset, bought.Asset);
        var (token0, token1) = zeroForOne ? (sold, bought) : (bought, sold);
        // Pool price = token1 raw units per token0 raw unit = (p0 / 10^d0) / (p1 / 10^d1); sqrtPriceX96 = √price · 2^96.
        var oracle = Sqrt((token0.PriceWad * BigInteger.Pow(10, token1.Decimals) << 192) / (token1.PriceWad * BigInteger.Pow(10, token0.Decimals)));
        var (pool, fromOracle) = (PriceLimit(sqrtPriceX96, zeroForOne, slippageWad), PriceLimit(oracle, zeroForOne, slippageWad));
        return zeroForOne ? BigInteger.Max(pool, fromOracle) : BigInteger.Min(pool, fromOracle);
    }

    /// <summary>Price of token0 in token1 (raw units) as WAD: (sqrtP / 2^96)^2 · 1e18.</summary>
    public static BigInteger PriceWad(BigInteger sqrtPriceX96) => sqrtPriceX96 * sqrtPriceX96 * Units.Wad >> 192;

    private static BigInteger Sqrt(BigInteger n)
    {
        if (n < 2)
        {
            return n;
        }

        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + (n / x)) >> 1;
            if (y >= x)
            {
                return x;
            }

            x = y;
        }
    }
}

/// <summary>One side of a swap for <see cref="UniswapPool.OracleBoundedLimit"/>: the token, its oracle price (USD WAD per whole token) and decimals.</summary>
/// <param name="Asset">The ERC-20 token.</param>
/// <param name="PriceWad">The Auditor's oracle price, USD WAD per whole token.</param>
/// <param name="Decimals">The token's decimals.</param>
public sealed record MarketAsset(Address Asset, BigInteger PriceWad, int Decimals);
