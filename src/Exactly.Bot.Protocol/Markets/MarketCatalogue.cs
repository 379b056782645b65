using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Protocol.Markets;

/// <summary>
/// The markets of the configured Auditor, and nothing else: every market address the bot ever puts in a quote or a
/// transaction comes from here (the 2023 DebtManager exploit used a fake market). Cached; listings change rarely.
/// </summary>
public sealed class MarketCatalogue(JsonRpcClient rpc, ProtocolDeployment deployment, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly SemaphoreSlim gate = new(1, 1);
    private IReadOnlyList<MarketInfo>? markets;
    private DateTimeOffset loadedAt;

    /// <summary>Every listed market, in the Auditor's order.</summary>
    public async Task<IReadOnlyList<MarketInfo>> GetMarketsAsync(CancellationToken cancellationToken = default)
    {
        if (markets is { } cached && time.GetUtcNow() - loadedAt < Lifetime)
        {
            return cached;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (markets is null || time.GetUtcNow() - loadedAt >= Lifetime)
            {
                markets = await LoadAsync(cancellationToken);
                loadedAt = time.GetUtcNow();
            }

            return markets;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Finds a market by asset symbol, case-insensitive; <c>ETH</c> means <c>WETH</c>. Null when the Auditor lists none.
    /// </summary>
    public async Task<MarketInfo?> FindAsync(string symbol, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var all = await GetMarketsAsync(cancellationToken);
        var wanted = symbol.Trim();
        return all.FirstOrDefault(m => string.Equals(m.Symbol, wanted, StringComparison.OrdinalIgnoreCase))
            ?? (string.Equals(wanted, "ETH", StringComparison.OrdinalIgnoreCase)
                ? all.FirstOrDefault(m => string.Equals(m.Symbol, "WETH", StringComparison.OrdinalIgnoreCase))
                : null);
    }

    private async Task<IReadOnlyList<MarketInfo>> LoadAsync(CancellationToken cancellationToken)
    {
        var block = BlockParameter.Number(await rpc.BlockNumberAsync(cancellationToken));
        var list = (object?[])(await rpc.ReadAsync([new ContractCall(deployment.Auditor, AuditorAbi.AllMarkets)], block, cancellationToken))[0][0]!;
        var addresses = list.Cast<Address>().ToArray();
        var details = await rpc.ReadAsync(
            addresses.SelectMany(m => new[] { new ContractCall(deployment.Auditor, AuditorAbi.Markets, m), new ContractCall(m, MarketAbi.Asset) }).ToArray(),
            block,
            cancellationToken);
        var assets = addresses.Select((_, i) => (Address)details[(2 * i) + 1][0]!).ToArray();
        var symbols = await rpc.ReadAsync(assets.Select(a => new ContractCall(a, Erc20Abi.Symbol)).ToArray(), block, cancellationToken);
        return addresses.Select((market, i) =>
        {
            var config = details[2 * i];
            return new MarketInfo(
                market,
                assets[i],
                (string)symbols[i][0]!,
                (byte)(System.Numerics.BigInteger)config[1]!,
                (System.Numerics.BigInteger)config[0]!,
                (Address)config[4]!,
                (byte)(System.Numerics.BigInteger)config[2]!);
        }).Where((_, i) => (bool)details[2 * i][3]!).ToArray();
    }

    /// <inheritdoc />
    public void Dispose() => gate.Dispose();
}
