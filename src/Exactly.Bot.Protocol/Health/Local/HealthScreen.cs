using System.Numerics;
using System.Runtime.CompilerServices;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>What one screening pass found: exact readings for every account that needed the exact path.</summary>
/// <param name="Exact">Exact (collateral, debt) by account id; an id missing here that was flagged could not be evaluated.</param>
/// <param name="Flagged">Accounts sent to the exact path (touched, near a threshold, side changed, overdue fixed debt).</param>
/// <param name="Screened">Accounts screened in double precision.</param>
/// <param name="Wide">Flagged accounts a value of which left 128 bits (evaluated in BigInteger).</param>
public sealed record ScreenResult(IReadOnlyDictionary<int, LiquidityReading> Exact, int Flagged, int Screened, int Wide = 0);

/// <summary>
/// The per-block pass over every account (HEALTH.md "CPU"): adjusted collateral and debt in double precision from the
/// structure-of-arrays shadows (per market, per block: x = TA/TS·P/u·AF, y = TFBA/TFBS·P/u/AF, z = P/u/AF; SIMD over
/// accounts), then the health factor's place among the alert thresholds. Only accounts touched this block, within a
/// relative band of a threshold, whose place changed, or with overdue fixed debt (penalties are not in the screen) take
/// the exact 256-bit path (<see cref="LocalLiquidity"/>, UInt128 first); the place of every other account is certain
/// without it. The three steps are public so a caller (the bench harness) can time them apart:
/// <see cref="Rescale"/>, <see cref="Flag"/>, <see cref="Evaluate"/>; <see cref="Run"/> does all three.
/// </summary>
/// <param name="thresholds">Health factor thresholds (WAD), e.g. 1.05e18 and 1e18.</param>
/// <param name="band">Relative distance to a threshold under which the screen defers to exact math (default 1e-9: the
/// double error is ~1e-15 relative, the contract's per-market roundings a few wei).</param>
public sealed partial class HealthScreen(IReadOnlyList<BigInteger> thresholds, double band = 1e-9)
{
    private readonly double[] levels = thresholds.Select(t => (double)t / 1e18).ToArray();
    private readonly BigInteger[] wadThresholds = [.. thresholds];
    private readonly UInt128?[] thresholds128 = thresholds.Select(t => t.Sign >= 0 && t <= UInt128.MaxValue ? (UInt128?)(UInt128)t : null).ToArray();
    private byte[] places = [];
    private bool[] marks = [];

    /// <summary>Where account <paramref name="id"/>'s health factor sat after the last pass: how many thresholds it is below.</summary>
    public byte Place(int id) => places[id];

    /// <summary>Screens every account of <paramref name="book"/> and evaluates the flagged ones exactly.</summary>
    public ScreenResult Run(AccountBook book, IReadOnlyList<ListedMarket> markets, IReadOnlyList<MarketState?> states, long timestamp, IReadOnlyCollection<int> touched)
    {
        var scale = last = Rescale(book, markets, states, timestamp);
        return Evaluate(book, scale, Flag(book, scale, touched));
    }

    /// <summary>
    /// The block's per-market factors (x, y, z above) and exact terms: O(markets), whatever the number of accounts. A price
    /// or index move changes only these; the accounts' inputs change only when a log touches them.
    /// </summary>
    public static ScreenScale Rescale(AccountBook book, IReadOnlyList<ListedMarket> markets, IReadOnlyList<MarketState?> states, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(book);
        var terms = new LocalLiquidityTerms(markets, states, timestamp);
        var streams = new List<ScreenStream>();
        var unpriced = new List<int>();
        var slack = 1e-15;
        for (var m = 0; m < book.MarketCount && m < markets.Count; m++)
        {
            var column = book.Column(m);
            if (m >= states.Count || states[m] is not { Price: { } price } state)
            {
                unpriced.Add(m);
                continue;
            }

            var unit = (double)price / 1e18 / (double)markets[m].BaseUnit;
            var adjust = (double)markets[m].AdjustFactor / 1e18;
            var x = (state.TotalSupply.IsZero ? 1 : (double)state.TotalAssets / (double)state.TotalSupply) * unit * adjust;
            var y = (state.TotalFloatingBorrowShares.IsZero ? 1 : (double)state.TotalFloatingBorrowAssets / (double)state.TotalFloatingBorrowShares) * unit / adjust;
            // The contract floors shares to assets and rounds per market: up to a few asset units per market, absolute.
            slack += 4 * Math.Max(unit, 1e-18) * (1 + (1 / adjust));
            if (column.CollateralHolders > 0)
            {
                streams.Add(new ScreenStream(column.CollateralSharesD, x, Debt: false));
            }

            if (column.Borrowers > 0)
            {
                streams.Add(new ScreenStream(column.BorrowSharesD, y, Debt: true));
            }

            if (column.Fixed.Count > 0)
            {
                streams.Add(new ScreenStream(column.FixedD, unit / adjust, Debt: true));
            }
        }

        return new ScreenScale(terms, streams, unpriced, slack);
    }

