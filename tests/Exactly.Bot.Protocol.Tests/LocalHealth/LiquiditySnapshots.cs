using System.Numerics;
using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Health.Local;

namespace Exactly.Bot.Protocol.Tests.LocalHealth;

/// <summary>One fixed borrow: principal and fee apart (the lib sums them; the book keeps the sum, as the logs give it).</summary>
public sealed record SnapshotFixed(long Maturity, BigInteger Principal, BigInteger Fee);

/// <summary>One market's state at a block and one account's position in it (shares, not assets: as the chain stores them).</summary>
public sealed record SnapshotMarket(
    byte Decimals, BigInteger AdjustFactor, BigInteger Price, BigInteger TotalAssets, BigInteger TotalSupply,
    BigInteger TotalFloatingBorrowAssets, BigInteger TotalFloatingBorrowShares, BigInteger PenaltyRate,
    bool Entered, UInt128 Shares, UInt128 BorrowShares, IReadOnlyList<SnapshotFixed> Fixed);

/// <summary>
/// One account over a set of markets at one block: what <c>accountLiquidity</c> reads. <paramref name="Kind"/> says how it
/// was generated; "overflow" snapshots have a 256-bit product that makes the contracts revert.
/// </summary>
public sealed record LiquiditySnapshot(string Kind, long Timestamp, IReadOnlyList<SnapshotMarket> Markets)
{
    /// <summary>The snapshot as the local engine sees it: a book with the account, the listed markets and their states.</summary>
    public (BigInteger Collateral, BigInteger Debt)? EvaluateLocally()
    {
        var book = new AccountBook();
        var id = book.Intern(new Address(Keccak256.Hash("snapshot account").AsSpan(12)));
        var listed = new List<ListedMarket>();
        var states = new List<MarketState?>();
        for (var i = 0; i < Markets.Count; i++)
        {
            var m = Markets[i];
            listed.Add(new ListedMarket(new Address(Keccak256.Hash($"market {i}").AsSpan(12)), i, m.Decimals, m.AdjustFactor, Address.Zero));
            states.Add(new MarketState(m.TotalAssets, m.TotalSupply, m.TotalFloatingBorrowAssets, m.TotalFloatingBorrowShares, m.PenaltyRate, m.Price));
            book.SetEntered(0, i, id, m.Entered);
            book.AddShares(0, i, id, m.Shares);
            book.AddBorrowShares(0, i, id, m.BorrowShares);
            foreach (var f in m.Fixed)
                book.AddFixed(0, i, id, f.Maturity, f.Principal + f.Fee);
        }

        return LocalLiquidity.Evaluate(book, id, listed, states, Timestamp);
    }

    /// <summary>Input of exactly-lib-liquidity.cjs: integers as decimal strings.</summary>
    public JsonObject ToJson() => new()
    {
        ["timestamp"] = Timestamp,
        ["markets"] = new JsonArray(Markets.Select(m => (JsonNode)new JsonObject
        {
            ["decimals"] = m.Decimals,
            ["adjustFactor"] = m.AdjustFactor.ToString(),
            ["price"] = m.Price.ToString(),
            ["totalAssets"] = m.TotalAssets.ToString(),
            ["totalSupply"] = m.TotalSupply.ToString(),
            ["totalFloatingBorrowAssets"] = m.TotalFloatingBorrowAssets.ToString(),
            ["totalFloatingBorrowShares"] = m.TotalFloatingBorrowShares.ToString(),
            ["penaltyRate"] = m.PenaltyRate.ToString(),
            ["entered"] = m.Entered,
            ["shares"] = m.Shares.ToString(),
            ["borrowShares"] = m.BorrowShares.ToString(),
            ["fixed"] = new JsonArray(m.Fixed.Select(f => (JsonNode)new JsonObject
            {
                ["maturity"] = f.Maturity, ["principal"] = f.Principal.ToString(), ["fee"] = f.Fee.ToString(),
            }).ToArray()),
        }).ToArray()),
    };
}

