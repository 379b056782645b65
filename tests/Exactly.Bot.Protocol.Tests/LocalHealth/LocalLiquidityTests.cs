using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Health.Local;

namespace Exactly.Bot.Protocol.Tests.LocalHealth;

/// <summary>
/// The UInt128 path of <see cref="LocalLiquidity"/> against its BigInteger steps, and the SIMD screen against the exact
/// places, on random books: every account, every block.
/// </summary>
public sealed class LocalLiquidityTests
{
    const long Maturity = 1_800_000_000;
    static readonly BigInteger Wad = BigInteger.Pow(10, 18);

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    public void Evaluate_RandomBooksAndStates_EqualsTheBigIntegerSteps(int seed, bool extreme)
    {
        var random = new Random(seed);
        var book = Book(random, 600, extreme);
        var (values, nulls) = (0, 0);
        for (var round = 0; round < 20; round++)
        {
            var (markets, states) = Markets(random, extreme);
            var timestamp = Maturity - 1_000 + random.Next(2_000_000);
            var terms = new LocalLiquidityTerms(markets, states, timestamp);
            for (var id = 0; id < book.Count; id++)
            {
                var wide = LocalLiquidity.EvaluateWide(book, id, markets, states, timestamp);
                Assert.Equal(wide, LocalLiquidity.Evaluate(book, id, terms));
                Assert.Equal(wide, LocalLiquidity.Evaluate(book, id, markets, states, timestamp));
                (values, nulls) = wide is null ? (values, nulls + 1) : (values + 1, nulls);
            }
        }

        // Values, and with extreme values or a reverted price also "cannot evaluate".
        Assert.True(values > 1_000 && (nulls > 0) == extreme, $"{values} values, {nulls} cannot evaluate");
    }

    [Fact]
    public void Evaluate_StateValuesBeyond128Bits_FallsBackToTheBigIntegerSteps()
    {
        var book = new AccountBook();
        var id = book.Intern(new Address(new byte[19].Append((byte)1).ToArray()));
        book.AddShares(1, 0, id, BigInteger.Pow(10, 10));
        book.AddBorrowShares(1, 0, id, BigInteger.Pow(10, 20));
        book.SetEntered(1, 0, id, true);
        var markets = new[] { new ListedMarket(Address.Zero, 0, 18, Wad * 9 / 10, Address.Zero) };
        // totalAssets 2^200 (beyond UInt128), supply 10^31: assets = 10^10·2^200/10^31 ≈ 2^130; every product fits 256 bits.
        MarketState?[] states = [new(BigInteger.One << 200, BigInteger.Pow(10, 31), Wad, Wad, 0, Wad)];
        var expected = LocalLiquidity.EvaluateWide(book, id, markets, states, Maturity);
        Assert.NotNull(expected);
        Assert.Equal(expected, LocalLiquidity.Evaluate(book, id, new LocalLiquidityTerms(markets, states, Maturity)));
        // A product beyond 256 bits: accountLiquidity reverts, both paths say "cannot evaluate".
        states = [new(BigInteger.One << 250, 1, Wad, Wad, 0, Wad)];
        Assert.Null(LocalLiquidity.Evaluate(book, id, new LocalLiquidityTerms(markets, states, Maturity)));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void HealthScreen_RandomPriceMovesAndTouches_EveryPlaceEqualsTheExactPlace(int seed)
    {
        var random = new Random(seed);
        var book = Book(random, 5_003, extreme: false);
        BigInteger[] thresholds = [Wad, Wad * 105 / 100, Wad * 125 / 100];
        var screen = new HealthScreen(thresholds);
        var (markets, states) = Markets(random, extreme: false);
        var flagged = 0;
        for (var block = 2; block < 40; block++)
        {
            // A price moves up to ±3%, and a few accounts change (their screen inputs move with the logs).
            var m = random.Next(states.Length);
            states[m] = states[m]! with { Price = states[m]!.Price * (970 + random.Next(61)) / 1_000 };
            for (var i = 0; i < 20; i++)
                book.AddShares(block, random.Next(3), random.Next(book.Count), -BigInteger.One);
            var timestamp = Maturity - 100_000 + (block * 10_000);
            var result = screen.Run(book, markets, states, timestamp, book.TakeTouched());
            flagged += result.Flagged;
            var terms = new LocalLiquidityTerms(markets, states, timestamp);
            for (var id = 0; id < book.Count; id++)
            {
                if (!book.IsUntrusted(id) && LocalLiquidity.Evaluate(book, id, terms) is { } exact)
                    Assert.Equal(thresholds.Count(t => exact.Collateral * Wad < t * exact.Debt), screen.Place(id));
            }
        }

        // The screen sent only part of the book to the exact path (overdue fixed borrowers, a third here, go every block).
        Assert.InRange(flagged, 1, 38 * book.Count * 3 / 4);
    }

    [Fact]
    public void HealthScreen_ExactPathOfEveryAccount_ReadingsEqualTheExactStepsWithoutAnObjectPerAccount()
    {
        var random = new Random(7);
        var book = Book(random, 5_003, extreme: false);
        var screen = new HealthScreen([Wad, Wad * 105 / 100, Wad * 125 / 100]);
        // 18-decimal markets: these amounts then stay within 128 bits (the BigInteger steps, which allocate, are not this path).
        var markets = Enumerable.Range(0, 3).Select(i => new ListedMarket(Address.Zero, i, 18, Wad * (91 - (5 * i)) / 100, Address.Zero)).ToArray();
        var states = Markets(random, extreme: false).States;
        var scale = HealthScreen.Rescale(book, markets, states, Maturity);
        // The first pass sends about half of these accounts to the exact path (no place is known yet); warm the path up on it.
        var flagged = screen.Flag(book, scale, []);
        screen.Evaluate(book, scale, flagged);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = screen.Evaluate(book, scale, flagged);
        var perAccount = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)flagged.Count;

        // Kept as values, a reading made when asked (a reading, an address and two BigIntegers cost ~240 bytes an account),
        // fixed borrows read by index (a SortedDictionary walk allocated its stack per account and market).
        Assert.InRange(flagged.Count, 1_000, book.Count);
        Assert.Equal(0, result.Wide);
        Assert.InRange(perAccount, 0, 100);
        var terms = new LocalLiquidityTerms(markets, states, Maturity);
        var evaluated = 0;
        foreach (var id in flagged)
        {
            var expected = book.IsUntrusted(id) ? null : LocalLiquidity.Evaluate(book, id, terms);
            Assert.Equal(expected is null ? null : new LiquidityReading(book.AddressOf(id), expected.Value.Collateral, expected.Value.Debt), result.Exact.GetValueOrDefault(id));
            evaluated += expected is null ? 0 : 1;
        }

        Assert.Equal(evaluated, result.Exact.Count);
    }

