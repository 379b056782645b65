namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>
/// One market's account values, indexed by account id: exact values and the <see cref="double"/> shadows the screen reads
/// (in the same units, rounded), so the per-block pass over a million accounts touches only flat arrays. Counts of non-zero
/// shadows let the screen skip a stream that holds nothing (a market nobody borrows from), and the maturities held tell it
/// in O(maturities) whether any fixed borrow is overdue.
/// </summary>
internal sealed class MarketColumn(int capacity)
{
    private readonly Dictionary<long, int> maturities = [];

    public UInt128[] Shares { get; private set; } = new UInt128[capacity];

    public UInt128[] BorrowShares { get; private set; } = new UInt128[capacity];

    public double[] BorrowSharesD { get; private set; } = new double[capacity];

    /// <summary>Deposit shares that count as collateral: the shares when the market is entered, else 0 (branch-free screen).</summary>
    public double[] CollateralSharesD { get; private set; } = new double[capacity];

    /// <summary>Sum of fixed borrows (principal + fee, no penalty), asset units.</summary>
    public double[] FixedD { get; private set; } = new double[capacity];

    /// <summary>Accounts with non-zero <see cref="CollateralSharesD"/>.</summary>
    public int CollateralHolders { get; private set; }

    /// <summary>Accounts with non-zero <see cref="BorrowSharesD"/>.</summary>
    public int Borrowers { get; private set; }

    /// <summary>Fixed borrows by account, then maturity (only accounts that hold one).</summary>
    /// <remarks>A sorted list, not a SortedDictionary: an account holds a few maturities, and the exact path reads them by
    /// index every block without allocating (a SortedDictionary enumerator allocates a stack on every walk).</remarks>
    public Dictionary<int, SortedList<long, UInt128>> Fixed { get; } = [];

    /// <summary>The earliest maturity each fixed borrower holds (penalties start there).</summary>
    public long EarliestMaturity(int id) => Fixed.TryGetValue(id, out var positions) && positions.Count > 0 ? positions.Keys[0] : long.MaxValue;

    /// <summary>True when some account holds a fixed borrow whose maturity is before <paramref name="timestamp"/>.</summary>
    public bool AnyMaturityBefore(long timestamp)
    {
        foreach (var maturity in maturities.Keys)
        {
            if (maturity < timestamp)
            {
                return true;
            }
        }

        return false;
    }

    public UInt128 FixedAt(int id, long maturity) =>
        Fixed.TryGetValue(id, out var positions) && positions.TryGetValue(maturity, out var value) ? value : UInt128.Zero;

    public void SetShares(int id, UInt128 value, bool entered)
    {
        Shares[id] = value;
        SetEntered(id, entered);
    }

    public void SetEntered(int id, bool entered) => CollateralHolders += Set(CollateralSharesD, id, entered ? (double)Shares[id] : 0);

    public void SetBorrowShares(int id, UInt128 value)
    {
        BorrowShares[id] = value;
        Borrowers += Set(BorrowSharesD, id, (double)value);
    }

    public void SetFixed(int id, long maturity, UInt128 value)
    {
        if (!Fixed.TryGetValue(id, out var positions))
        {
            positions = [];
            Fixed[id] = positions;
        }

        var held = positions.ContainsKey(maturity);
        if (value == UInt128.Zero)
        {
            positions.Remove(maturity);
        }
        else
        {
            positions[maturity] = value;
        }

        var count = maturities.GetValueOrDefault(maturity) + (value != UInt128.Zero ? 1 : 0) - (held ? 1 : 0);
        if (count == 0)
        {
            maturities.Remove(maturity);
        }
        else
        {
            maturities[maturity] = count;
        }

        if (positions.Count == 0)
        {
            Fixed.Remove(id);
        }

        var sum = 0.0;
        for (var i = 0; i < positions.Count; i++)
        {
            sum += (double)positions.Values[i];
        }

        FixedD[id] = sum;
    }

    public void Grow(int size)
    {
        Shares = Resize(Shares, size);
        BorrowShares = Resize(BorrowShares, size);
        BorrowSharesD = Resize(BorrowSharesD, size);
        CollateralSharesD = Resize(CollateralSharesD, size);
        FixedD = Resize(FixedD, size);
    }

    /// <summary>Sets a shadow; returns the change in its count of non-zero entries (−1, 0, +1).</summary>
    private static int Set(double[] shadow, int id, double value)
    {
        var change = (value != 0 ? 1 : 0) - (shadow[id] != 0 ? 1 : 0);
        shadow[id] = value;
        return change;
    }

    private static T[] Resize<T>(T[] array, int size)
    {
        var copy = array;
        Array.Resize(ref copy, size);
        return copy;
    }
}
