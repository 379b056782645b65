using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol;
using Exactly.Bot.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Demo;

/// <summary>
/// Devnet only: an EIP-1193 backend for the page's "demo wallet" choice. anvil's unlocked dev account
/// (<see cref="DemoWalletOptions.DemoWallet"/>) signs with <c>eth_signTypedData_v4</c> and sends with <c>eth_sendTransaction</c>.
/// Mapped only when the setting is present, enabled only when the node is anvil on the configured chain: never on a real chain.
/// Even then it is a key that signs on request, so it answers only its own page (the Host header must be the page's own address:
/// a DNS-rebinding page from another origin is refused), only for an existing session, and signs or sends only what that
/// session's plan holds: its permits, its steps, its DebtManager transaction.
/// </summary>
public sealed class DemoWallet(
    IOptions<DemoWalletOptions> options, JsonRpcClient rpc, ProtocolDeployment deployment, SessionLoader loader,
    PlannedTransactions steps, SigningBaseUrl baseUrl) : IOfferedWallet
{
    private static readonly HashSet<string> ReadOnly = new(StringComparer.Ordinal) { "eth_chainId", "eth_getTransactionReceipt", "eth_blockNumber" };

    private bool? enabled;

    /// <summary>
    /// True when the demo configures a demo wallet (<c>Signing:DemoWallet</c>): only then is its endpoint mapped. Read from
    /// configuration, not the validated options, so mapping routes does not validate them early: a bot that cannot start
    /// names every missing setting at once, not just the Signing ones.
    /// </summary>
    public static bool Configured(IConfiguration configuration) => !string.IsNullOrEmpty(configuration?["Signing:DemoWallet"]);

    /// <summary>The demo account, when the demo wallet is offered.</summary>
    public async Task<Address?> AccountAsync(CancellationToken cancellationToken)
    {
        if (!Address.TryParse(options.Value.DemoWallet, out var account, out _))
        {
            return null;
        }

        enabled ??= (await rpc.RequestAsync("web3_clientVersion", [], cancellationToken)).GetString()?.Contains("anvil", StringComparison.OrdinalIgnoreCase) == true
            && await rpc.ChainIdAsync(cancellationToken) == deployment.ChainId;
        return enabled == true ? account : null;
    }

    /// <summary>Answers one EIP-1193 request of session <paramref name="id"/>'s page for the demo account.</summary>
    public async Task<IResult> HandleAsync(string id, HttpContext http, JsonElement body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (await AccountAsync(cancellationToken) is not { } account)
        {
            return PageAnswers.Refuse(StatusCodes.Status404NotFound, "The demo wallet is only offered on the local demo chain.");
        }

        if (!string.Equals(http.Request.Host.Value, baseUrl.BaseUrl.Authority, StringComparison.OrdinalIgnoreCase))
        {
            return PageAnswers.Refuse(StatusCodes.Status403Forbidden, $"The demo wallet only answers its own page at {baseUrl.BaseUrl.Authority}.");
        }

        var (_, state, problem) = await loader.LoadAsync(id, allowExpired: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var method = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("method", out var m) ? m.GetString() ?? string.Empty : string.Empty;
        var parameters = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Array ? p.EnumerateArray().ToArray() : [];
        switch (method)
        {
            case "eth_requestAccounts" or "eth_accounts":
                return Results.Json(new { result = new[] { account.ToString() } });
            case "wallet_switchEthereumChain":
                return Results.Json(new { result = (object?)null });
            case "eth_signTypedData_v4" or "eth_sendTransaction":
                break;
            default:
                return ReadOnly.Contains(method)
                    ? Results.Json(new { result = await rpc.RequestAsync(method, parameters.Select(x => JsonNode.Parse(x.GetRawText())).ToArray(), cancellationToken) })
                    : PageAnswers.Refuse(StatusCodes.Status400BadRequest, $"The demo wallet does not do {method}.");
        }

        if (!Address.TryParse(state!.Account, out var bound, out _) || bound != account || !await PlannedAsync(method, parameters, state, account, cancellationToken))
        {
            return PageAnswers.Refuse(StatusCodes.Status403Forbidden, "The demo wallet only signs and sends what this link's plan holds, for the demo account connected to it.");
        }

        var result = await rpc.RequestAsync(method, parameters.Select(x => JsonNode.Parse(x.GetRawText())).ToArray(), cancellationToken);
        return Results.Json(new { result });
    }

    /// <summary>True when the request is one of the session's permits (same typed data) or one of its transactions (same from, to, calldata).</summary>
    private async Task<bool> PlannedAsync(string method, JsonElement[] parameters, SigningSessionState state, Address account, CancellationToken cancellationToken)
    {
        if (method == "eth_signTypedData_v4")
        {
            if (parameters is not [{ ValueKind: JsonValueKind.String } signer, { ValueKind: JsonValueKind.String } typedData]
                || !Address.TryParse(signer.GetString(), out var from, out _) || from != account || state.Parsed != SigningStatus.Opened)
            {
                return false;
            }

            JsonNode? asked;
            try
            {
                asked = JsonNode.Parse(typedData.GetString()!);
            }
            catch (JsonException)
            {
                return false;
            }

            return (await steps.PermitsAsync(state, cancellationToken)).Any(permit => JsonNode.DeepEquals(permit, asked));
        }

        if (parameters is not [{ ValueKind: JsonValueKind.Object } tx]
            || !Address.TryParse(Text(tx, "from"), out var sender, out _) || sender != account || !Address.TryParse(Text(tx, "to"), out var to, out _))
        {
            return false;
        }

        ReportedTransaction sent;
        try
        {
            var value = Text(tx, "value") is { } v ? Hex.ToBigInteger(v) : BigInteger.Zero;
            sent = new ReportedTransaction(string.Empty, sender, to, value, Hex.Decode(Text(tx, "data") ?? Text(tx, "input") ?? "0x"), null);
        }
        catch (FormatException)
        {
            return false;
        }

        return await steps.IsPlannedAsync(state, sent, cancellationToken);
    }

    private static string? Text(JsonElement tx, string name) => tx.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
}
