using System.Globalization;
using System.Numerics;
using System.Text;
using Exactly.Bot.Alerts;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Positions;
using Exactly.Bot.Text;

namespace Exactly.Bot.Chat.Commands;

/// <summary>
/// <c>/position</c> over the user's watched wallets: every wallet read at ONE block (<see cref="PositionReader"/>, each read
/// pinned to the block's hash, named in the first line), with its deposits and borrows per market, health factor, liquidation
/// prices (<see cref="LiquidationPrices"/>) and the health trend of the last 24 h (<see cref="PositionHistory.TrendAsync"/>:
/// the monitor's stored readings, on the bot's clock). Outside a private chat a wallet is its label only, and no amount is
/// shown (an exact amount finds the address on chain). Lowest health first; a reply that would pass
/// <see cref="Reply.MaxTextLength"/> keeps the wallets that fit and names the rest, each block separated by a blank line so
/// a transport that splits (Discord, 2,000 characters) splits between wallets.
/// </summary>
internal sealed class PositionOverview(JsonRpcClient rpc, PositionReader reader, PositionHistory history)
{
    /// <summary>The reply for <paramref name="wallets"/> (at least one); <paramref name="defaultAccount"/> is marked as the default.</summary>
    /// <exception cref="RpcException">The chain could not be read (the dispatcher answers with a sentence).</exception>
    public async Task<Reply> ReplyAsync(IReadOnlyList<WatchedWallet> wallets, Address? defaultAccount, bool inPrivate, CancellationToken cancellationToken)
    {
        var block = await BlockHeader.ReadAsync(rpc, cancellationToken: cancellationToken).ConfigureAwait(false);
        var positions = await reader.ReadAsync(wallets.Select(w => w.Address).Distinct().ToArray(), block, cancellationToken).ConfigureAwait(false);
        var blocks = new List<(BigInteger? Health, string Label, string Text)>();
        foreach (var wallet in wallets)
        {
            var position = positions.GetValueOrDefault(wallet.Address);
            var trend = await history.TrendAsync(wallet.Address, null, cancellationToken).ConfigureAwait(false);
            var text = Wallet(wallet, position, trend, wallet.Address == defaultAccount, inPrivate);
            blocks.Add((position?.Debt.IsZero == false ? position.HealthFactor : null, wallet.Label, text));
        }

        var header = string.Create(
            CultureInfo.InvariantCulture,
            $"Your wallets at block {block.Number} ({DateTimeOffset.FromUnixTimeSeconds(block.Timestamp):yyyy-MM-dd HH:mm} UTC), lowest health first:");
        var footer = inPrivate ? string.Empty : "\n\nAmounts and addresses are shown in a private chat with the bot only.";
        // Wallets without debt (nothing to liquidate) last, in the user's order.
        var ordered = blocks.Select((b, i) => (b, i)).OrderBy(p => p.b.Health is null).ThenBy(p => p.b.Health ?? BigInteger.Zero).ThenBy(p => p.i).Select(p => p.b).ToList();
        var reply = new StringBuilder(header);
        var shown = 0;
        foreach (var b in ordered)
        {
            var room = Reply.MaxTextLength - footer.Length - LeftOut(ordered.Skip(shown + 1).Select(o => o.Label).ToList()).Length;
            if (reply.Length + 2 + b.Text.Length > room)
            {
                break;
            }

            reply.Append("\n\n").Append(b.Text);
            shown++;
        }

        return Reply.Plain(reply.Append(LeftOut(ordered.Skip(shown).Select(o => o.Label).ToList())).Append(footer).ToString());
    }

    private static string Wallet(WatchedWallet wallet, WalletPosition? position, HealthTrend? trend, bool isDefault, bool inPrivate)
    {
        var text = new StringBuilder(WalletText.Name(wallet, inPrivate));
        text.Append(wallet.Linked ? " · linked" : " · watch-only").Append(isDefault ? ", the default" : string.Empty);
        if (position is null)
        {
            return text.Append("\n  cannot be evaluated at this block: a price it depends on reverted").ToString();
        }

        var used = position.Used.Where(m => !m.Deposit.IsZero || !m.Debt.IsZero).ToList();
        if (used.Count == 0)
        {
            Line(text, "Position", "no deposits or borrows");
        }
        else if (inPrivate)
        {
            foreach (var m in used)
            {
                var parts = new List<string>();
                if (!m.Deposit.IsZero)
                {
                    parts.Add($"deposit {ReplyFormat.Assets(m.Deposit, m.Market)}{(m.Entered ? " (collateral)" : string.Empty)}");
                }

                if (!m.Debt.IsZero)
                {
                    parts.Add($"borrow {ReplyFormat.Assets(m.Debt, m.Market)}");
                }

                Line(text, m.Market.Symbol, string.Join(" · ", parts));
            }
        }
        else
        {
            Line(text, "Markets", string.Join(" · ", used.Select(m => $"{m.Market.Symbol} {Roles(m)}")));
        }

        Line(text, "Health", position.Debt.IsZero ? "no debt" : ReplyFormat.Health(position.HealthFactor));
        var label = "Liquidation";
        foreach (var l in LiquidationPrices.For(position))
        {
            Line(text, label, $"{ReplyFormat.Move(l)}  (at {ReplyFormat.Usd(l.Threshold)} USD, now {ReplyFormat.Usd(l.Price)})");
            label = string.Empty;
        }

        Line(text, "24 h", trend is null
            ? "no stored readings yet (the monitor stores one when the position changes, and hourly)"
            : $"{Hf(trend.First)} → {Hf(trend.Now)} · low {Hf(trend.Min)} · high {Hf(trend.Max)}");
        return text.ToString();
    }

    /// <summary>What a market holds for the wallet, without amounts: <c>collateral</c>, <c>deposit</c>, <c>borrowed</c>, or two joined.</summary>
    private static string Roles(MarketPosition m) => string.Join(
        " + ", new[] { m.Deposit.IsZero ? null : m.Entered ? "collateral" : "deposit", m.Debt.IsZero ? null : "borrowed" }.OfType<string>());

    /// <summary>The line naming the wallets that did not fit, or nothing.</summary>
    private static string LeftOut(List<string> labels) => labels.Count == 0
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $"\n\n…and {labels.Count} more: {string.Join(", ", labels)}. /position <label> shows one.");

    private static void Line(StringBuilder text, string label, string value) => text.Append(CultureInfo.InvariantCulture, $"\n  {label,-12}{value}");

    private static string Hf(PositionReading reading) => reading.HealthFactor is { } hf ? WalletText.Health(hf) : "no debt";
}
