using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>Every market's state at one block, and <c>accountLiquidity</c> of the verification sample read in the same call.</summary>
/// <param name="Block">The block the one <c>eth_call</c> was pinned to.</param>
/// <param name="States">By market index; null where a read failed.</param>
/// <param name="Sample">The sample's on-chain (collateral, debt); an account whose call reverted is absent.</param>
/// <param name="Timestamp">
/// <c>block.timestamp</c> as the call executed (Unix seconds): what penalties are computed with. Equal to the header's on a
/// conforming node; read rather than assumed because the views above depend on it.
/// </param>
public sealed record MarketStates(BlockHeader Block, IReadOnlyList<MarketState?> States, IReadOnlyDictionary<Address, LiquidityReading> Sample, long Timestamp);

/// <summary>
/// Reads what local health needs from chain: the Auditor's listing (<c>allMarkets()</c>, <c>markets(m)</c>; reloaded only on
/// admin events) and, each block, in ONE Multicall3 <c>eth_call</c> pinned to the block hash: per market <c>totalAssets</c>,
/// <c>totalSupply</c>, <c>totalFloatingBorrowAssets</c>, <c>totalFloatingBorrowShares</c>, <c>penaltyRate</c> and
/// <c>Auditor.assetPrice(feed)</c>, followed by <c>accountLiquidity</c> of a few accounts to verify against.
/// </summary>
/// <param name="rpc">The node.</param>
/// <param name="deployment">The configured Auditor and Multicall3.</param>
public sealed class MarketStateReader(JsonRpcClient rpc, ProtocolDeployment deployment)
{
    private static readonly AbiFunction[] PerMarket =
        [MarketAbi.TotalAssets, MarketAbi.TotalSupply, MarketAbi.TotalFloatingBorrowAssets, MarketAbi.TotalFloatingBorrowShares, MarketAbi.PenaltyRate];

    /// <summary>
    /// The Auditor's markets at <paramref name="block"/>, in index order (two requests: the list, then every <c>markets(m)</c>
    /// in one batch). Empty when the Auditor has no code there yet (a start block before its deployment).
    /// </summary>
    public async Task<IReadOnlyList<ListedMarket>> ListAsync(BlockParameter block, CancellationToken cancellationToken = default)
    {
        Address[] addresses;
        try
        {
            addresses = ((object?[])(await rpc.CallAsync(deployment.Auditor, AuditorAbi.AllMarkets, [], block, cancellationToken: cancellationToken).ConfigureAwait(false))[0]!)
                .Cast<Address>().ToArray();
        }
        catch (AbiException)
        {
            return [];
        }

        if (addresses.Length == 0)
        {
            return [];
        }

        var details = await rpc.ReadAsync(addresses.Select(m => new ContractCall(deployment.Auditor, AuditorAbi.Markets, m)).ToArray(), block, cancellationToken)
            .ConfigureAwait(false);
        return addresses.Select((m, i) => new ListedMarket(
            m, (byte)(BigInteger)details[i][2]!, (byte)(BigInteger)details[i][1]!, (BigInteger)details[i][0]!, (Address)details[i][4]!)).ToArray();
    }

    /// <summary>Reads every market's state and the sample's <c>accountLiquidity</c> at <paramref name="block"/> in one <c>eth_call</c>.</summary>
    /// <exception cref="RpcException">The node could not answer or does not know the block (nothing at this block counts).</exception>
    public async Task<MarketStates> ReadAsync(
        IReadOnlyList<ListedMarket> markets, IReadOnlyList<Address> sample, BlockHeader block, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(markets);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(block);
        var calls = new[] { new Multicall3Call(deployment.Multicall3, Multicall3.GetCurrentBlockTimestamp.Encode(), AllowFailure: false) }.Concat(markets.SelectMany(m => PerMarket.Select(f => new Multicall3Call(m.Market, f.Encode()))
                .Append(new Multicall3Call(deployment.Auditor, AuditorAbi.AssetPrice.Encode(m.PriceFeed))))
            .Concat(sample.Select(a => new Multicall3Call(deployment.Auditor, AuditorAbi.AccountLiquidity.Encode(a, Address.Zero, BigInteger.Zero)))))
            .ToArray();
        // One chunk whatever the size: splitting would be a second request (and this is ~6 calls a market plus a small sample).
        var options = new Multicall3Options { MaxCallsPerChunk = Math.Max(1, calls.Length), GasBudgetPerChunk = long.MaxValue, DefaultGasPerCall = 1 };
        var all = await rpc.AggregateAsync(calls, block.Pin, options, deployment.Multicall3, cancellationToken).ConfigureAwait(false);
        var timestamp = (long)Word(all[0]);
        var results = all.Skip(1).ToArray();
        var states = new MarketState?[markets.Count];
        for (var i = 0; i < markets.Count; i++)
        {
            var r = results.Skip(i * 6).Take(6).ToArray();
            states[i] = r.Take(5).All(x => x.Success)
                ? new MarketState(Word(r[0]), Word(r[1]), Word(r[2]), Word(r[3]), Word(r[4]), r[5].Success ? Word(r[5]) : null)
                : null;
        }

        var readings = new Dictionary<Address, LiquidityReading>();
        for (var i = 0; i < sample.Count; i++)
        {
            if (results[(markets.Count * 6) + i] is { Success: true } result)
            {
                var values = AuditorAbi.AccountLiquidity.Decode(result.ReturnData);
                readings[sample[i]] = new LiquidityReading(sample[i], (BigInteger)values[0]!, (BigInteger)values[1]!);
            }
        }

        return new MarketStates(block, states, readings, timestamp);
    }

    private static BigInteger Word(Multicall3Result result) => (BigInteger)AbiDecoder.Decode(AbiType.UInt256, result.ReturnData)!;
}
