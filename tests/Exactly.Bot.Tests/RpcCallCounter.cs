using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Exactly.Bot.Tests;

/// <summary>
/// A loopback HTTP proxy (real Kestrel) in front of anvil that counts JSON-RPC calls: one per request object, so a batch of
/// seven counts seven. The bot points at it; the test's own reads go to anvil directly and are not counted. It can also play
/// a node that is down (<see cref="Failing"/>).
/// </summary>
public sealed class RpcCallCounter : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient upstream = new();
    private int calls;

    private RpcCallCounter(WebApplication app) => this.app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>JSON-RPC calls forwarded so far.</summary>
    public int Calls => Volatile.Read(ref calls);

    /// <summary>While true the node is "down": every request is answered 503 without reaching it (and not counted).</summary>
    public bool Failing { get; set; }

    public static async Task<RpcCallCounter> StartAsync(Uri node)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var counter = new RpcCallCounter(app);
        app.MapPost("/", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            if (counter.Failing)
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            using (var json = JsonDocument.Parse(body))
            {
                Interlocked.Add(ref counter.calls, json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement.GetArrayLength() : 1);
            }

            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var answer = await counter.upstream.PostAsync(node, content, http.RequestAborted);
            http.Response.StatusCode = (int)answer.StatusCode;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(await answer.Content.ReadAsStringAsync(http.RequestAborted), http.RequestAborted);
        });
        await app.StartAsync();
        counter.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return counter;
    }

    /// <summary>How many calls <paramref name="action"/> made the bot send.</summary>
    public async Task<int> CountAsync(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var before = Calls;
        await action();
        return Calls - before;
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        upstream.Dispose();
    }
}
