using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Ethereum.Tests.Chain;
using Exactly.Bot.TestSupport;

namespace Exactly.Bot.Ethereum.Tests.Faults;

/// <summary>
/// Faults injected by a loopback proxy in front of the devnet's anvil: bounded attempts, Retry-After honoured, failover to a
/// second URL without a back-off, and no retry of a revert or of any other JSON-RPC error. Requests are counted at the proxy.
/// </summary>
[Collection(DevnetGroup.Name)]
public sealed class RpcFaultTests(DevnetFixture fixture) : IAsyncLifetime
{
    private RpcProxy first = null!;
    private RpcProxy second = null!;

    public async Task InitializeAsync()
    {
        first = await RpcProxy.StartAsync(fixture.Devnet.RpcUrl);
        second = await RpcProxy.StartAsync(fixture.Devnet.RpcUrl);
    }

    public async Task DisposeAsync()
    {
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    private static JsonRpcClient Client(IEnumerable<Uri> urls, int maxAttempts = 4, double attemptTimeoutSeconds = 5, TimeProvider? time = null)
    {
        var options = new EthereumRpcOptions { MaxAttempts = maxAttempts, AttemptTimeout = TimeSpan.FromSeconds(attemptTimeoutSeconds), BaseDelay = TimeSpan.FromMilliseconds(20) };
        foreach (var url in urls)
        {
            options.Urls.Add(url.ToString());
        }

        var handler = new RpcResilienceHandler(options, time) { InnerHandler = new SocketsHttpHandler() };
        return new JsonRpcClient(new HttpClient(handler) { BaseAddress = new Uri(options.Urls[0]), Timeout = TimeSpan.FromSeconds(60) });
    }

    [Fact]
    public async Task TooManyRequests_WaitsRetryAfter_ThenSucceeds()
    {
        var time = new RecordingTimeProvider();
        first.RetryAfterSeconds = 1;
        first.Enqueue(Fault.TooManyRequests);

        Assert.Equal(10, await Client([first.Url], time: time).ChainIdAsync());

        Assert.Equal(2, first.Requests);
        Assert.Contains(TimeSpan.FromSeconds(1), time.Timers);
    }

    [Fact]
    public async Task ServerErrorEveryTime_StopsAfterMaxAttempts()
    {
        first.Always = Fault.ServerError;

        var error = await Assert.ThrowsAsync<RpcTransportException>(() => Client([first.Url], maxAttempts: 3).ChainIdAsync());

        Assert.Equal(500, error.StatusCode);
        Assert.Equal(3, first.Requests);
    }

    [Fact]
    public async Task ServerErrorWithOneAttempt_FailsAtOnceWithoutRetry()
    {
        // "1 means no retry" (the validator's words): Polly refuses a retry strategy with 0 retries, so this once threw at construction.
        first.Always = Fault.ServerError;

        var error = await Assert.ThrowsAsync<RpcTransportException>(() => Client([first.Url], maxAttempts: 1).ChainIdAsync());

        Assert.Equal(500, error.StatusCode);
        Assert.Equal(1, first.Requests);
    }

    [Theory]
    [InlineData(Fault.ServerError)]
    [InlineData(Fault.NotJson)]
    [InlineData(Fault.RateLimitError)]
    [InlineData(Fault.Hang)]
    public async Task OneTransientFault_IsRetriedOnce(Fault fault)
    {
        first.Enqueue(fault);

        Assert.Equal(10, await Client([first.Url], attemptTimeoutSeconds: 0.5).ChainIdAsync());

        Assert.Equal(2, first.Requests);
    }

    [Fact]
    public async Task BrokenBatch_MissingAnAnswer_IsRetried()
    {
        first.Enqueue(Fault.DropLastBatchAnswer);
        var client = Client([first.Url]);

        var answers = await client.SendBatchAsync([new JsonRpcRequest("eth_chainId"), new JsonRpcRequest("eth_blockNumber"), new JsonRpcRequest("net_version")]);

        Assert.Equal(3, answers.Count);
        Assert.Equal(2, first.Requests);
    }

    [Fact]
    public async Task Revert_IsNeverRetried()
    {
        // Creation code PUSH1 0 PUSH1 0 REVERT: eth_call without "to" runs it and reverts.
        var client = Client([first.Url, second.Url]);

        await Assert.ThrowsAsync<RevertException>(() => client.CallAsync(new TransactionRequest(null, Hex.Decode("0x60006000fd"))));

        Assert.Equal(1, first.Requests + second.Requests);
    }

    [Fact]
    public async Task OtherJsonRpcError_IsNeverRetried()
    {
        var client = Client([first.Url, second.Url]);

        var error = await Assert.ThrowsAsync<JsonRpcException>(() => client.RequestAsync("eth_noSuchMethod", []));

        Assert.IsNotType<RevertException>(error);
        Assert.Equal(1, first.Requests + second.Requests);
    }

    [Theory]
    [InlineData(Fault.Hang)]
    [InlineData(Fault.ServerError)]
    [InlineData(Fault.TooManyRequests)]
    public async Task FirstUrlFailing_FailsOverToTheSecondWithoutAnyBackOff_AndStaysThere(Fault fault)
    {
        first.Always = fault;
        first.RetryAfterSeconds = 30;
        var time = new RecordingTimeProvider();
        var client = Client([first.Url, second.Url], attemptTimeoutSeconds: 1, time: time);

        Assert.Equal(10, await client.ChainIdAsync());
        Assert.Equal(10, await client.ChainIdAsync());

        // The functional bound, read from what was scheduled instead of a stopwatch: a hanging URL costs one 1 s
        // attempt timeout, a failing one nothing, and no back-off or Retry-After wait (30 s here) is ever scheduled.
        var waits = time.Timers.Where(t => t > TimeSpan.Zero).ToList();
        Assert.All(waits, t => Assert.Equal(TimeSpan.FromSeconds(1), t));
        Assert.Equal(1, first.Requests);
        Assert.Equal(2, second.Requests);
    }

    [Fact]
    public async Task FirstUrlDown_FailsOverToTheSecond()
    {
        var down = new Uri("http://127.0.0.1:9/"); // discard port: nothing listens
        Assert.Equal(10, await Client([down, second.Url]).ChainIdAsync());
        Assert.Equal(1, second.Requests);
    }

    [Fact]
    public async Task EveryAttemptTimingOut_IsAnRpcTimeout_NotACancellation()
    {
        first.Always = Fault.Hang;

        await Assert.ThrowsAsync<RpcTimeoutException>(() => Client([first.Url], maxAttempts: 2, attemptTimeoutSeconds: 0.3).ChainIdAsync());

        Assert.Equal(2, first.Requests);
    }

    [Fact]
    public async Task CallerCancelling_IsACancellation_NotATimeout()
    {
        first.Always = Fault.Hang;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var error = await Record.ExceptionAsync(() => Client([first.Url], attemptTimeoutSeconds: 30).ChainIdAsync(cancel.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(1, first.Requests);
    }
}
