using System.Text.Json;

namespace Exactly.Bot.Ethereum.Rpc;

/// <summary>The answer to one call of a batch: either a result or an error, never both.</summary>
/// <param name="Result">The <c>result</c> member (cloned, safe to keep); default when <paramref name="Error"/> is set.</param>
/// <param name="Error">The node's error for this call, typed (a revert is a <see cref="RevertException"/>).</param>
public sealed record JsonRpcResponse(JsonElement Result, JsonRpcException? Error)
{
    /// <summary>The result, or the error thrown.</summary>
    /// <exception cref="JsonRpcException">The node answered this call with an error.</exception>
    public JsonElement GetResultOrThrow() => Error is null ? Result : throw Error;
}
