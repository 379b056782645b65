using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Protocol.Transactions;

/// <summary>
/// The steps <see cref="SigningPlanner"/> and <see cref="CrossSigningPlanner"/> share: the chain check, the overload the
/// DebtManager's bytecode dispatches, the floating rate behind the interest margin, and the deadline.
/// </summary>
internal static class PlanningSteps
{
    private static readonly BigInteger Year = 365 * 24 * 3600;

    /// <summary>
    /// How far the chain's clock (the latest block's timestamp) may run ahead of this bot's before nothing is signed: deadlines
    /// are set from the bot's clock and checked by the contracts against <c>block.timestamp</c>, so on a chain this far ahead a
    /// permit would have under 15 of its 20 minutes left. Behind is fine: an idle devnet's latest block is old, and the next
    /// block takes the current time.
    /// </summary>
    public static readonly TimeSpan MaxChainClockLead = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The node's chain id, or a refusal when it is not the configured chain or when its clock runs more than
    /// <see cref="MaxChainClockLead"/> ahead of <paramref name="time"/> (<c>eth_getBlockByNumber("latest").timestamp</c>).
    /// </summary>
    public static async Task<Outcome<long>> ChainAsync(JsonRpcClient rpc, ProtocolDeployment deployment, TimeProvider time, CancellationToken cancellationToken)
    {
        var chainId = await rpc.ChainIdAsync(cancellationToken).ConfigureAwait(false);
        if (chainId != deployment.ChainId)
        {
            return Outcome<long>.Fail($"The node is on chain {chainId}, not the configured chain {deployment.ChainId}; nothing will be signed.");
        }

        var chainNow = DateTimeOffset.FromUnixTimeSeconds(await rpc.LatestTimestampAsync(cancellationToken).ConfigureAwait(false));
        var lead = chainNow - time.GetUtcNow();
        return lead <= MaxChainClockLead
            ? Outcome<long>.Ok(chainId)
            : Outcome<long>.Fail(
                $"The chain's clock ({chainNow:yyyy-MM-dd HH:mm} UTC at its latest block) runs {lead.TotalMinutes:0} minutes ahead of this bot's; permits dated by the bot " +
                "would expire too soon on chain, so nothing will be signed. Check the bot's clock (or, on a devnet, undo the time travel).");
    }

    /// <summary>
    /// The shape whose <paramref name="kind"/> permit overload the configured DebtManager's implementation dispatches
    /// (<see cref="DebtManagerCurrentAbi.Shapes"/>, 0.2.15 first), or a refusal naming the overloads it lacks.
    /// </summary>
    public static async Task<Outcome<DebtManagerCallShape>> ShapeAsync(DebtManagerProbe probe, OperationKind kind, CancellationToken cancellationToken)
    {
        var offered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in DebtManagerCurrentAbi.Shapes(kind))
        {
            var function = DebtManagerCurrentAbi.For(kind, candidate);
            if (await probe.OffersAsync(function, cancellationToken).ConfigureAwait(false))
            {
                offered.Add(function.Signature);
            }
        }

        if (DebtManagerCurrentAbi.Choose(kind, f => offered.Contains(f.Signature)) is { } shape)
        {
            return Outcome<DebtManagerCallShape>.Ok(shape);
        }

        var generation = (await probe.GetAsync(cancellationToken).ConfigureAwait(false)).Generation;
        var names = string.Join(" nor ", DebtManagerCurrentAbi.Shapes(kind).Select(s => DebtManagerCurrentAbi.For(kind, s).Signature));
        return Outcome<DebtManagerCallShape>.Fail(
            $"The configured DebtManager ({generation}) has {(DebtManagerCurrentAbi.Shapes(kind).Count > 1 ? "neither " : "no ")}{names}, the only " +
            $"{kind.ToString().ToLowerInvariant()} call{(DebtManagerCurrentAbi.Shapes(kind).Count > 1 ? "s" : string.Empty)} this bot signs for; nothing will be signed. Quotes still work.");
    }

    /// <summary>
    /// <c>InterestRateModel.floatingRate(utilization)</c> of <paramref name="market"/> at <paramref name="block"/>, WAD per year;
    /// utilization = <c>floatingDebt / floatingAssets</c> rounded up.
    /// </summary>
    public static async Task<BigInteger> FloatingRateAsync(JsonRpcClient rpc, Address market, BlockParameter block, CancellationToken cancellationToken)
    {
        var r = await rpc.ReadAsync(
            [
                new ContractCall(market, MarketAbi.FloatingDebt),
                new ContractCall(market, MarketAbi.FloatingAssets),
                new ContractCall(market, MarketAbi.InterestRateModel),
            ],
            block,
            cancellationToken).ConfigureAwait(false);
        var (floatingDebt, floatingAssets) = ((BigInteger)r[0][0]!, (BigInteger)r[1][0]!);
        var utilization = floatingAssets.IsZero ? BigInteger.Zero : DivUp(floatingDebt * Units.Wad, floatingAssets);
        return (BigInteger)(await rpc.CallAsync((Address)r[2][0]!, InterestRateModelAbi.FloatingRate, [utilization], block, cancellationToken: cancellationToken).ConfigureAwait(false))[0]!;
    }

    /// <summary>
    /// <see cref="SigningPlanner.InterestMarginSeconds"/> of floating interest on <paramref name="assets"/> at <paramref name="rate"/>
    /// (WAD per year), rounded up, in the assets' units.
    /// </summary>
    public static BigInteger InterestMargin(BigInteger assets, BigInteger rate) =>
        DivUp(assets * rate * SigningPlanner.InterestMarginSeconds, Year * Units.Wad);

    /// <summary>The permits' deadline: now + <see cref="SigningPlanner.PermitLifetime"/>, Unix seconds.</summary>
    public static BigInteger Deadline(TimeProvider time) => new(time.GetUtcNow().Add(SigningPlanner.PermitLifetime).ToUnixTimeSeconds());

    /// <summary><c>previewWithdraw(assets)</c> of <paramref name="market"/>: shares a withdraw or borrow of <paramref name="assets"/> spends.</summary>
    public static async Task<BigInteger> PreviewWithdrawAsync(JsonRpcClient rpc, Address market, BigInteger assets, BlockParameter block, CancellationToken cancellationToken) =>
        (BigInteger)(await rpc.CallAsync(market, MarketAbi.PreviewWithdraw, [assets], block, cancellationToken: cancellationToken).ConfigureAwait(false))[0]!;

    /// <summary>a / b rounded up (0 for a = 0).</summary>
    public static BigInteger DivUp(BigInteger a, BigInteger b) => a.IsZero ? BigInteger.Zero : ((a - 1) / b) + 1;
}
