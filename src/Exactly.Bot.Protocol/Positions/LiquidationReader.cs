using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Positions;

/// <summary>One <c>Liquidate</c> event: a liquidator repaid part of <see cref="Borrower"/>'s debt and seized collateral.</summary>
/// <param name="Borrower">The wallet liquidated.</param>
/// <param name="Receiver">Who received the seized collateral (the liquidator's choice).</param>
/// <param name="Market">The market whose debt was repaid (the log's emitter).</param>
/// <param name="SeizeMarket">The market collateral was seized from; null when the Auditor does not list it.</param>
/// <param name="RepaidAssets">Debt repaid, <see cref="Market"/>'s asset decimals.</param>
/// <param name="LendersAssets">The lenders' share of the penalty, same decimals.</param>
/// <param name="SeizedAssets">Collateral seized, <see cref="SeizeMarket"/>'s asset decimals.</param>
/// <param name="Block">The block of the log.</param>
/// <param name="TransactionHash">The transaction, 0x hex.</param>
/// <param name="LogIndex">The log's index in its block (with <see cref="Block"/>, a key that dedupes).</param>
/// <param name="Removed">True when a reorg removed this log: undo what it caused.</param>
public sealed record Liquidation(
    Address Borrower, Address Receiver, MarketInfo Market, MarketInfo? SeizeMarket, BigInteger RepaidAssets, BigInteger LendersAssets,
    BigInteger SeizedAssets, long Block, string TransactionHash, long LogIndex, bool Removed);

/// <summary>
/// Finds <c>Liquidate</c> events of the configured Auditor's markets whose borrower is one of a set, over a block range:
/// <c>eth_getLogs</c> filtered by the markets' addresses, the event's topic and the borrower topic (an OR list), so the node
/// returns only what concerns the watched wallets. Borrower lists are cut into requests of <see cref="BorrowersPerRequest"/>
/// (providers cap topic lists), all sent in one JSON-RPC batch.
/// </summary>
public sealed class LiquidationReader(JsonRpcClient rpc, MarketCatalogue catalogue)
{
    /// <summary>Borrower topics per <c>eth_getLogs</c> request.</summary>
    public const int BorrowersPerRequest = 500;

    /// <summary>The liquidations of <paramref name="borrowers"/> in blocks <paramref name="fromBlock"/>…<paramref name="toBlock"/> (inclusive), in chain order.</summary>
    /// <exception cref="RpcException">The node could not answer (a range too wide for the provider included).</exception>
    public async Task<IReadOnlyList<Liquidation>> ReadAsync(
        long fromBlock, long toBlock, IReadOnlyCollection<Address> borrowers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(borrowers);
        if (borrowers.Count == 0 || toBlock < fromBlock)
        {
            return [];
        }

        var markets = await catalogue.GetMarketsAsync(cancellationToken).ConfigureAwait(false);
        var requests = borrowers.Chunk(BorrowersPerRequest).Select(chunk => Request(fromBlock, toBlock, markets, chunk)).ToArray();
        var answers = await rpc.SendBatchAsync(requests, cancellationToken).ConfigureAwait(false);
        var found = new List<Liquidation>();
        foreach (var answer in answers)
        {
            foreach (var log in answer.GetResultOrThrow().EnumerateArray())
            {
                found.Add(Decode(log, markets));
            }
        }

        return found.OrderBy(l => l.Block).ThenBy(l => l.LogIndex).ToArray();
    }

    /// <summary>
    /// The liquidations of <paramref name="borrowers"/> among <paramref name="logs"/> (<c>Liquidate</c> logs a health engine read
    /// with its own, <see cref="Health.HealthEvaluation.Liquidations"/>), in chain order: no request besides the cached market list.
    /// </summary>
    public async Task<IReadOnlyList<Liquidation>> FromLogsAsync(
        IReadOnlyList<ChainLog> logs, IReadOnlyCollection<Address> borrowers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(borrowers);
        var wanted = borrowers.ToHashSet();
        var mine = logs.Where(l => MarketEvents.Liquidate.Matches(l.Log.Topics) && wanted.Contains(new Address(l.Log.Topics[2].AsSpan(12)))).ToArray();
        if (mine.Length == 0)
        {
            return [];
        }

        var markets = await catalogue.GetMarketsAsync(cancellationToken).ConfigureAwait(false);
        return mine.Select(l => Decode(l.Log.Address, l.Log.Topics, l.Log.Data, l.BlockNumber, l.TransactionHash ?? "0x", l.LogIndex, l.Removed, markets))
            .OrderBy(l => l.Block).ThenBy(l => l.LogIndex).ToArray();
    }

    private static JsonRpcRequest Request(long fromBlock, long toBlock, IReadOnlyList<MarketInfo> markets, Address[] borrowers)
    {
        var filter = new JsonObject
        {
            ["fromBlock"] = Hex.FromBigInteger(fromBlock),
            ["toBlock"] = Hex.FromBigInteger(toBlock),
            ["address"] = new JsonArray(markets.Select(m => (JsonNode?)m.Market.ToLowerHex()).ToArray()),
            ["topics"] = new JsonArray(
                Hex.Encode(MarketEvents.Liquidate.Topic0.Span),
                null,
                new JsonArray(borrowers.Select(b => (JsonNode?)Hex.Encode(AbiEvent.EncodeTopic(AbiType.AddressType, b))).ToArray())),
        };
        return new JsonRpcRequest("eth_getLogs", filter);
    }

    private static Liquidation Decode(JsonElement log, IReadOnlyList<MarketInfo> markets) => Decode(
        Address.Parse(log.GetProperty("address").GetString()!), log.GetProperty("topics").EnumerateArray().Select(EthMethods.Bytes).ToArray(),
        EthMethods.Bytes(log.GetProperty("data")), (long)EthMethods.Quantity(log.GetProperty("blockNumber")), log.GetProperty("transactionHash").GetString()!,
        (long)EthMethods.Quantity(log.GetProperty("logIndex")), log.TryGetProperty("removed", out var r) && r.ValueKind == JsonValueKind.True, markets);

    private static Liquidation Decode(
        Address emitter, IReadOnlyList<byte[]> topics, byte[] data, long block, string transaction, long logIndex, bool removed, IReadOnlyList<MarketInfo> markets)
    {
        var values = MarketEvents.Liquidate.DecodeLog(topics, data);
        var market = markets.FirstOrDefault(m => m.Market == emitter)
            ?? throw new RpcException($"The node returned a Liquidate log of {emitter}, which the filter did not ask for.");
        var seize = (Address)values[4]!;
        return new Liquidation(
            (Address)values[1]!, (Address)values[0]!, market, markets.FirstOrDefault(m => m.Market == seize),
            (BigInteger)values[2]!, (BigInteger)values[3]!, (BigInteger)values[5]!, block, transaction, logIndex, removed);
    }
}