    /// <summary>
    /// The accounts the exact path must see: <paramref name="touched"/>, entered in a market without a price, overdue fixed
    /// debt, and every account whose screened place differs from its last exact place or sits within the band of a threshold.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IReadOnlyList<int> Flag(AccountBook book, ScreenScale scale, IReadOnlyCollection<int> touched)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(touched);
        var count = book.Count;
        if (places.Length < count)
        {
            var size = Math.Max(count, places.Length * 2);
            Array.Resize(ref places, size);
            Array.Resize(ref marks, size);
        }

        var flagged = new List<int>(touched.Count + 1024);
        foreach (var id in touched)
        {
            Mark(flagged, id);
        }

        FlagUnscreened(book, scale, flagged);
        Screen(scale, count, flagged);
        foreach (var id in flagged)
        {
            marks[id] = false;
        }

        return flagged;
    }

    /// <summary>The exact path for <paramref name="flagged"/>: UInt128, BigInteger where a value leaves 128 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ScreenResult Evaluate(AccountBook book, ScreenScale scale, IReadOnlyList<int> flagged)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(flagged);
        var exact = new ExactReadings(book, flagged.Count);
        var wide = 0;
        foreach (var id in flagged)
        {
            if (book.IsUntrusted(id))
            {
                continue;
            }

            switch (LocalLiquidity.TryEvaluate(book, id, scale.Terms, out var collateral, out var debt))
            {
                case LocalLiquidity.Outcome.Value:
                    exact.Add(id, collateral, debt);
                    places[id] = Place(collateral, debt);
                    break;
                case LocalLiquidity.Outcome.Wider:
                    wide++;
                    if (LocalLiquidity.EvaluateWide(book, id, scale.Terms.Markets, scale.Terms.States, scale.Terms.Timestamp) is { } value)
                    {
                        exact.Add(id, value.Collateral, value.Debt);
                        places[id] = Place(value.Collateral, value.Debt);
                    }

                    break;
            }
        }

        return new ScreenResult(exact, flagged.Count, book.Count, wide);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FlagUnscreened(AccountBook book, ScreenScale scale, List<int> flagged)
    {
        for (var m = 0; m < book.MarketCount; m++)
        {
            var column = book.Column(m);
            if (column.AnyMaturityBefore(scale.Terms.Timestamp))
            {
                foreach (var (id, _) in column.Fixed)
                {
                    if (column.EarliestMaturity(id) < scale.Terms.Timestamp)
                    {
                        Mark(flagged, id);
                    }
                }
            }
        }

        foreach (var m in scale.Unpriced)
        {
            // No state or no price: every account entered here goes to the exact path (which reports "cannot evaluate").
            for (var i = 0; i < book.Count; i++)
            {
                if (((book.Entered(i) >> m) & 1) != 0)
                {
                    Mark(flagged, i);
                }
            }
        }
    }

    private void Mark(List<int> flagged, int id)
    {
        if (!marks[id])
        {
            marks[id] = true;
            flagged.Add(id);
        }
    }

    /// <summary>The exact place: how many thresholds the exact health factor is below (collateral·1e18 &lt; θ·debt).</summary>
    private byte Place(UInt128 collateral, UInt128 debt)
    {
        byte place = 0;
        for (var i = 0; i < thresholds128.Length; i++)
        {
            if (thresholds128[i] is { } threshold ? ExactMath128.ProductLess(collateral, ExactMath128.Wad, threshold, debt)
                : collateral * Units.Wad < wadThresholds[i] * (BigInteger)debt)
            {
                place++;
            }
        }

        return place;
    }

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

/// <summary>One array the screen streams: an account-indexed shadow times a per-block factor, into collateral or debt.</summary>
internal readonly record struct ScreenStream(double[] Values, double Factor, bool Debt);

/// <summary>A block's factors for the screen (<see cref="HealthScreen.Rescale"/>).</summary>
public sealed class ScreenScale
{
    internal ScreenScale(LocalLiquidityTerms terms, List<ScreenStream> streams, List<int> unpriced, double slack) =>
        (Terms, Streams, Unpriced, Slack) = (terms, streams, unpriced, slack);

    /// <summary>The exact terms of the block.</summary>
    public LocalLiquidityTerms Terms { get; }

    /// <summary>Absolute tolerance (USD) added to the relative band: the contract's per-market roundings.</summary>
    public double Slack { get; }

    internal List<ScreenStream> Streams { get; }

    internal List<int> Unpriced { get; }
}
