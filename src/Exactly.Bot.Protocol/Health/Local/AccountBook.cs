using System.Numerics;
using System.Buffers.Binary;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>
/// Every account's protocol state as the logs built it, in structure-of-arrays form: per market (by Auditor index) the
/// deposit shares and floating borrow shares (exact <see cref="UInt128"/> plus a <see cref="double"/> shadow for the screen),
/// fixed borrows per maturity (sparse: few accounts hold them), and the entered-markets bitmap. Each change is journaled
/// with its block so a reorg rolls back exactly (<see cref="Rollback"/>). A value that would leave the <see cref="UInt128"/>
/// range, or go below zero (history missing before the start block), marks the account untrusted: it is then read from
/// chain instead of computed.
/// </summary>
public sealed partial class AccountBook
{
    /// <summary>Most markets the bitmap holds (the Auditor allows 256; Exactly lists fewer than 10).</summary>
    public const int MaxMarkets = 64;

    // Accounts as 20 inline bytes (no object per account): a million addresses as objects cost ~50 MB and GC marking time.
    private readonly Dictionary<AccountKey, int> ids = [];
    private readonly List<MarketColumn> columns = [];
    private AccountKey[] addresses = new AccountKey[1024];
    private ulong[] entered = new ulong[1024];
    private bool[] untrusted = new bool[1024];

    /// <summary>Accounts known (every account that appeared in a state-changing log).</summary>
    public int Count { get; private set; }

    /// <summary>Markets with a column (indices 0…<see cref="MarketCount"/>−1).</summary>
    public int MarketCount => columns.Count;

    /// <summary>Accounts changed since <see cref="TakeTouched"/> was last called.</summary>
    public HashSet<int> Touched { get; } = [];

    /// <summary>The id of <paramref name="account"/>, or −1 when no log ever named it (it holds nothing).</summary>
    public int IdOf(Address account) => ids.TryGetValue(AccountKey.From(account.Bytes), out var id) ? id : -1;

    /// <summary>The account with id <paramref name="id"/>.</summary>
    public Address AddressOf(int id) => addresses[id].ToAddress();

    /// <summary>The entered-markets bitmap of <paramref name="id"/> (bit i = market index i).</summary>
    public ulong Entered(int id) => entered[id];

    /// <summary>True when the account's local state cannot be trusted (see the class remarks).</summary>
    public bool IsUntrusted(int id) => untrusted[id];

    /// <summary>Deposit shares of <paramref name="id"/> in market <paramref name="market"/>.</summary>
    public UInt128 Shares(int market, int id) => market < columns.Count ? columns[market].Shares[id] : UInt128.Zero;

    /// <summary>Floating borrow shares of <paramref name="id"/> in market <paramref name="market"/>.</summary>
    public UInt128 BorrowShares(int market, int id) => market < columns.Count ? columns[market].BorrowShares[id] : UInt128.Zero;

    /// <summary>Fixed borrows (maturity → principal + fee) of <paramref name="id"/> in market <paramref name="market"/>.</summary>
    public IReadOnlyDictionary<long, UInt128>? FixedBorrows(int market, int id) =>
        market < columns.Count && columns[market].Fixed.TryGetValue(id, out var positions) ? positions : null;

    /// <summary>The column of market <paramref name="market"/> (created with its index).</summary>
    internal MarketColumn Column(int market)
    {
        if (market >= MaxMarkets)
        {
            throw new NotSupportedException($"Market index {market} is beyond the {MaxMarkets} markets this book holds.");
        }

        while (columns.Count <= market)
        {
            columns.Add(new MarketColumn(addresses.Length));
        }

        return columns[market];
    }

    /// <summary>The id of <paramref name="account"/>, adding it when new.</summary>
    public int Intern(Address account) => Intern(account.Bytes);

    /// <summary>The id of the account whose 20 bytes are <paramref name="account"/>, adding it when new (no allocation when known).</summary>
    internal int Intern(ReadOnlySpan<byte> account)
    {
        var key = AccountKey.From(account);
        if (ids.TryGetValue(key, out var id))
        {
            return id;
        }

        if (Count == addresses.Length)
        {
            Grow(Count * 2);
        }

        id = Count++;
        ids[key] = id;
        addresses[id] = key;
        return id;
    }

    /// <summary>Pre-sizes every array for <paramref name="accounts"/> accounts (avoids repeated growth on large books).</summary>
    public void Reserve(int accounts)
    {
        if (accounts > addresses.Length)
        {
            Grow(accounts);
        }

        ids.EnsureCapacity(accounts);
    }

    /// <summary>Adds <paramref name="delta"/> (may be negative) to deposit shares at <paramref name="block"/>.</summary>
    public void AddShares(long block, int market, int id, BigInteger delta) => AddShares(block, market, id, Amount.Of(delta));

