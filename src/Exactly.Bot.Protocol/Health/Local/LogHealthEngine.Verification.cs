using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>The engine's self-checks: the per-block sample and the full comparison after an upgrade.</summary>
public sealed partial class LogHealthEngine
{
    /// <summary>Touched accounts first (a wrong event rule shows there first), then a rotation through the watched ones.</summary>
    private Address[] Sample(IReadOnlyList<Address> accounts, int[] touched)
    {
        var book = indexer.Book;
        var sample = touched.Where(id => !book.IsUntrusted(id)).Take(options.SampleSize).Select(book.AddressOf).ToList();
        for (var i = 0; sample.Count < options.SampleSize && i < accounts.Count; i++)
        {
            var account = accounts[(rotation + i) % accounts.Count];
            if (!sample.Contains(account) && book.IdOf(account) is var id && id >= 0 && !book.IsUntrusted(id))
            {
                sample.Add(account);
            }
        }

        rotation = accounts.Count == 0 ? 0 : (rotation + options.SampleSize) % accounts.Count;
        return [.. sample];
    }

    private bool Verify(Address[] sample, MarketStates states)
    {
        var local = new Dictionary<Address, LiquidityReading>();
        var terms = new LocalLiquidityTerms(markets, states.States, states.Timestamp);
        foreach (var account in sample)
        {
            if (LocalReading(account, terms) is { } reading)
            {
                local[account] = reading;
            }
        }

        return Compare(local, states.Sample, [], states.Block);
    }

    /// <summary>True when every local result equals the chain's (both absent counts as equal); else the engine diverged.</summary>
    private bool Compare(
        IReadOnlyDictionary<Address, LiquidityReading> local, IReadOnlyDictionary<Address, LiquidityReading> chain, IReadOnlyCollection<Address> skip, Ethereum.Rpc.BlockHeader block)
    {
        foreach (var account in local.Keys.Union(chain.Keys).Except(skip))
        {
            var (mine, theirs) = (local.GetValueOrDefault(account), chain.GetValueOrDefault(account));
            if (mine != theirs)
            {
                Diverged = true;
                DivergedAccount = account;
                Divergence = $"{account} at block {block.Number}: local {mine?.Collateral}/{mine?.Debt}, accountLiquidity {theirs?.Collateral}/{theirs?.Debt}";
                return false;
            }

            Verified++;
        }

        return true;
    }
}
