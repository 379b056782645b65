using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>
/// The exact path's results of one pass, kept as values (no object per account) and made a <see cref="LiquidityReading"/>
/// only when asked for. The screen evaluates every flagged account of the book to keep its places right, most of them not
/// watched by anyone: at a million accounts a few thousand readings a block were built for nothing (~600 KB a block of
/// garbage, the largest share after log decoding).
/// </summary>
/// <param name="book">The book the ids belong to (ids are never reused, so an account's address stays its own).</param>
/// <param name="capacity">Expected results.</param>
internal sealed class ExactReadings(AccountBook book, int capacity) : IReadOnlyDictionary<int, LiquidityReading>
{
    private readonly Dictionary<int, (UInt128 Collateral, UInt128 Debt)> narrow = new(capacity);
    private Dictionary<int, (BigInteger Collateral, BigInteger Debt)>? wide;

    public int Count => narrow.Count + (wide?.Count ?? 0);

    public IEnumerable<int> Keys => narrow.Keys.Concat(wide?.Keys ?? Enumerable.Empty<int>());

    public IEnumerable<LiquidityReading> Values => Keys.Select(id => this[id]);

    public LiquidityReading this[int key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No exact reading for account id {key}.");

    public void Add(int id, UInt128 collateral, UInt128 debt) => narrow.Add(id, (collateral, debt));

    public void Add(int id, BigInteger collateral, BigInteger debt) => (wide ??= []).Add(id, (collateral, debt));

    public bool ContainsKey(int key) => narrow.ContainsKey(key) || wide?.ContainsKey(key) == true;

    public bool TryGetValue(int key, [MaybeNullWhen(false)] out LiquidityReading value)
    {
        if (narrow.TryGetValue(key, out var small))
        {
            value = new LiquidityReading(book.AddressOf(key), small.Collateral, small.Debt);
            return true;
        }

        if (wide?.TryGetValue(key, out var large) == true)
        {
            value = new LiquidityReading(book.AddressOf(key), large.Collateral, large.Debt);
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<int, LiquidityReading>> GetEnumerator() => Keys.Select(id => KeyValuePair.Create(id, this[id])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
