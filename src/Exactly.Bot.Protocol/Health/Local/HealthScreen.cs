using System.Numerics;
using System.Runtime.InteropServices;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>What one screening pass found: exact readings for every account that needed the exact path.</summary>
/// <param name="Exact">Exact (collateral, debt) by account id; an id missing here that was flagged could not be evaluated.</param>
/// <param name="Flagged">Accounts sent to the exact path (touched, near a threshold, side changed, overdue fixed debt).</param>
/// <param name="Screened">Accounts screened in double precision.</param>
public sealed record ScreenResult(IReadOnlyDictionary<int, LiquidityReading> Exact, int Flagged, int Screened);

/// <summary>
/// The per-block pass over every account (HEALTH.md "CPU"): adjusted collateral and debt in double precision from the
/// structure-of-arrays shadows (per market, per block: x = TA/TS·P/u·AF, y = TFBA/TFBS·P/u/AF, z = P/u/AF; SIMD over
/// accounts), then the health factor's place among the alert thresholds. Only accounts touched this block, within a
/// relative band of a threshold, whose place changed, or with overdue fixed debt (penalties are not in the screen) take
/// the exact 256-bit path (<see cref="LocalLiquidity"/>); the place of every other account is certain without it.
/// </summary>
/// <param name="thresholds">Health factor thresholds (WAD), e.g. 1.05e18 and 1e18.</param>
/// <param name="band">Relative distance to a threshold under which the screen defers to exact math (default 1e-9: the
/// double error is ~1e-15 relative, the contract's per-market roundings a few wei).</param>
public sealed class HealthScreen(IReadOnlyList<BigInteger> thresholds, double band = 1e-9)
{
    private readonly double[] levels = thresholds.Select(t => (double)t / 1e18).ToArray();
    private readonly BigInteger[] wadThresholds = [.. thresholds];
    private double slack;
    private byte[] places = [];
    private double[] collateral = [];
    private double[] debt = [];

    /// <summary>Where account <paramref name="id"/>'s health factor sat after the last pass: how many thresholds it is below.</summary>
    public byte Place(int id) => places[id];

    /// <summary>Account <paramref name="id"/>'s adjusted collateral and debt in USD from the last pass, approximate (double precision).</summary>
    public (double Collateral, double Debt) Approximation(int id) => (collateral[id], debt[id]);

    /// <summary>Screens every account of <paramref name="book"/> and evaluates the flagged ones exactly.</summary>
    public ScreenResult Run(AccountBook book, IReadOnlyList<ListedMarket> markets, IReadOnlyList<MarketState?> states, long timestamp, IReadOnlyCollection<int> touched)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(markets);
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(touched);
        var count = book.Count;
        if (places.Length < count)
        {
            Array.Resize(ref places, book.Count);
            collateral = new double[places.Length];
            debt = new double[places.Length];
        }

        var flagged = new HashSet<int>(touched);
        Accumulate(book, markets, states, timestamp, count, flagged);
        var c = collateral.AsSpan(0, count);
        var d = debt.AsSpan(0, count);
        for (var i = 0; i < count; i++)
        {
            var (place, near) = Locate(c[i], d[i]);
            if (near || place != places[i])
            {
                flagged.Add(i);
            }
        }

        var exact = new Dictionary<int, LiquidityReading>(flagged.Count);
        foreach (var id in flagged)
        {
            if (book.IsUntrusted(id))
            {
                continue;
            }

            if (LocalLiquidity.Evaluate(book, id, markets, states, timestamp) is { } value)
            {
                exact[id] = new LiquidityReading(book.AddressOf(id), value.Collateral, value.Debt);
                places[id] = Place(value.Collateral, value.Debt);
            }
        }

