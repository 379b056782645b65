using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Exactly.Bot.Ethereum.Tests.Faults;

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
/// A loopback HTTP proxy (Kestrel on 127.0.0.1) in front of a JSON-RPC node: each request takes the next fault from a queue
/// (none when empty), and every request is counted.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient upstream;
    private readonly ConcurrentQueue<Fault> faults = new();
    private int requests;

    private FaultProxy(WebApplication app, HttpClient upstream)
    {
        this.app = app;
        this.upstream = upstream;
    }

    public Uri Url { get; private set; } = null!;

    public int Requests => Volatile.Read(ref requests);

    /// <summary>Seconds sent in <c>Retry-After</c> with a 429.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>When set, every request gets this fault (the queue is ignored).</summary>
    public Fault? Always { get; set; }

    public void Enqueue(params Fault[] next)
    {
        foreach (var fault in next)
        {
            faults.Enqueue(fault);
        }
    }

    public static async Task<FaultProxy> StartAsync(Uri upstreamUrl)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var proxy = new FaultProxy(app, new HttpClient { BaseAddress = upstreamUrl });
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.Url = new Uri(address.EndsWith('/') ? address : address + "/");
        return proxy;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref requests);
        var fault = Always ?? (faults.TryDequeue(out var next) ? next : Fault.None);
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        switch (fault)
        {
            case Fault.TooManyRequests:
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return;
            case Fault.ServerError:
                context.Response.StatusCode = 500;
                return;
            case Fault.Hang:
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            case Fault.NotJson:
                context.Response.StatusCode = 200;
                await context.Response.WriteAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"resu", context.RequestAborted);
                return;
            case Fault.RateLimitError:
                var id = JsonNode.Parse(body) is JsonObject o ? o["id"]?.DeepClone() : null;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(
                    new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["error"] = new JsonObject { ["code"] = -32005, ["message"] = "limit exceeded" } }.ToJsonString(),
                    context.RequestAborted);
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

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        upstream.Dispose();
    }
}
