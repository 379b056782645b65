using System.Globalization;
using System.Text;
using Exactly.Bot.Alerts;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Positions;

namespace Exactly.Bot.Chat.Commands;

/// <summary>
/// What someone who starts watching a wallet must hear once: the markets it uses that are paused or frozen right now. The
/// monitor says a pause or freeze only when it happens (<see cref="BlockNotices"/>, one record per market), so a wallet
/// watched after it would otherwise hear nothing until it ends, while its fix cannot be sent. Read at one block: the head.
/// </summary>
internal static partial class WatchMarkets
{
    /// <summary>
    /// Lines to add to the <c>/watch</c> reply: one sentence per paused or frozen market <paramref name="wallet"/> uses and
    /// the block they were read at; empty when there is none, or the wallet cannot be evaluated at the head (a price it
    /// depends on reverted: the monitor's alerts say so). A chain that does not answer is said in one sentence.
    /// </summary>
    public static async Task<string> NoteAsync(JsonRpcClient rpc, PositionReader reader, WatchedWallet wallet, ILogger logger, CancellationToken cancellationToken)
    {
        WalletPosition? position;
        try
        {
            var block = await BlockHeader.ReadAsync(rpc, cancellationToken: cancellationToken).ConfigureAwait(false);
            position = await reader.ReadAsync(wallet.Address, block, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            // The message only: it names the host at most, never the URL's path (where API keys live).
            LogReadFailed(logger, ex.Message);
            return "\nIts markets could not be read just now (the chain did not answer), so a pause or freeze of one it uses is not said here.";
        }

        if (position is null)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var market in position.Used)
        {
            if (market.Paused)
            {
                text.Append('\n').Append(AlertText.MarketSentence(market.Market.Symbol, wallet.Label, MarketChange.Paused));
            }

            if (market.Frozen == true)
            {
                text.Append('\n').Append(AlertText.MarketSentence(market.Market.Symbol, wallet.Label, MarketChange.Frozen));
            }
        }

        return text.Length == 0
            ? string.Empty
            : text.Append(CultureInfo.InvariantCulture, $"\n(Read at block {position.Block.Number}; you will be told when that changes.)").ToString();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The markets of a newly watched wallet could not be read ({Detail}); the /watch reply says so")]
    private static partial void LogReadFailed(ILogger logger, string detail);
}
