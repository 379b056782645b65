using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Text;

namespace Exactly.Bot.Chat.Commands;

/// <summary>
/// <c>/short ETH 2x with 1000 USDC</c> and <c>/long wstETH 3x with WETH [amount]</c>: the words people reach for, mapped to a
/// cross-asset leverage. Short X = deposit the other asset, borrow X. Long X = deposit X, borrow the other asset. The amount
/// is always a deposit of the collateral. Word order is free: ratio, amount and assets are told apart by what they parse as.
/// </summary>
/// <param name="isShort">True for <c>/short</c>, false for <c>/long</c>.</param>
/// <param name="catalogue">Markets of the configured Auditor.</param>
/// <param name="cross">The cross-asset path.</param>
/// <param name="wallets">Linked wallets.</param>
public sealed class DirectionCommand(bool isShort, MarketCatalogue catalogue, CrossAssetGate cross, WalletDirectory wallets) : ICommand
{
    private static readonly string[] Fillers = ["with", "using", "at", "against", "for", "of"];

    /// <inheritdoc />
    public string Name => isShort ? "short" : "long";

    /// <inheritdoc />
    public string Usage => isShort ? "/short <ASSET> <ratio> with <amount> <COLLATERAL>" : "/long <ASSET> <ratio> with <BORROW> [amount]";

    /// <inheritdoc />
    public string Summary => isShort
        ? "quote a short: deposit the collateral, borrow the asset (cross asset)"
        : "quote a long: deposit the asset, borrow another (cross asset)";

    /// <inheritdoc />
    public string Example => isShort ? "/short ETH 2x with 1000 USDC" : "/long ETH 2x with USDC 1";

    /// <inheritdoc />
    public bool CreatesSigningSessions => true;

    /// <inheritdoc />
    public async Task<Reply> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var words = context.Arguments.Where(w => !Fillers.Contains(w, StringComparer.OrdinalIgnoreCase)).ToList();
        BigInteger? ratio = null;
        string? amountText = null;
        var assets = new List<string>();
        foreach (var word in words)
        {
            if (ratio is null && (word.Contains('x', StringComparison.OrdinalIgnoreCase) || (amountText is not null && assets.Count == 0))
                && RatioArgument.TryParse(word, out var r, out _))
            {
                ratio = r;
            }
            else if (word.Length > 0 && (char.IsAsciiDigit(word[0]) || word[0] == '.' || AmountArgument.IsAll(word)) && amountText is null)
            {
                amountText = word;
            }
            else
            {
                assets.Add(word);
            }
        }

        if (ratio is null || assets.Count is 0 or > 2)
        {
            return Reply.Error($"/{Name} needs an asset and a ratio: {Usage}.", Example);
        }

        var (target, targetError) = await AssetArgument.ResolveAsync(catalogue, assets[0], cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            return Reply.Error(targetError, Example);
        }

        var otherText = assets.Count == 2 ? assets[1] : (string.Equals(target.Symbol, "USDC", StringComparison.OrdinalIgnoreCase) ? "WETH" : "USDC");
        var (other, otherError) = await AssetArgument.ResolveAsync(catalogue, otherText, cancellationToken).ConfigureAwait(false);
        if (other is null)
        {
            return Reply.Error(otherError, Example);
        }

        if (other == target)
        {
            return Reply.Error($"A {Name} needs two different assets; for one asset use /leverage.", $"/leverage 3x {target.Symbol} 100");
        }

        var (collateral, borrow) = isShort ? (other, target) : (target, other);
        var deposit = BigInteger.Zero;
        if (amountText is not null && !AmountArgument.TryParse(amountText, collateral, allowAll: false, out deposit, out _, out var amountError))
        {
            return Reply.Error(amountError, Example);
        }

        return await cross.LeverageAsync(
            context, UserText.Echo(string.Join(' ', [$"/{Name}", .. context.Arguments])), await wallets.FindAsync(context.Message, cancellationToken), collateral, borrow, deposit, ratio.Value, cancellationToken).ConfigureAwait(false);
    }
}