    /// <summary>Adds <paramref name="delta"/> (may be negative) to floating borrow shares at <paramref name="block"/>.</summary>
    public void AddBorrowShares(long block, int market, int id, BigInteger delta) => AddBorrowShares(block, market, id, Amount.Of(delta));

    /// <summary>Adds <paramref name="delta"/> (may be negative) to the fixed borrow at <paramref name="maturity"/>.</summary>
    public void AddFixed(long block, int market, int id, long maturity, BigInteger delta) => AddFixed(block, market, id, maturity, Amount.Of(delta));

    internal void AddShares(long block, int market, int id, Amount delta)
    {
        var column = Column(market);
        var before = column.Shares[id];
        journal.Add(new Undo(block, UndoKind.Shares, id, market, 0, before));
        column.SetShares(id, Checked(block, id, before, delta), ((entered[id] >> market) & 1) != 0);
        Touched.Add(id);
    }

    internal void AddBorrowShares(long block, int market, int id, Amount delta)
    {
        var column = Column(market);
        var before = column.BorrowShares[id];
        journal.Add(new Undo(block, UndoKind.BorrowShares, id, market, 0, before));
        column.SetBorrowShares(id, Checked(block, id, before, delta));
        Touched.Add(id);
    }

    internal void AddFixed(long block, int market, int id, long maturity, Amount delta)
    {
        var column = Column(market);
        var before = column.FixedAt(id, maturity);
        journal.Add(new Undo(block, UndoKind.Fixed, id, market, maturity, before));
        column.SetFixed(id, maturity, Checked(block, id, before, delta));
        Touched.Add(id);
    }

    /// <summary>Sets or clears the entered bit of <paramref name="market"/> at <paramref name="block"/>.</summary>
    public void SetEntered(long block, int market, int id, bool value)
    {
        Column(market);
        journal.Add(new Undo(block, UndoKind.Entered, id, market, 0, entered[id]));
        entered[id] = value ? entered[id] | (1UL << market) : entered[id] & ~(1UL << market);
        columns[market].SetEntered(id, value);
        Touched.Add(id);
    }

    /// <summary>Marks the account untrusted at <paramref name="block"/> (undone by a rollback past it): it is read from chain from now on.</summary>
    public void Distrust(long block, int id)
    {
        journal.Add(new Undo(block, UndoKind.Untrusted, id, 0, 0, untrusted[id] ? UInt128.One : UInt128.Zero));
        untrusted[id] = true;
        Touched.Add(id);
    }

    /// <summary>Returns the accounts touched since the last call and starts a new set.</summary>
    public int[] TakeTouched()
    {
        var touched = Touched.ToArray();
        Touched.Clear();
        return touched;
    }

    private UInt128 Checked(long block, int id, UInt128 before, Amount delta)
    {
        var after = delta.Decrease ? before - delta.Value : before + delta.Value;
        var outside = delta.Wide || (delta.Decrease ? delta.Value > before : after < before);
        if (outside)
        {
            // History before the start block, or a value beyond 128 bits: read this account from chain from now on.
            Distrust(block, id);
            return delta.Decrease ? UInt128.Zero : UInt128.MaxValue;
        }

        return after;
    }

    private void Grow(int size)
    {
        Array.Resize(ref addresses, size);
        Array.Resize(ref entered, size);
        Array.Resize(ref untrusted, size);
        foreach (var column in columns)
        {
            column.Grow(size);
        }
    }
}

/// <summary>A change to one value: its size, its direction, and whether its size left 128 bits (the account is then untrusted).</summary>
internal readonly record struct Amount(UInt128 Value, bool Decrease, bool Wide = false)
{
    public static Amount Of(BigInteger delta)
    {
        var size = BigInteger.Abs(delta);
        return size > UInt128.MaxValue ? new Amount(UInt128.MaxValue, delta.Sign < 0, Wide: true) : new Amount((UInt128)size, delta.Sign < 0);
    }
}

/// <summary>An address as three words, hashed with the process-seeded <see cref="HashCode"/> (crafted addresses cannot collide it).</summary>
internal readonly record struct AccountKey(ulong High, ulong Middle, uint Low)
{
    public static AccountKey From(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]), BinaryPrimitives.ReadUInt32BigEndian(bytes[16..20]));

    public void Write(Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt64BigEndian(bytes, High);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], Middle);
        BinaryPrimitives.WriteUInt32BigEndian(bytes[16..], Low);
    }

    public Address ToAddress()
    {
        Span<byte> bytes = stackalloc byte[20];
        Write(bytes);
        return new Address(bytes);
    }

    public bool Equals(AccountKey other) => High == other.High && Middle == other.Middle && Low == other.Low;

    public override int GetHashCode() => HashCode.Combine(High, Middle, Low);
}