        return new ScreenResult(exact, flagged.Count, count);
    }

    /// <summary>c = Σ collateral shares·x, d = Σ borrow shares·y + fixed·z over markets, four or eight accounts per instruction.</summary>
    private void Accumulate(AccountBook book, IReadOnlyList<ListedMarket> markets, IReadOnlyList<MarketState?> states, long timestamp, int count, HashSet<int> flagged)
    {
        var c = collateral.AsSpan(0, count);
        var d = debt.AsSpan(0, count);
        c.Clear();
        d.Clear();
        slack = 1e-15;
        var factors = new List<(MarketColumn Column, double X, double Y, double Z)>();
        for (var m = 0; m < book.MarketCount && m < markets.Count; m++)
        {
            var column = book.Column(m);
            foreach (var (id, _) in column.Fixed)
            {
                if (column.EarliestMaturity(id) < timestamp)
                {
                    flagged.Add(id);
                }
            }

            if (m >= states.Count || states[m] is not { Price: { } price } state)
            {
                // No state or no price: every account entered here goes to the exact path (which reports "cannot evaluate").
                for (var i = 0; i < count; i++)
                {
                    if (((book.Entered(i) >> m) & 1) != 0)
                    {
                        flagged.Add(i);
                    }
                }

                continue;
            }

            var unit = (double)price / 1e18 / (double)markets[m].BaseUnit;
            var adjust = (double)markets[m].AdjustFactor / 1e18;
            var x = (state.TotalSupply.IsZero ? 1 : (double)state.TotalAssets / (double)state.TotalSupply) * unit * adjust;
            var y = (state.TotalFloatingBorrowShares.IsZero ? 1 : (double)state.TotalFloatingBorrowAssets / (double)state.TotalFloatingBorrowShares) * unit / adjust;
            slack += 4 * Math.Max(unit, 1e-18) * (1 + (1 / adjust));
            factors.Add((column, x, y, unit / adjust));
        }

        // Cache-sized slices: each market's arrays stream once and the sums stay in L1 (memory bandwidth, not arithmetic,
        // bounds this pass).
        const int Slice = 2048;
        for (var start = 0; start < count; start += Slice)
        {
            var length = Math.Min(Slice, count - start);
            var cs = c.Slice(start, length);
            var ds = d.Slice(start, length);
            foreach (var (column, x, y, z) in factors)
            {
                MultiplyAdd(cs, column.CollateralSharesD.AsSpan(start, length), x);
                MultiplyAdd(ds, column.BorrowSharesD.AsSpan(start, length), y);
                if (column.Fixed.Count > 0)
                {
                    MultiplyAdd(ds, column.FixedD.AsSpan(start, length), z);
                }
            }
        }
    }

    private static void MultiplyAdd(Span<double> sum, ReadOnlySpan<double> values, double factor)
    {
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(sum);
        var sources = MemoryMarshal.Cast<double, Vector<double>>(values);
        var f = new Vector<double>(factor);
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] += sources[i] * f;
        }

        for (var i = vectors.Length * Vector<double>.Count; i < sum.Length; i++)
        {
            sum[i] += values[i] * factor;
        }
    }

    /// <summary>
    /// How many thresholds c/d is below, and whether c is within the band of θ·d for any threshold θ: relative (double error)
    /// plus absolute (the contract floors shares to assets and rounds per market: up to one asset unit, <see cref="slack"/>).
    /// </summary>
    private (byte Place, bool Near) Locate(double c, double d)
    {
        byte place = 0;
        var near = false;
        foreach (var level in levels)
        {
            var target = level * d;
            near |= Math.Abs(c - target) <= (band * target) + slack;
            if (c < target)
            {
                place++;
            }
        }

        return (place, near);
    }

    /// <summary>The exact place: how many thresholds the exact health factor is below (collateral &lt; θ·debt).</summary>
    private byte Place(BigInteger collateral, BigInteger debt)
    {
        byte place = 0;
        foreach (var threshold in wadThresholds)
        {
            if (collateral * Units.Wad < threshold * debt)
            {
                place++;
            }
        }

        return place;
    }
}
