using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Text;

namespace Exactly.Bot.Chat.Commands;

/// <summary>
/// Resolves what people type for an asset (<c>USDC</c>, <c>usdc</c>, <c>ETH</c> for WETH) or a pair (<c>USDC/WETH</c>:
/// collateral / borrow) against the configured Auditor's markets only; anything else is refused with the known list.
/// </summary>
public static class AssetArgument
{
    /// <summary>One market, or a sentence listing the known assets.</summary>
    public static async Task<(MarketInfo? Market, string Error)> ResolveAsync(MarketCatalogue catalogue, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(text);
        var market = await catalogue.FindAsync(text, cancellationToken).ConfigureAwait(false);
        if (market is not null)
        {
            return (market, string.Empty);
        }

        var known = (await catalogue.GetMarketsAsync(cancellationToken).ConfigureAwait(false)).Select(m => m.Symbol);
        return (null, $"'{UserText.Echo(text)}' is not a market of this deployment. Known assets: {string.Join(", ", known)}.");
    }

    /// <summary>
    /// Resolves <c>ASSET</c> (collateral = borrow) or <c>COLLATERAL/BORROW</c>. The pair form with the same asset on both
    /// sides is the same-asset case.
    /// </summary>
    public static async Task<(MarketInfo? Collateral, MarketInfo? Borrow, string Error)> ResolvePairAsync(
        MarketCatalogue catalogue, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length > 2 || parts.Any(p => p.Length == 0))
        {
            return (null, null, $"'{UserText.Echo(text)}' is not an asset or a COLLATERAL/BORROW pair; write USDC or USDC/WETH.");
        }

        var (collateral, error) = await ResolveAsync(catalogue, parts[0], cancellationToken).ConfigureAwait(false);
        if (collateral is null)
        {
            return (null, null, error);
        }

        if (parts.Length == 1)
        {
            return (collateral, collateral, string.Empty);
        }

        var (borrow, borrowError) = await ResolveAsync(catalogue, parts[1], cancellationToken).ConfigureAwait(false);
        return borrow is null ? (null, null, borrowError) : (collateral, borrow, string.Empty);
    }
}
