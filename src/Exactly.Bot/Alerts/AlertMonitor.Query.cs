using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Health;

namespace Exactly.Bot.Alerts;

/// <summary>What the monitor asks the engine for: exact figures wherever an alert can be decided on them.</summary>
public sealed partial class AlertMonitor
{
    /// <summary>
    /// The block's <see cref="HealthQuery"/>. From <see cref="AlertOptions.ScreenFrom"/> watched addresses on, the engine may
    /// screen with every threshold a watched wallet's tier depends on (liquidatable at 1.0, each wallet's warning and danger
    /// lines and both plus its re-arm margin), so a screened reading is in the right tier and clear of the right ones; the
    /// wallets whose next reading can fire an alert, a recovery or a re-arm (<see cref="TierRules.CanChange"/>) are always
    /// exact, so every figure an alert states or history stores is the contracts'. Liquidations from <paramref name="from"/>
    /// come with the engine's logs when it read them.
    /// </summary>
    private HealthQuery Query(IReadOnlyList<WatchedWallet> wallets, int addresses, long from)
    {
        if (addresses < options.Value.ScreenFrom)
        {
            return HealthQuery.AllExact with { LiquidationsFrom = from };
        }

        IReadOnlyDictionary<long, TierState> states;
        using (var connection = database.Open())
        {
            states = WatchStore.ReadTierStates(connection, null);
        }

        var thresholds = new HashSet<BigInteger> { Units.Wad };
        var exact = new HashSet<Address>();
        foreach (var wallet in wallets)
        {
            var t = wallet.Thresholds;
            thresholds.UnionWith([t.Warning, t.Danger, t.Warning + t.RearmMargin, t.Danger + t.RearmMargin]);
            if (TierRules.CanChange(states.GetValueOrDefault(wallet.Id, TierState.Initial)))
            {
                exact.Add(wallet.Address);
            }
        }

        return new HealthQuery(thresholds, exact, from);
    }
}
