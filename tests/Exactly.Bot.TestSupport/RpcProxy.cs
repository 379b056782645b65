using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Exactly.Bot.TestSupport;

/// <summary>What the proxy does to one request.</summary>
public enum Fault
{
    None,
    TooManyRequests,
    ServerError,
    Hang,
    DropLastBatchAnswer,
    NotJson,
    RateLimitError,
}

/// <summary>
/// A loopback HTTP proxy (real Kestrel on 127.0.0.1) in front of a JSON-RPC node (anvil). It counts HTTP requests and JSON-RPC
/// calls (one per request object, so a batch of seven counts seven), and each request takes the next fault from a queue
/// (none when empty). The bot points at it; a test's own reads go to the node directly and are not counted.
/// </summary>
public sealed class RpcProxy : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient upstream;
    private readonly ConcurrentQueue<Fault> faults = new();
    private readonly ConcurrentQueue<string> bodies = new();
    private int requests;
    private int calls;

    private RpcProxy(WebApplication app, HttpClient upstream)
    {
        this.app = app;
        this.upstream = upstream;
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>HTTP requests received so far.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>JSON-RPC calls received so far (a batch counts each of its requests).</summary>
    public int Calls => Volatile.Read(ref calls);

    /// <summary>Seconds sent in <c>Retry-After</c> with a 429.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>When set, every request gets this fault (the queue is ignored).</summary>
    public Fault? Always { get; set; }

    public static async Task<RpcProxy> StartAsync(Uri node)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var proxy = new RpcProxy(app, new HttpClient { BaseAddress = node });
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.Url = new Uri(address.EndsWith('/') ? address : address + "/");
        return proxy;
    }

    public void Enqueue(params Fault[] next)
    {
        ArgumentNullException.ThrowIfNull(next);
        foreach (var fault in next)
        {
            faults.Enqueue(fault);
        }
    }

    /// <summary>HTTP requests so far whose body contains <paramref name="fragment"/> (ordinal, e.g. lower-case calldata hex without 0x).</summary>
    public int RequestsContaining(string fragment) => bodies.Count(b => b.Contains(fragment, StringComparison.Ordinal));

    /// <summary>How many JSON-RPC calls <paramref name="action"/> made the bot send.</summary>
    public async Task<int> CountAsync(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var before = Calls;
        await action();
        return Calls - before;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref requests);
        var fault = Always ?? (faults.TryDequeue(out var next) ? next : Fault.None);
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        Interlocked.Add(ref calls, CallsIn(body));
        bodies.Enqueue(body);
        if (await AnswerFaultAsync(context, fault, body))
        {
            return;
        }

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await upstream.PostAsync((Uri?)null, content, context.RequestAborted);
        var answer = await response.Content.ReadAsStringAsync(context.RequestAborted);
        if (fault == Fault.DropLastBatchAnswer && JsonNode.Parse(answer) is JsonArray batch && batch.Count > 1)
        {
            batch.RemoveAt(batch.Count - 1);
            answer = batch.ToJsonString();
        }

        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer, context.RequestAborted);
    }

    private static int CallsIn(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement.GetArrayLength() : 1;
        }
        catch (JsonException)
        {
            return 1;
        }
    }

    /// <summary>Answers in place of the node for a fault that does not forward; false when the request goes on to the node.</summary>
    private async Task<bool> AnswerFaultAsync(HttpContext context, Fault fault, string body)
    {
        switch (fault)
        {
            case Fault.TooManyRequests:
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return true;
            case Fault.ServerError:
                context.Response.StatusCode = 500;
                return true;
            case Fault.Hang:
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return true;
            case Fault.NotJson:
                context.Response.StatusCode = 200;
                await context.Response.WriteAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"resu", context.RequestAborted);
                return true;
            case Fault.RateLimitError:
                var id = JsonNode.Parse(body) is JsonObject o ? o["id"]?.DeepClone() : null;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(
                    new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["error"] = new JsonObject { ["code"] = -32005, ["message"] = "limit exceeded" } }.ToJsonString(),
                    context.RequestAborted);
                return true;
            default:
                return false;
        }
    }
}
