namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>
/// One market's account values, indexed by account id: exact values and the <see cref="double"/> shadows the screen reads
/// (in the same units, rounded), so the per-block pass over a million accounts touches only flat arrays.
/// </summary>
internal sealed class MarketColumn(int capacity)
{
    public UInt128[] Shares { get; private set; } = new UInt128[capacity];

    public UInt128[] BorrowShares { get; private set; } = new UInt128[capacity];

    public double[] SharesD { get; private set; } = new double[capacity];

    public double[] BorrowSharesD { get; private set; } = new double[capacity];

    /// <summary>Deposit shares that count as collateral: the shares when the market is entered, else 0 (branch-free screen).</summary>
    public double[] CollateralSharesD { get; private set; } = new double[capacity];

    /// <summary>Sum of fixed borrows (principal + fee, no penalty), asset units.</summary>
    public double[] FixedD { get; private set; } = new double[capacity];

    /// <summary>Fixed borrows by account, then maturity (only accounts that hold one).</summary>
    public Dictionary<int, SortedDictionary<long, UInt128>> Fixed { get; } = [];

    /// <summary>The earliest maturity each fixed borrower holds (penalties start there).</summary>
    public long EarliestMaturity(int id) => Fixed.TryGetValue(id, out var positions) && positions.Count > 0 ? positions.Keys.First() : long.MaxValue;

    public UInt128 FixedAt(int id, long maturity) =>
        Fixed.TryGetValue(id, out var positions) && positions.TryGetValue(maturity, out var value) ? value : UInt128.Zero;

    public void SetShares(int id, UInt128 value, bool entered)
    {
        Shares[id] = value;
        SharesD[id] = (double)value;
        CollateralSharesD[id] = entered ? SharesD[id] : 0;
    }

    public void SetEntered(int id, bool entered) => CollateralSharesD[id] = entered ? SharesD[id] : 0;

    public void SetBorrowShares(int id, UInt128 value)
    {
        BorrowShares[id] = value;
        BorrowSharesD[id] = (double)value;
    }

    public void SetFixed(int id, long maturity, UInt128 value)
    {
        if (!Fixed.TryGetValue(id, out var positions))
        {
            positions = [];
            Fixed[id] = positions;
        }

        if (value == UInt128.Zero)
        {
            positions.Remove(maturity);
        }
        else
        {
            positions[maturity] = value;
        }

        if (positions.Count == 0)
        {
            Fixed.Remove(id);
        }

        FixedD[id] = positions.Values.Sum(v => (double)v);
    }

    public void Grow(int size)
    {
        Shares = Resize(Shares, size);
        BorrowShares = Resize(BorrowShares, size);
        SharesD = Resize(SharesD, size);
        BorrowSharesD = Resize(BorrowSharesD, size);
        CollateralSharesD = Resize(CollateralSharesD, size);
        FixedD = Resize(FixedD, size);
    }

    private static T[] Resize<T>(T[] array, int size)
    {
        var copy = array;
        Array.Resize(ref copy, size);
        return copy;
    }
}
