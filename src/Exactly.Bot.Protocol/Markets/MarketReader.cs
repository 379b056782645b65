using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Quotes;

namespace Exactly.Bot.Protocol.Markets;

/// <summary>
/// Markets and an account's positions from ONE Multicall3 <c>eth_call</c>: <c>Previewer.exactly(account)</c> and
/// <c>Auditor.accountLiquidity</c>. Only markets the configured Auditor lists are shown, whatever the Previewer returns.
/// </summary>
public sealed class MarketReader(JsonRpcClient rpc, ProtocolDeployment deployment, MarketCatalogue catalogue, DebtManagerProbe probe)
{
    /// <summary>Reads every listed market with <paramref name="account"/>'s position (a fresh account shows none).</summary>
    /// <returns>The snapshots in listing order, the account's health now, the block.</returns>
    /// <exception cref="RpcException">The node could not answer, or the Previewer reverted.</exception>
    public async Task<(IReadOnlyList<MarketSnapshot> Markets, AccountHealth Health, long Block)> ReadAsync(
        Address account, CancellationToken cancellationToken = default)
    {
        var listed = await catalogue.GetMarketsAsync(cancellationToken).ConfigureAwait(false);
        var abi = PreviewerAbi.For(await probe.GetAsync(cancellationToken).ConfigureAwait(false));
        var reads = await rpc.ReadAsync(
            deployment.Multicall3,
            [
                new ContractCall(deployment.Previewer, abi.Exactly, account),
                new ContractCall(deployment.Auditor, AuditorAbi.AccountLiquidity, account, Address.Zero, BigInteger.Zero),
                new ContractCall(deployment.Auditor, AuditorAbi.AccountMarkets, account),
            ],
            cancellationToken).ConfigureAwait(false);
        if (!reads[0].Success || !reads[1].Success)
        {
            throw new RpcException("Previewer.exactly or Auditor.accountLiquidity reverted; the configured addresses may not match the chain.");
        }

        var byMarket = ((object?[])reads[0].Outputs![0]!).Select(e => (object?[])e!)
            .ToDictionary(e => abi.Field<Address>(e, "market"));
        var snapshots = new List<MarketSnapshot>();
        foreach (var market in listed)
        {
            if (!byMarket.TryGetValue(market.Market, out var e))
            {
                continue;
            }

            snapshots.Add(Snapshot(abi, market, e));
        }

        var health = new AccountHealth(reads[1].Get<BigInteger>(0), reads[1].Get<BigInteger>(1), reads[2].Get<BigInteger>());
        return (snapshots, health, reads.Block);
    }

    /// <summary>
    /// One market's snapshot from its <c>Previewer.exactly</c> entry: price, floating rates (yearly, WAD), rewards, liquidity,
    /// max same-asset leverage and the account's position in it.
    /// </summary>
    public static MarketSnapshot Snapshot(PreviewerAbi abi, MarketInfo market, object?[] entry)
    {
        ArgumentNullException.ThrowIfNull(abi);
        ArgumentNullException.ThrowIfNull(market);
        var e = entry;
        var borrowRate = abi.Field<BigInteger>(e, "floatingBorrowRate");
        var deposits = abi.Field<BigInteger>(e, "totalFloatingDepositAssets");
        var borrows = abi.Field<BigInteger>(e, "totalFloatingBorrowAssets");
        var rewards = ((object?[])abi.Field<object?[]>(e, "rewardRates")).Select(r => (object?[])r!).ToArray();
        var minHealth = LeverageQuoter.SameAssetMinHealthFactor;
        var af2 = market.AdjustFactor * market.AdjustFactor / Units.Wad;
        return new MarketSnapshot(
            market,
            abi.Field<BigInteger>(e, "usdPrice"),
            borrowRate,
            deposits.IsZero ? BigInteger.Zero : borrowRate * borrows / deposits,
            rewards.Aggregate(BigInteger.Zero, (sum, r) => sum + abi.RewardField<BigInteger>(r, "floatingDeposit")),
            rewards.Aggregate(BigInteger.Zero, (sum, r) => sum + abi.RewardField<BigInteger>(r, "borrow")),
            abi.Field<BigInteger>(e, "floatingAvailableAssets"),
            deposits,
            borrows,
            minHealth > af2 ? minHealth * Units.Wad / (minHealth - af2) : BigInteger.Zero,
            abi.Field<BigInteger>(e, "floatingDepositAssets"),
            abi.Field<BigInteger>(e, "floatingBorrowAssets"),
            abi.Field<bool>(e, "isCollateral"));
    }
}
