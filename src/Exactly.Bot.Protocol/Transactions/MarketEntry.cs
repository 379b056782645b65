using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Transactions;

/// <summary>Whether an account's deposits in a market count as collateral (<c>Auditor.accountMarkets</c> bit = the market's index).</summary>
public static class MarketEntry
{
    /// <summary>True when <paramref name="account"/> has entered <paramref name="market"/> (<c>Auditor.enterMarket</c>), at the latest block.</summary>
    /// <exception cref="RpcException">The chain could not be read.</exception>
    public static async Task<bool> EnteredAsync(
        JsonRpcClient rpc, ProtocolDeployment deployment, MarketInfo market, Address account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(market);
        var bitmap = (BigInteger)(await rpc.CallAsync(deployment.Auditor, AuditorAbi.AccountMarkets, [account], cancellationToken: cancellationToken).ConfigureAwait(false))[0]!;
        return !((bitmap >> market.Index) & BigInteger.One).IsZero;
    }
}
