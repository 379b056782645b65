using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Discord;

/// <summary>
/// APPLICATION_COMMAND_AUTOCOMPLETE (interaction type 4) → APPLICATION_COMMAND_AUTOCOMPLETE_RESULT (response type 8): the
/// focused <c>asset</c> option gets the symbols of the markets the configured Auditor lists (never a free list: a quote
/// only ever uses Auditor markets), filtered by what the user has typed so far. At most 25 choices, names and values of
/// 1–100 characters (Discord's limits; discord.js/Sapphire AutoCompleteLimits). The answer must leave within the same 3 s as
/// any interaction response, so a slow or failing chain read gives an empty list instead of no answer.
/// </summary>
public sealed partial class DiscordAutocomplete(MarketCatalogue catalogue, TimeProvider time, ILogger<DiscordAutocomplete> logger)
{
    /// <summary>Discord's maximum number of choices.</summary>
    public const int MaxChoices = 25;

    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    /// <summary>The response to an autocomplete interaction.</summary>
    public async Task<InteractionResponse> RespondAsync(InteractionData? data, CancellationToken cancellationToken)
    {
        var focused = data?.Options?.FirstOrDefault(o => o.Focused);
        IReadOnlyList<AutocompleteChoice> choices = [];
        if (focused is { Name: "asset" })
        {
            var typed = focused.Value.ValueKind == System.Text.Json.JsonValueKind.String ? focused.Value.GetString() ?? string.Empty : string.Empty;
            choices = await SymbolsAsync(typed.Trim(), cancellationToken);
        }

        return new InteractionResponse(8, new { choices });
    }

    private async Task<IReadOnlyList<AutocompleteChoice>> SymbolsAsync(string typed, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = new CancellationTokenSource(Budget, time);
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var markets = await catalogue.GetMarketsAsync(budget.Token);
            return markets
                .Select(m => m.Symbol)
                .Where(s => s.Length is > 0 and <= 100)
                .OrderBy(s => s.StartsWith(typed, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
                .ThenBy(s => s, StringComparer.Ordinal)
                .Where(s => s.Contains(typed, StringComparison.OrdinalIgnoreCase))
                .Take(MaxChoices)
                .Select(s => new AutocompleteChoice(s, s))
                .ToArray();
        }
        catch (Exception ex) when (ex is RpcException or HttpRequestException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogMarketsUnavailable(logger, ex);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Autocomplete could not read the markets in time; answering with no choices")]
    private static partial void LogMarketsUnavailable(ILogger logger, Exception exception);
}

/// <summary>One autocomplete choice.</summary>
/// <param name="Name">Shown to the user, 1–100 characters.</param>
/// <param name="Value">Filled into the option, 1–100 characters for strings.</param>
public sealed record AutocompleteChoice(string Name, string Value);
