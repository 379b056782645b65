using System.Diagnostics;
using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Quotes;
using Xunit.Abstractions;

namespace Exactly.Bot.Protocol.Tests;

/// <summary>
/// Timed harness: quote latency (p50/p99) on the devnet and JSON-RPC round trips per quote, counted at the HTTP handler.
/// Goal: one round trip per quote once the market catalogue and the DebtManager probe are cached.
/// </summary>
public sealed class QuoteLatencyTests(QuoteFixture fixture, ITestOutputHelper output) : IClassFixture<QuoteFixture>
{
    sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        public int Requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Requests);
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task EveryQuote_IsOneRoundTrip_AndLatencyIsReported()
    {
        using var handler = new CountingHandler();
        using var http = new HttpClient(handler) { BaseAddress = fixture.Devnet.RpcUrl };
        var rpc = new JsonRpcClient(http);
        var deployment = fixture.Deployment;
        using var probe = new DebtManagerProbe(rpc, deployment);
        var leverage = new LeverageQuoter(rpc, deployment, probe, TimeProvider.System);
        var deleverage = new DeleverageQuoter(rpc, deployment, probe, TimeProvider.System);
        var cross = new CrossQuoter(rpc, deployment, probe, TimeProvider.System);
        var (usdc, weth) = (await fixture.MarketAsync("USDC"), await fixture.MarketAsync("WETH"));
        var account = fixture.Devnet.Accounts[9];
        await fixture.OpenSameAssetAsync(account, usdc, 100 * BigInteger.Pow(10, 6), 3 * Units.Wad);
        await probe.GetAsync();
        var warm = handler.Requests;
        output.WriteLine($"probe (once per process): {warm} round trips");

        var quotes = new (string Name, Func<Task<bool>> Run)[]
        {
            ("leverage 3x USDC 100", async () => (await leverage.QuoteAsync(WalletDirectoryFresh, usdc, 100 * BigInteger.Pow(10, 6), 3 * Units.Wad)).IsSuccess),
            ("deleverage 1x USDC", async () => (await deleverage.QuoteAsync(new DeleverageRequest(account, usdc, Units.Wad, BigInteger.Zero, false))).IsSuccess),
            ("leverage 2x USDC/WETH 1000", async () => (await cross.QuoteAsync(WalletDirectoryFresh, usdc, weth, 1_000 * BigInteger.Pow(10, 6), 2 * Units.Wad, false)).IsSuccess),
        };
        foreach (var (name, run) in quotes)
        {
            var times = new List<double>();
            var before = handler.Requests;
            const int n = 200;
            for (var i = 0; i < n; i++)
            {
                var watch = Stopwatch.StartNew();
                Assert.True(await run(), name);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            var trips = (double)(handler.Requests - before) / n;
            output.WriteLine($"{name,-28} p50 {times[n / 2]:0.00} ms  p99 {times[(int)(n * 0.99)]:0.00} ms  round trips/quote {trips:0.##}");
            Assert.Equal(1.0, trips);
        }
    }

    static readonly Address WalletDirectoryFresh = Address.Parse("0x000000000000000000000000000000000000dEaD");
}
