using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Signing.Tests;

/// <summary>
/// The EIP-1193 provider injected into the page (<c>window.ethereum</c>), backed by anvil's unlocked dev accounts. Knobs let a
/// test play a careless or hostile wallet: report another chain, refuse to switch, sign with another account, alter the typed data.
/// </summary>
public sealed class TestWallet(JsonRpcClient rpc, Address account)
{
    public const string InitScript = """
        window.ethereum = {
          isTestWallet: true,
          request: async ({ method, params }) => {
            const answer = JSON.parse(await window.__wallet(JSON.stringify({ method, params: params || [] })));
            if (answer.error) { const e = new Error(answer.error); e.code = 4001; throw e; }
            return answer.result;
          },
        };
        """;

    public Address Account { get; set; } = account;

    /// <summary>Who really signs the typed data (another account = a forged signature).</summary>
    public Address? Signer { get; set; }

    public long ChainId { get; set; } = 10;

    public bool AllowSwitch { get; set; } = true;

    /// <summary>Changes the typed data before it is signed (a page tampered with).</summary>
    public Action<JsonObject>? Tamper { get; set; }

    public ConcurrentQueue<string> Signatures { get; } = new();

    /// <summary>The typed data the wallet signed (after <see cref="Tamper"/>), in order: what each permit allowed.</summary>
    public ConcurrentQueue<JsonObject> SignedTypedData { get; } = new();

    public ConcurrentQueue<string> SentTransactions { get; } = new();

    public async Task<string> HandleAsync(string requestJson)
    {
        var request = JsonNode.Parse(requestJson)!.AsObject();
        var method = request["method"]!.GetValue<string>();
        var parameters = request["params"]!.AsArray();
        try
        {
            object? result = method switch
            {
                "eth_requestAccounts" or "eth_accounts" => new[] { Account.ToString() },
                "eth_chainId" => "0x" + ChainId.ToString("x", CultureInfo.InvariantCulture),
                "wallet_switchEthereumChain" => Switch(parameters),
                "eth_signTypedData_v4" => await SignAsync(parameters),
                "eth_sendTransaction" => await SendAsync(parameters),
                _ => (await rpc.RequestAsync(method, parameters.Select(p => p?.DeepClone()).ToArray())).Clone(),
            };
            return JsonSerializer.Serialize(new { result });
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException)
        {
            return JsonSerializer.Serialize(new { error = e.Message });
        }
    }

    private object? Switch(JsonArray parameters)
    {
        if (!AllowSwitch)
        {
            throw new InvalidOperationException("User rejected the request.");
        }

        ChainId = Convert.ToInt64(parameters[0]!["chainId"]!.GetValue<string>()[2..], 16);
        return null;
    }

    private async Task<string> SignAsync(JsonArray parameters)
    {
        var typedData = JsonNode.Parse(parameters[1]!.GetValue<string>())!.AsObject();
        Tamper?.Invoke(typedData);
        var signer = Signer ?? Account;
        var signature = (await rpc.RequestAsync("eth_signTypedData_v4", [signer.ToLowerHex(), typedData.ToJsonString()])).GetString()!;
        Signatures.Enqueue(signature);
        SignedTypedData.Enqueue(typedData);
        return signature;
    }

    private async Task<string> SendAsync(JsonArray parameters)
    {
        var tx = parameters[0]!.DeepClone();
        var hash = (await rpc.RequestAsync("eth_sendTransaction", [tx])).GetString()!;
        SentTransactions.Enqueue(hash);
        return hash;
    }
}
