using System.Text.Json.Nodes;

namespace Exactly.Bot.Ethereum.Rpc;

/// <summary>One JSON-RPC 2.0 call: a method name and positional parameters (already in JSON form).</summary>
/// <param name="Method">The method, e.g. <c>eth_call</c>.</param>
/// <param name="Params">Positional parameters; use <see cref="JsonValue.Create{T}(T, System.Text.Json.Nodes.JsonNodeOptions?)"/> or helpers.</param>
public sealed record JsonRpcRequest(string Method, IReadOnlyList<JsonNode?> Params)
{
    /// <summary>A call with the given parameters.</summary>
    public JsonRpcRequest(string method, params JsonNode?[] parameters)
        : this(method, (IReadOnlyList<JsonNode?>)parameters)
    {
    }

    /// <summary>The request object with the given id.</summary>
    internal JsonObject ToJson(long id)
    {
        var parameters = new JsonArray();
        foreach (var p in Params)
        {
            parameters.Add(p?.DeepClone());
        }

        return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = Method, ["params"] = parameters };
    }
}