/// <summary>
/// Seeded generators of reachable snapshots: shares within the supply, borrow shares within the borrowed supply, debt only
/// in entered markets (borrowing enters a market and exiting needs zero debt), fixed borrows before, at and after maturity.
/// </summary>
public sealed class SnapshotGenerator(int seed)
{
    public const long Interval = 4 * 7 * 86_400;
    static readonly BigInteger Wad = BigInteger.Pow(10, 18);
    static readonly byte[] Decimals = [6, 6, 8, 18, 18, 18, 0, 24];

    readonly Random random = new(seed);

    /// <summary>A random account over 1–6 markets, values spread over many magnitudes.</summary>
    public LiquiditySnapshot Random()
    {
        var timestamp = 1_700_000_000L + random.NextInt64(0, 200_000_000);
        var markets = Enumerable.Range(0, random.Next(1, 7)).Select(_ => Market(timestamp)).ToArray();
        return new LiquiditySnapshot("random", timestamp, markets);
    }

    SnapshotMarket Market(long timestamp)
    {
        var decimals = Decimals[random.Next(Decimals.Length)];
        var adjustFactor = random.Next(20) == 0 ? Wad : Between(Wad * 3 / 10, Wad * 95 / 100);
        var price = Magnitude(30) * Between(1, 1_000_000) + Between(0, 999);
        // Below 2^127: the book holds shares in 128 bits (an account beyond that is read from chain, not computed).
        var supply = random.Next(30) == 0 ? BigInteger.Zero : BigInteger.Min(Magnitude(decimals + 12) * Between(1, 1_000_000), BigInteger.One << 127);
        var assets = supply * (Wad + Between(0, Wad / 2)) / Wad + Between(0, 1_000);
        var borrowShares = supply.IsZero || random.Next(10) == 0 ? BigInteger.Zero : Between(1, supply);
        var borrowAssets = borrowShares * (Wad + Between(0, Wad / 3)) / Wad + Between(0, 1_000);
        var penaltyRate = random.Next(10) == 0 ? BigInteger.Zero : Between(1, 20_000_000_000_000);
        var entered = random.Next(10) < 7;
        var shares = supply.IsZero || random.Next(6) == 0 ? BigInteger.Zero : random.Next(20) == 0 ? supply : Between(0, supply);
        var owes = entered && random.Next(2) == 0 && !borrowShares.IsZero;
        var floating = owes ? (random.Next(20) == 0 ? borrowShares : Between(1, borrowShares)) : BigInteger.Zero;
        var fixedBorrows = entered && random.Next(3) == 0 ? FixedBorrows(timestamp, decimals) : [];
        return new SnapshotMarket(decimals, adjustFactor, price, assets, supply, borrowAssets, borrowShares, penaltyRate,
            entered, (UInt128)shares, (UInt128)floating, fixedBorrows);
    }

    /// <summary>Up to four maturities: overdue by up to ~200 days, overdue by 1 s, due exactly now (no penalty yet), ahead.</summary>
    SnapshotFixed[] FixedBorrows(long timestamp, byte decimals)
    {
        var baseMaturity = (timestamp / Interval * Interval) - (Interval * random.Next(0, 7));
        return Enumerable.Range(0, random.Next(1, 5)).Select(k =>
        {
            var maturity = random.Next(8) switch
            {
                0 => timestamp,
                1 => timestamp - 1,
                _ => baseMaturity + (Interval * k),
            };
            var principal = Magnitude(decimals + 6) * Between(1, 1_000);
            return new SnapshotFixed(maturity, principal, principal * Between(0, 300) / 1_000);
        }).DistinctBy(f => f.Maturity).ToArray();
    }

    /// <summary>10^k for a random k ≤ <paramref name="maxExponent"/>.</summary>
    BigInteger Magnitude(int maxExponent) => BigInteger.Pow(10, random.Next(0, maxExponent + 1));

    /// <summary>Uniform in [low, high] (inclusive), any size.</summary>
    public BigInteger Between(BigInteger low, BigInteger high)
    {
        var span = high - low + 1;
        var bytes = new byte[span.GetByteCount(isUnsigned: true) + 8];
        random.NextBytes(bytes);
        return low + (new BigInteger(bytes, isUnsigned: true) % span);
    }
}
