using System.Collections.Concurrent;
using Exactly.Bot.Chat;
using Exactly.Bot.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Exactly.Bot.Tests;

/// <summary>
/// Run mode's public signing URL and HSTS, and the RPC URL's secrecy (issue 10, item 13). No devnet: the RPC is a closed
/// loopback port, which is all these checks need.
/// </summary>
public sealed class RunModeSafetyTests : IDisposable
{
    private const string Secret = "SECRET-API-KEY-4f1c";
    private readonly string databasePath = TempDatabase.NewPath("bot-runmode");

    public void Dispose()
    {
        TempDatabase.Delete(databasePath);
    }

    [Theory]
    [InlineData(null, "Signing:PublicBaseUrl is not set")]
    [InlineData("javascript:alert(1)", "must use https")]
    [InlineData("http://bot.example.com", "must use https")]
    [InlineData("https://user:pass@bot.example.com", "no user name, query or fragment")]
    public async Task Run_WithoutAnHttpsSigningUrl_StopsWithASentenceNamingTheSetting(string? publicBaseUrl, string expected)
    {
        var error = new StringWriter();
        string[] args = ["run", "--Urls=http://127.0.0.1:0", "--Chain:RpcUrls:0=http://127.0.0.1:9/", $"--Storage:Path={databasePath}"];

        var exit = await BotApplication.RunAsync(
            publicBaseUrl is null ? args : [.. args, $"--Signing:PublicBaseUrl={publicBaseUrl}"], TextWriter.Null, error, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Signing__PublicBaseUrl", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunMode_WithAnHttpsSigningUrl_SendsHsts()
    {
        await using var app = Build("http://127.0.0.1:9/", runMode: true, publicBaseUrl: "https://bot.example.com");
        await app.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(new Uri(app.Urls.First()), "/healthz"));

        Assert.Equal("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task RunMode_WithLoopbackHttpSigningUrl_Starts()
    {
        await using var app = Build("http://127.0.0.1:9/", runMode: true, publicBaseUrl: "http://127.0.0.1:8080");

        await app.StartAsync();

        Assert.False(app.Lifetime.ApplicationStopping.IsCancellationRequested);
    }

    [Fact]
    public async Task Run_WithAMalformedRpcUrl_NamesTheSetting_NeverItsValue()
    {
        var error = new StringWriter();

        var exit = await BotApplication.RunAsync(
            ["run", "--Urls=http://127.0.0.1:0", $"--Chain:RpcUrls:0=ftp://rpc.example/v2/{Secret}", $"--Storage:Path={databasePath}", "--Signing:PublicBaseUrl=https://bot.example.com"],
            TextWriter.Null, error, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains("Chain:RpcUrls:0 is not an absolute http(s) URL", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RpcFailing_AtTraceLevel_NoLogLineScopeOrReply_CarriesTheRpcUrlPath()
    {
        var logs = new LogCapture();
        await using var app = Build($"http://127.0.0.1:9/v2/{Secret}", runMode: false, publicBaseUrl: null, logs);
        await app.StartAsync();

        var reply = await app.Services.GetRequiredService<ChatBot>().HandleAsync(
            new ChatMessage("console", "console", "u", "/markets", Guid.NewGuid().ToString("N")), CancellationToken.None);
        await app.StopAsync();

        Assert.Contains("chain could not be read", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, reply.Text, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.Contains("/markets", StringComparison.Ordinal)); // the failure was logged…
        Assert.Contains(logs.Lines, l => l.Contains("host 127.0.0.1", StringComparison.Ordinal)); // …naming the host
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Secret, StringComparison.Ordinal));
    }

    private WebApplication Build(string rpcUrl, bool runMode, string? publicBaseUrl, ILoggerProvider? logs = null) => BotApplication.Build(
        [],
        new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Chain:RpcUrls:0"] = rpcUrl,
            ["Storage:Path"] = databasePath,
            ["Signing:PublicBaseUrl"] = publicBaseUrl,
            // An operator turning every log on, HttpClient's included, still must not see the key.
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
            ["Ethereum:Rpc:MaxAttempts"] = "2",
        },
        console: null,
        services => services.AddSingleton(logs ?? new LogCapture()),
        runMode);
}
