using System.Globalization;
using System.Numerics;
using Exactly.Bot.Chat;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Text;

namespace Exactly.Bot.Demo;

/// <summary>
/// <c>/demo price &lt;ASSET&gt; &lt;±N% | USD&gt;</c> and <c>/demo warp &lt;N&gt;&lt;s|m|h|d&gt;</c>: move the devnet's world so a newcomer
/// sees alerts happen (a price drop, time passing). <c>/demo sign [link]</c>: act as the demo wallet on the signing page
/// (<see cref="DemoSigner"/>; anvil holds the unlocked demo key, the bot holds none), so the console alone finishes a quote
/// or an alert's fix. Registered by <see cref="DemoComposition"/> only when it is given the devnet: the production bot
/// (<c>run</c>) has no such command and no devnet to move.
/// </summary>
public sealed class DemoCommand(Devnet.Devnet devnet, MarketCatalogue catalogue, DemoSigner signer) : ICommand
{
    /// <inheritdoc />
    public string Name => "demo";

    /// <inheritdoc />
    public string Usage => "/demo price <ASSET> <±N% | USD>  or  /demo warp <N><s|m|h|d>  or  /demo sign [link]";

    /// <inheritdoc />
    public string Summary => "demo only: move the devnet's price feed or its clock, or sign your latest link as the demo wallet";

    /// <inheritdoc />
    public string Example => "/demo price WETH -20%";

    /// <inheritdoc />
    public async Task<Reply> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var args = context.Arguments;
        return args switch
        {
            [var verb, var asset, var value] when Is(verb, "price") => await PriceAsync(asset, value, cancellationToken).ConfigureAwait(false),
            [var verb, var duration] when Is(verb, "warp") => await WarpAsync(duration, cancellationToken).ConfigureAwait(false),
            [var verb] when Is(verb, "sign") => await signer.SignAsync(context.Message, null, cancellationToken).ConfigureAwait(false),
            [var verb, var link] when Is(verb, "sign") => await signer.SignAsync(context.Message, link, cancellationToken).ConfigureAwait(false),
            [var verb, ..] when Is(verb, "sign") => Reply.Error("/demo sign takes one signing link at most (none: your latest link); ask for a quote to get one.", "/leverage 3x USDC 100"),
            [var verb, ..] when Is(verb, "warp") => Reply.Error("/demo warp takes one duration, like 30d (units s, m, h, d).", "/demo warp 30d"),
            [var verb, ..] when Is(verb, "price") => Reply.Error("/demo price takes an asset and a move (-20%) or a price in USD (2500).", Example),
            _ => Reply.Error($"/demo moves the devnet's world: {Usage}.", Example),
        };
    }

    private async Task<Reply> PriceAsync(string asset, string value, CancellationToken cancellationToken)
    {
        var market = await catalogue.FindAsync(asset, cancellationToken).ConfigureAwait(false);
        if (market is null)
        {
            var known = string.Join(", ", (await catalogue.GetMarketsAsync(cancellationToken).ConfigureAwait(false)).Select(m => m.Symbol));
            return Reply.Error($"'{UserText.Echo(asset)}' is not a market here. Known assets: {known}.", Example);
        }

        var feed = await devnet.Rpc.CallAsync(market.PriceFeed, PriceFeedAbi.LatestAnswer, [], cancellationToken: cancellationToken).ConfigureAwait(false);
        var before = (decimal)(BigInteger)feed[0]! / 100_000_000m;
        if (!DemoArguments.TryPrice(value, before, out var after, out var error))
        {
            return Reply.Error(error, $"/demo price {market.Symbol} -20%");
        }

        await devnet.SetPriceAsync(market.Symbol, after, cancellationToken).ConfigureAwait(false);
        var block = await devnet.Rpc.BlockNumberAsync(cancellationToken).ConfigureAwait(false);
        var change = (after - before) / before * 100m;
        return Reply.Plain(string.Create(
            CultureInfo.InvariantCulture,
            $"{market.Symbol} price on the devnet: {before:0.########} → {after:0.########} USD ({change:+0.##;-0.##;0} %), mined in block {block}.\nAlerts see it at the next evaluated block."));
    }

    private async Task<Reply> WarpAsync(string text, CancellationToken cancellationToken)
    {
        if (!DemoArguments.TryDuration(text, out var duration, out var error))
        {
            return Reply.Error(error, "/demo warp 30d");
        }

        var before = await devnet.TimestampAsync(cancellationToken).ConfigureAwait(false);
        await devnet.IncreaseTimeAsync(duration, cancellationToken).ConfigureAwait(false);
        var header = await BlockHeader.ReadAsync(devnet.Rpc, cancellationToken: cancellationToken).ConfigureAwait(false);
        return Reply.Plain(string.Create(
            CultureInfo.InvariantCulture,
            $"Devnet time: {When(before)} → {When(header.Timestamp)} (+{Alerts.AlertText.Duration(header.Timestamp - before)}), block {header.Number}.\nInterest and late penalties accrued over it; fixed borrows may now be due or overdue."));
    }

    private static bool Is(string word, string verb) => string.Equals(word, verb, StringComparison.OrdinalIgnoreCase);

    private static string When(long unix) => DateTimeOffset.FromUnixTimeSeconds(unix).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

/// <summary>The demo command's arguments: a price move or price, a duration.</summary>
internal static class DemoArguments
{
    /// <summary>Longest warp: 10 years (anvil takes more, but nothing the demo shows needs it).</summary>
    private static readonly TimeSpan MaxWarp = TimeSpan.FromDays(3650);

    /// <summary><c>-20%</c> / <c>+5%</c> relative to <paramref name="now"/>, or an absolute USD price (<c>2500</c>); 8 decimals at most.</summary>
    public static bool TryPrice(string text, decimal now, out decimal price, out string error)
    {
        price = 0;
        var relative = text.EndsWith('%');
        var number = relative ? text[..^1] : text;
        if (!decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            error = $"'{UserText.Echo(text)}' is neither a move like -20% nor a price in USD like 2500.";
            return false;
        }

        price = decimal.Round(relative ? now * (100m + value) / 100m : value, 8, MidpointRounding.ToZero);
        if (price <= 0 || price > 1_000_000_000m)
        {
            error = relative
                ? $"A move of {UserText.Echo(text)} leaves no positive price (the feed would revert); moves go above -100%."
                : $"A price must be above 0 and at most 1,000,000,000 USD; {UserText.Echo(text)} is not.";
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary><c>30d</c>, <c>12h</c>, <c>90m</c>, <c>45s</c>: a whole number and one unit.</summary>
    public static bool TryDuration(string text, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        var unit = text.Length > 1 ? char.ToLowerInvariant(text[^1]) : '?';
        var seconds = unit switch { 's' => 1L, 'm' => 60L, 'h' => 3_600L, 'd' => 86_400L, _ => 0L };
        if (seconds == 0 || !long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count == 0)
        {
            error = $"'{UserText.Echo(text)}' is not a duration: a whole number and a unit s, m, h or d, like 30d.";
            return false;
        }

        if (count > MaxWarp.TotalSeconds / seconds)
        {
            error = "The demo warps at most 3650 days at once.";
            return false;
        }

        duration = TimeSpan.FromSeconds(count * seconds);
        error = string.Empty;
        return true;
    }
}
