namespace Exactly.Bot.Ethereum.Rpc;

/// <summary>Base type for everything that goes wrong talking to a node.</summary>
public class RpcException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RpcException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public RpcException()
        : base("The JSON-RPC call failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public RpcException(string message)
        : base(message)
    {
    }
}

/// <summary>The node answered with a JSON-RPC error object (<c>{"code":…,"message":…,"data":…}</c>).</summary>
public class JsonRpcException : RpcException
{
    /// <summary>Creates the exception from the error object's fields.</summary>
    public JsonRpcException(string method, int code, string nodeMessage, string? data)
        : base($"{method} failed: {nodeMessage} (code {code}).")
    {
        Method = method;
        Code = code;
        NodeMessage = nodeMessage;
        ErrorData = data;
    }

    /// <summary>The method that failed.</summary>
    public string Method { get; }

    /// <summary>The JSON-RPC error code, e.g. -32000, 3 for a revert, -32005 for a limit.</summary>
    public int Code { get; }

    /// <summary>The node's own message.</summary>
    public string NodeMessage { get; }

    /// <summary>The raw <c>data</c> member as text (hex revert data for reverts), or null.</summary>
    public string? ErrorData { get; }
}

/// <summary>An <c>eth_call</c>/<c>eth_estimateGas</c> reverted. Never retried: the same call reverts again.</summary>
public sealed class RevertException : JsonRpcException
{
    /// <summary>Creates the exception with the revert data the contract returned.</summary>
    public RevertException(string method, int code, string nodeMessage, string? data, byte[] revertData)
        : base(method, code, nodeMessage, data) => RevertData = revertData;

    /// <summary>The revert data: a 4-byte error selector and its ABI-encoded arguments (empty for a bare revert).</summary>
    public byte[] RevertData { get; }
}

/// <summary>The node could not be reached or answered with a non-JSON-RPC HTTP failure (status, bad body).</summary>
public sealed class RpcTransportException : RpcException
{
    /// <summary>Creates the exception.</summary>
    public RpcTransportException(string message, int? statusCode, Exception? innerException = null)
        : base(message, innerException) => StatusCode = statusCode;

    /// <summary>The HTTP status code, when the node answered at all.</summary>
    public int? StatusCode { get; }
}

/// <summary>The call took longer than its timeout. Distinct from cancellation by the caller (an OperationCanceledException).</summary>
public sealed class RpcTimeoutException : RpcException
{
    /// <summary>Creates the exception.</summary>
    public RpcTimeoutException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
