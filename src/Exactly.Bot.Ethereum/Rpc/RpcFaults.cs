using System.Text.Json;
using Polly;
using Polly.Timeout;

namespace Exactly.Bot.Ethereum.Rpc;

/// <summary>Which RPC failures are worth another attempt (the viem list: 408/413/429/5xx, −32005, −32603; never a revert).</summary>
internal static class RpcFaults
{
    private static readonly HttpRequestOptionsKey<string> FaultKey = new("Exactly.Rpc.Fault");

    public static bool IsTransient(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken)
    {
        if (outcome.Exception is { } exception)
        {
            return exception switch
            {
                HttpRequestException or IOException or TimeoutRejectedException => true,
                OperationCanceledException => !cancellationToken.IsCancellationRequested,
                _ => false,
            };
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        return status is 408 or 413 or 429 or >= 500 || Fault(response) is not null;
    }

    public static string Describe(Outcome<HttpResponseMessage> outcome) => outcome.Exception is { } e
        ? e.GetType().Name
        : outcome.Result is { IsSuccessStatusCode: true } ok ? Fault(ok) ?? "ok" : $"HTTP {(int)outcome.Result!.StatusCode}";

    /// <summary>How many calls a request body holds (1 for an object, N for a batch, 0 when unreadable).</summary>
    public static int CountRequests(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.GetArrayLength() : 1;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    /// <summary>Reads a 200 body and notes on the response why it is transient: not JSON, a short batch, or a retryable code.</summary>
    public static void MarkBody(HttpResponseMessage response, byte[] body, int expectedAnswers)
    {
        string? fault = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var items = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToArray() : [root];
            if (expectedAnswers > 1 && root.ValueKind == JsonValueKind.Array && items.Length < expectedAnswers)
            {
                fault = $"batch answered {items.Length} of {expectedAnswers} calls";
            }
            else if (items.Any(IsRetryableError))
            {
                fault = "JSON-RPC rate limit or internal error";
            }
        }
        catch (JsonException)
        {
            fault = "body is not JSON";
        }

        if (fault is not null)
        {
            response.RequestMessage?.Options.Set(FaultKey, fault);
        }
    }

    private static string? Fault(HttpResponseMessage response) =>
        response.RequestMessage?.Options.TryGetValue(FaultKey, out var fault) == true ? fault : null;

    private static bool IsRetryableError(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : 0;
        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? string.Empty : string.Empty;
        // Some nodes report a revert as -32603 "execution reverted": that is an answer, not a fault.
        var isRevert = code == 3 || message.Contains("revert", StringComparison.OrdinalIgnoreCase)
            || (error.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.String && (data.GetString()?.Length ?? 0) > 2);
        return !isRevert && code is -32005 or -32603;
    }
}
