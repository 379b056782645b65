using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Exactly.Bot.Ethereum.Rpc;

/// <summary>
/// A JSON-RPC 2.0 client over a typed <see cref="HttpClient"/>. Everything goes through one core,
/// <see cref="SendBatchAsync"/> (a single call is a batch of one, sent unwrapped); retries and failover belong in the
/// HttpClient's handler pipeline, so this class stays one narrow entry point (DESIGN.md #1).
/// </summary>
/// <param name="http">The HttpClient; its BaseAddress is the node URL (or the handler pipeline picks one).</param>
public sealed class JsonRpcClient(HttpClient http)
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");
    private long nextId;

    /// <summary>Sends one call and returns its <c>result</c>.</summary>
    /// <exception cref="RevertException">The call reverted (eth_call, eth_estimateGas).</exception>
    /// <exception cref="JsonRpcException">The node answered with another error.</exception>
    /// <exception cref="RpcTransportException">The node could not be reached, or answered with a bad HTTP status or body.</exception>
    /// <exception cref="RpcTimeoutException">No answer within the HttpClient's timeout.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<JsonElement> SendAsync(JsonRpcRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var responses = await SendBatchAsync([request], cancellationToken);
        return responses[0].GetResultOrThrow();
    }

    /// <summary>
    /// Sends several calls in one HTTP request (a JSON-RPC batch). Answers come back in request order, each a result
    /// or its own error; a batch of one is sent as a plain object.
    /// </summary>
    /// <exception cref="RpcTransportException">The batch as a whole failed, or an answer is missing.</exception>
    /// <exception cref="RpcTimeoutException">No answer within the HttpClient's timeout.</exception>
    public async Task<IReadOnlyList<JsonRpcResponse>> SendBatchAsync(IReadOnlyList<JsonRpcRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            return [];
        }

        var firstId = Interlocked.Add(ref nextId, requests.Count) - requests.Count + 1;
        JsonNode body = requests.Count == 1
            ? requests[0].ToJson(firstId)
            : new JsonArray(requests.Select((r, i) => (JsonNode?)r.ToJson(firstId + i)).ToArray());

        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = JsonMediaType;
        using var document = await PostAsync(content, cancellationToken);

        var byId = new Dictionary<long, JsonElement>();
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("id", out _) || root.ValueKind == JsonValueKind.Object && root.GetProperty("id").ValueKind == JsonValueKind.Null)
        {
            // A batch-level error object (no id): the node refused the whole batch.
            throw ToException(requests[0].Method, root.TryGetProperty("error", out var e) ? e : root) is JsonRpcException ex
                ? new RpcTransportException($"The node refused the request: {ex.NodeMessage} (code {ex.Code}).", null, ex)
                : new RpcTransportException("The node refused the request.", null);
        }

        foreach (var item in root.ValueKind == JsonValueKind.Array ? root.EnumerateArray() : Enumerate(root))
        {
            if (item.TryGetProperty("id", out var id) && id.TryGetInt64(out var number))
            {
                byId[number] = item;
            }
        }

        var responses = new JsonRpcResponse[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            if (!byId.TryGetValue(firstId + i, out var item))
            {
                throw new RpcTransportException($"The node's answer has no response for {requests[i].Method} (id {firstId + i}).", null);
            }

            responses[i] = item.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null
                ? new JsonRpcResponse(default, ToException(requests[i].Method, error))
                : new JsonRpcResponse(item.TryGetProperty("result", out var result) ? result.Clone() : default, null);
        }

        return responses;
    }

    /// <summary>Any method, e.g. <c>anvil_setCode</c>, with raw JSON parameters.</summary>
    public Task<JsonElement> RequestAsync(string method, JsonNode?[] parameters, CancellationToken cancellationToken = default) =>
        SendAsync(new JsonRpcRequest(method, parameters), cancellationToken);

    private async Task<JsonDocument> PostAsync(HttpContent content, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync((Uri?)null, content, cancellationToken);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RpcTimeoutException($"The node did not answer within {http.Timeout.TotalSeconds:0.#} s.", ex);
        }
        catch (TimeoutException ex)
        {
            // RpcResilienceHandler's per-attempt timeout fired on the last attempt.
            throw new RpcTimeoutException(ex.Message, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new RpcTransportException($"The node could not be reached: {ex.Message}", (int?)ex.StatusCode, ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new RpcTransportException($"The node answered HTTP {(int)response.StatusCode}.", (int)response.StatusCode);
            }

            try
            {
                return JsonDocument.Parse(text);
            }
            catch (JsonException ex)
            {
                throw new RpcTransportException("The node's answer is not JSON.", (int)response.StatusCode, ex);
            }
        }
    }

    private static IEnumerable<JsonElement> Enumerate(JsonElement single)
    {
        yield return single;
    }

    private static JsonRpcException ToException(string method, JsonElement error)
    {
        var code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : 0;
        var message = error.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : error.GetRawText();
        string? data = null;
        if (error.TryGetProperty("data", out var d))
        {
            data = d.ValueKind == JsonValueKind.String ? d.GetString() : d.GetRawText();
            // Some nodes wrap revert data: {"data": {"data": "0x…"}} or {"data": {"message": …, "data": "0x…"}}.
            if (d.ValueKind == JsonValueKind.Object && d.TryGetProperty("data", out var inner) && inner.ValueKind == JsonValueKind.String)
            {
                data = inner.GetString();
            }
        }

        var isRevert = code == 3 || message.Contains("revert", StringComparison.OrdinalIgnoreCase);
        if (isRevert)
        {
            var revertData = data is not null && data.StartsWith("0x", StringComparison.Ordinal) ? Hex.Decode(data) : [];
            return new RevertException(method, code, message, data, revertData);
        }

        return new JsonRpcException(method, code, message, data);
    }
}
