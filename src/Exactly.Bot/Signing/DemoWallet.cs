using System.Text.Json;
using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Signing;

/// <summary>
/// Devnet only: an EIP-1193 backend for the page's "demo wallet" choice. anvil's unlocked dev account
/// (<see cref="SigningOptions.DemoWallet"/>) signs with <c>eth_signTypedData_v4</c> and sends with <c>eth_sendTransaction</c>.
/// Enabled only when the setting is present, the node is anvil, and it is on the configured chain: never on a real chain.
/// </summary>
public sealed class DemoWallet(IOptions<SigningOptions> options, JsonRpcClient rpc, ProtocolDeployment deployment)
{
    private static readonly HashSet<string> Forwarded = new(StringComparer.Ordinal)
    {
        "eth_chainId", "eth_signTypedData_v4", "eth_sendTransaction", "eth_getTransactionReceipt", "eth_blockNumber",
    };

    private bool? enabled;

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

    /// <summary>Answers one EIP-1193 request for the demo account.</summary>
    public async Task<IResult> HandleAsync(JsonElement body, CancellationToken cancellationToken)
    {
        if (await AccountAsync(cancellationToken) is not { } account)
        {
            return SigningFlow.Refuse(StatusCodes.Status404NotFound, "The demo wallet is only offered on the local demo chain.");
        }

        var method = body.TryGetProperty("method", out var m) ? m.GetString() ?? string.Empty : string.Empty;
        var parameters = body.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Array ? p.EnumerateArray().ToArray() : [];
        switch (method)
        {
            case "eth_requestAccounts" or "eth_accounts":
                return Results.Json(new { result = new[] { account.ToString() } });
            case "wallet_switchEthereumChain":
                return Results.Json(new { result = (object?)null });
        }

        if (!Forwarded.Contains(method))
        {
            return SigningFlow.Refuse(StatusCodes.Status400BadRequest, $"The demo wallet does not do {method}.");
        }

        var from = method switch
        {
            "eth_signTypedData_v4" => parameters.ElementAtOrDefault(0).ValueKind == JsonValueKind.String ? parameters[0].GetString() : null,
            "eth_sendTransaction" => parameters.ElementAtOrDefault(0).ValueKind == JsonValueKind.Object && parameters[0].TryGetProperty("from", out var f) ? f.GetString() : null,
            _ => account.ToString(),
        };
        if (!Address.TryParse(from, out var signer, out _) || signer != account)
        {
            return SigningFlow.Refuse(StatusCodes.Status403Forbidden, "The demo wallet only signs for the demo account.");
        }

        var result = await rpc.RequestAsync(method, parameters.Select(x => JsonNode.Parse(x.GetRawText())).ToArray(), cancellationToken);
        return Results.Json(new { result });
    }
}