    static AccountBook Book(Random random, int accounts, bool extreme)
    {
        var book = new AccountBook();
        for (var i = 0; i < accounts; i++)
        {
            var id = book.Intern(new Address(BitConverter.GetBytes(i).Concat(new byte[16]).ToArray()));
            for (var m = 0; m < 3; m++)
            {
                if (random.Next(3) > 0)
                    book.AddShares(1, m, id, Amount(random, extreme));
                if (random.Next(3) == 0)
                    book.AddBorrowShares(1, m, id, Amount(random, extreme) / (2 + random.Next(4)));
                if (random.Next(6) == 0)
                    book.AddFixed(1, m, id, Maturity + (random.Next(-2, 3) * 2_419_200L), Amount(random, extreme) / 5);
                if (random.Next(4) > 0)
                    book.SetEntered(1, m, id, true);
            }
        }

        book.TakeTouched();
        return book;
    }

    static (ListedMarket[] Markets, MarketState?[] States) Markets(Random random, bool extreme)
    {
        var markets = new[]
        {
            new ListedMarket(Address.Zero, 0, 6, Wad * 91 / 100, Address.Zero),
            new ListedMarket(Address.Zero, 1, 18, Wad * 86 / 100, Address.Zero),
            new ListedMarket(Address.Zero, 2, 8, Wad * 82 / 100, Address.Zero),
        };
        var states = markets.Select(m => (MarketState?)new MarketState(
            Amount(random, extreme) * 3, random.Next(20) == 0 ? 0 : Amount(random, extreme) * 3, Amount(random, extreme),
            random.Next(20) == 0 ? 0 : Amount(random, extreme), random.Next(100_000_000),
            extreme && random.Next(10) == 0 ? null : Wad * random.Next(1, 4_000) / (m.Index == 0 ? 1 : 1 + random.Next(3)))).ToArray();
        return (markets, states);
    }

    /// <summary>Realistic sizes (up to 10^27), or with <paramref name="extreme"/> also values near 2^128 and past it.</summary>
    static BigInteger Amount(Random random, bool extreme) =>
        extreme && random.Next(8) == 0 ? (BigInteger.One << (120 + random.Next(20))) + random.Next()
        : new BigInteger(random.NextInt64(1, long.MaxValue)) * BigInteger.Pow(10, random.Next(10));
}
