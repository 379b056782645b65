using System.Numerics;
using System.Text.Json.Nodes;

namespace Exactly.Bot.Ethereum.Rpc;

/// <summary>A call or transaction as <c>eth_call</c>, <c>eth_estimateGas</c> and <c>eth_sendTransaction</c> take it.</summary>
/// <param name="To">The contract or account called; null deploys <paramref name="Data"/> as creation code.</param>
/// <param name="Data">Calldata (or creation code).</param>
/// <param name="From">The sender; required by <c>eth_sendTransaction</c>.</param>
/// <param name="Value">Wei sent along.</param>
/// <param name="Gas">Gas limit; the node estimates when null.</param>
public sealed record TransactionRequest(Address? To, byte[]? Data, Address? From = null, BigInteger? Value = null, BigInteger? Gas = null)
{
    /// <summary>The JSON object form, quantities as hex.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (From is { } from)
        {
            json["from"] = from.ToLowerHex();
        }

        if (To is { } to)
        {
            json["to"] = to.ToLowerHex();
        }

        if (Data is not null)
        {
            json["data"] = Hex.Encode(Data);
        }

        if (Value is { } value)
        {
            json["value"] = Hex.FromBigInteger(value);
        }

        if (Gas is { } gas)
        {
            json["gas"] = Hex.FromBigInteger(gas);
        }

        return json;
    }
}
