using System.Numerics;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Protocol.Health;

/// <summary>
/// What a caller of <see cref="IHealthEngine.EvaluateAsync"/> needs beyond "every account, exact". Without a query every
/// reading is exact. With <see cref="Thresholds"/> an engine may screen: an account whose health factor is clearly on one
/// side of every threshold may get an approximate reading (listed in <see cref="HealthEvaluation.Approximate"/>) that is on
/// the same side of each threshold as the exact one; an account near or across one, touched in this block, or in
/// <see cref="Exact"/> gets the exact reading.
/// </summary>
/// <param name="Thresholds">Health factors (WAD) whose side matters, e.g. the tiers, the tiers plus their re-arm margin and
/// 1e18 (liquidatable: collateral &lt; debt). Empty: every reading exact.</param>
/// <param name="Exact">Accounts whose figures are used as figures this block (an alert may be decided on them): always exact.</param>
/// <param name="LiquidationsFrom">When set, the engine also returns the <c>Liquidate</c> logs of blocks
/// <c>LiquidationsFrom</c>…block if it read them anyway (<see cref="HealthEvaluation.Liquidations"/>); null there means it did not.</param>
public sealed record HealthQuery(IReadOnlyCollection<BigInteger> Thresholds, IReadOnlySet<Address> Exact, long? LiquidationsFrom = null)
{
    /// <summary>Every reading exact, no liquidations: what a query of null means.</summary>
    public static HealthQuery AllExact { get; } = new([], new HashSet<Address>());
}
