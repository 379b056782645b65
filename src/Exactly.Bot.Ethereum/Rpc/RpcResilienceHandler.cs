using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Exactly.Bot.Ethereum.Rpc;

/// <summary>
/// The HTTP pipeline under <see cref="JsonRpcClient"/>: each attempt goes to one of <see cref="EthereumRpcOptions.Urls"/> with
/// its own timeout; a transient failure (connection error, attempt timeout, HTTP 408/429/5xx, an unreadable or incomplete
/// batch, JSON-RPC -32005/-32603 that is not a revert) moves on to the next URL at once, and once every URL has failed in a
/// round, waits (<c>Retry-After</c> when given, else exponential back-off with jitter) before the next round. Anything else —
/// a revert, another JSON-RPC error, a 4xx — is returned as is, never retried. The URL that answered is preferred next time.
/// </summary>
public sealed partial class RpcResilienceHandler : DelegatingHandler
{
    // The host of the attempt that just failed, for the retry log: the host only, since the path usually holds an API key.
    private static readonly ResiliencePropertyKey<string> AttemptHost = new("Exactly.Bot.RpcHost");

    private readonly EthereumRpcOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Uri[] urls;
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;
    private int preferred;

    /// <summary>Creates the handler.</summary>
    /// <exception cref="ArgumentException">No URL, or a URL that is not absolute.</exception>
    public RpcResilienceHandler(EthereumRpcOptions options, TimeProvider? time = null, ILogger<RpcResilienceHandler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? (ILogger)NullLogger.Instance;
        urls = options.Urls.Select(u => new Uri(u, UriKind.Absolute)).ToArray();
        if (urls.Length == 0)
        {
            throw new ArgumentException($"{EthereumRpcOptions.Section}:Urls is empty.", nameof(options));
        }

        pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = this.time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                // Polly refuses 0 retries, so MaxAttempts = 1 ("no retry", as the validator allows) is a retry that never handles.
                MaxRetryAttempts = Math.Max(1, options.MaxAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.BaseDelay,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(options.MaxAttempts > 1 && RpcFaults.IsTransient(args.Outcome, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult(NextDelay(args.AttemptNumber, args.Outcome)),
                OnRetry = args =>
                {
                    LogRetry(
                        this.logger, args.Outcome.Exception, args.AttemptNumber + 1, args.Context.Properties.GetValue(AttemptHost, "?"), RpcFaults.Describe(args.Outcome), args.RetryDelay);
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    /// <summary>The URLs, in order of preference.</summary>
    public IReadOnlyList<Uri> Urls => urls;

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var expectedAnswers = RpcFaults.CountRequests(body);
        var start = Volatile.Read(ref preferred);
        var attempt = 0;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            return await pipeline.ExecuteAsync(
                async ctx =>
                {
                    var index = (start + attempt++) % urls.Length;
                    ctx.Properties.Set(AttemptHost, urls[index].Host);
                    using var copy = Copy(request, urls[index], body);
                    var response = await base.SendAsync(copy, ctx.CancellationToken).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode && response.Content is not null)
                    {
                        await response.Content.LoadIntoBufferAsync(ctx.CancellationToken).ConfigureAwait(false);
                        var text = await response.Content.ReadAsByteArrayAsync(ctx.CancellationToken).ConfigureAwait(false);
                        response.RequestMessage ??= copy;
                        RpcFaults.MarkBody(response, text, expectedAnswers);
                    }

                    if (!RpcFaults.IsTransient(Outcome.FromResult(response), ctx.CancellationToken))
                    {
                        Volatile.Write(ref preferred, index);
                    }

                    return response;
                },
                context).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            // The last attempt timed out: a timeout, not a cancellation by the caller.
            throw new TimeoutException($"No answer from {urls.Length} RPC URL(s) within {options.AttemptTimeout.TotalSeconds:0.##} s per attempt.", e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private TimeSpan? NextDelay(int retryNumber, Outcome<HttpResponseMessage> outcome)
    {
        // The attempt about to start is retryNumber + 1 (0-based); a fresh URL in this round goes at once.
        if (urls.Length > 1 && (retryNumber + 1) % urls.Length != 0)
        {
            return TimeSpan.Zero;
        }

        var retryAfter = outcome.Result?.Headers.RetryAfter;
        TimeSpan? wait = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - time.GetUtcNow() : null);
        if (wait is { } w)
        {
            return w < TimeSpan.Zero ? TimeSpan.Zero : (w > options.MaxRetryAfter ? options.MaxRetryAfter : w);
        }

        return null;
    }

    private static HttpRequestMessage Copy(HttpRequestMessage request, Uri url, byte[] body)
    {
        var copy = new HttpRequestMessage(request.Method, url) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (request.Content is not null)
        {
            copy.Content = new ByteArrayContent(body);
            foreach (var header in request.Content.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return copy;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "JSON-RPC attempt {Attempt} to host {Host} failed ({Fault}); retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, Exception? exception, int attempt, string host, string fault, TimeSpan delay);
}
