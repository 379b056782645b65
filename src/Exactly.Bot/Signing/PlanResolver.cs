using System.Text.Json;
using Exactly.Bot.Protocol;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Signing;

/// <summary>A stored plan with its markets as the configured Auditor lists them now.</summary>
/// <param name="Record">The stored record.</param>
/// <param name="Market">The (collateral) market.</param>
/// <param name="Borrow">The borrowed market of a cross-asset plan, else null.</param>
/// <param name="Listed">Every listed market (what the guard checks against).</param>
public sealed record StoredPlan(PlanRecord Record, MarketInfo Market, MarketInfo? Borrow, IReadOnlyList<MarketInfo> Listed);

/// <summary>
/// Turns a session's stored plan JSON (<see cref="PlanRecord"/>) back into a plan: the one place it is read, and its markets
/// looked up in the catalogue by the addresses it stores.
/// </summary>
public sealed class PlanResolver(MarketCatalogue catalogue, ProtocolDeployment deployment)
{
    /// <summary>The deployment plans are rebuilt for.</summary>
    public ProtocolDeployment Deployment => deployment;

    /// <summary>Reads the stored record.</summary>
    /// <exception cref="InvalidOperationException">The JSON is empty (a corrupt row).</exception>
    public static PlanRecord Read(string planJson) =>
        JsonSerializer.Deserialize<PlanRecord>(planJson) ?? throw new InvalidOperationException("The stored plan is empty.");

    /// <summary>The plan with its markets, or null when a market it names is no longer listed.</summary>
    public async Task<StoredPlan?> TryResolveAsync(string planJson, CancellationToken cancellationToken)
    {
        var record = Read(planJson);
        var listed = await catalogue.GetMarketsAsync(cancellationToken);
        var market = listed.ByAddress(record.Market);
        var borrow = listed.ByAddress(record.BorrowMarket);
        return market is null || (record.BorrowMarket is not null && borrow is null) ? null : new StoredPlan(record, market, borrow, listed);
    }

    /// <summary>The plan with its markets.</summary>
    /// <exception cref="InvalidOperationException">A market it names is no longer listed.</exception>
    public async Task<StoredPlan> ResolveAsync(string planJson, CancellationToken cancellationToken) =>
        await TryResolveAsync(planJson, cancellationToken) ?? throw new InvalidOperationException("A market of the stored plan is no longer listed.");

    /// <summary>The signing plan the record describes.</summary>
    /// <exception cref="InvalidOperationException">A market it names is no longer listed.</exception>
    public async Task<SigningPlan> PlanAsync(string planJson, CancellationToken cancellationToken) => ToPlan(await ResolveAsync(planJson, cancellationToken));

    /// <summary>The signing plan of a resolved record.</summary>
    public SigningPlan ToPlan(StoredPlan stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored.Record.ToPlan(stored.Market, deployment, stored.Borrow);
    }
}
