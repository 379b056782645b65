using System.Numerics;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>
/// Screening (HEALTH.md "CPU"): with the caller's thresholds, every account is placed among them in double precision and
/// only those near one, whose place changed, touched this block, with overdue fixed debt, or asked for exactly take the
/// 256-bit path; the others get an approximate reading on the same side of every threshold.
/// </summary>
public sealed partial class LogHealthEngine
{
    private HealthScreen? screen;
    private BigInteger[] screenThresholds = [];
    private int screenRebuilds;

    /// <summary>Runs the screen for the query's thresholds (a new screen when they change); null when every reading must be exact.</summary>
    private ScreenResult? Screen(HealthQuery query, MarketStates states, int[] touched)
    {
        if (query.Thresholds.Count == 0)
        {
            return null;
        }

        var thresholds = query.Thresholds.Distinct().Order().ToArray();
        // A rebuilt book numbers its accounts anew: the screen's places per account id are another book's.
        if (screen is null || !thresholds.SequenceEqual(screenThresholds) || screenRebuilds != indexer.Rebuilds)
        {
            screen = new HealthScreen(thresholds);
            (screenThresholds, screenRebuilds) = (thresholds, indexer.Rebuilds);
        }

        return screen.Run(indexer.Book, markets, states.States, states.Timestamp, touched);
    }

    /// <summary>
    /// The exact reading where the screen computed one, else the screen's figures (USD → WAD); null when the account needs the
    /// exact path here (an entered market without state or price: the exact path says "cannot evaluate").
    /// </summary>
    private LiquidityReading? Approximation(int id, ScreenResult screened, MarketStates states)
    {
        var book = indexer.Book;
        if (screened.Exact.TryGetValue(id, out var exact))
        {
            return exact;
        }

        for (var (map, m) = (book.Entered(id), 0); map != 0; map >>= 1, m++)
        {
            if ((map & 1) != 0 && (m >= states.States.Count || states.States[m] is not { Price: not null }))
            {
                return null;
            }
        }

        var (collateral, debt) = screen!.Approximation(id);
        return new LiquidityReading(book.AddressOf(id), Wad(collateral), Wad(debt));
    }

    private static BigInteger Wad(double usd) => usd <= 0 ? BigInteger.Zero : new BigInteger(usd * 1e18);
}
