using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>How <see cref="LogHealthEngine"/> verifies itself and paces its backfill.</summary>
public sealed record LogHealthOptions
{
    /// <summary>Accounts per block whose local result is compared with <c>accountLiquidity</c> (default 8; touched ones first).</summary>
    public int SampleSize { get; init; } = 8;

    /// <summary>Backfill pages read per evaluated block while catching up (default 8); meanwhile the fallback engine answers.</summary>
    public int BackfillPagesPerBlock { get; init; } = 8;
}

/// <summary>
/// Health from logs: account state kept by a <see cref="LogIndexer"/>, market state read once per block (one pinned
/// Multicall3 call, whatever the number of accounts), <c>accountLiquidity</c> computed locally to the wei. The same call
/// carries <c>accountLiquidity</c> of a small sample (touched accounts first, then a rotation): any difference marks the
/// engine <see cref="Diverged"/> and from then on every evaluation is answered by the fallback engine (the batched reads),
/// as it is while the backfill has not caught up, after a proxy upgrade, and for accounts whose history is incomplete.
/// Steady state: one <c>eth_getLogs</c> and one <c>eth_call</c> per block.
/// </summary>
/// <param name="rpc">The node.</param>
/// <param name="deployment">The configured Auditor and Multicall3.</param>
/// <param name="indexer">The account state.</param>
/// <param name="fallback">The engine that reads <c>accountLiquidity</c> from chain (<see cref="BatchedLiquidityEngine"/>).</param>
/// <param name="options">Sample size and backfill pace.</param>
public sealed class LogHealthEngine(JsonRpcClient rpc, ProtocolDeployment deployment, LogIndexer indexer, IHealthEngine fallback, LogHealthOptions? options = null)
    : IHealthEngine
{
    private readonly LogHealthOptions options = options ?? new LogHealthOptions();
    private readonly MarketStateReader reader = new(rpc, deployment);
    private IReadOnlyList<ListedMarket> markets = [];
    private int rotation;

    /// <summary>True once a sampled account differed from <c>accountLiquidity</c>: local results are no longer used.</summary>
    public bool Diverged { get; private set; }

    /// <summary>The first difference seen (account, local, chain), for the operator.</summary>
    public string? Divergence { get; private set; }

    /// <summary>Sampled accounts that matched <c>accountLiquidity</c> to the wei, in total.</summary>
    public long Verified { get; private set; }

    /// <summary>True when the last evaluation was computed locally (not by the fallback).</summary>
    public bool LastWasLocal { get; private set; }

    /// <inheritdoc />
    public async Task<HealthEvaluation> EvaluateAsync(IReadOnlyList<Address> accounts, BlockHeader block, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(block);
        var (caughtUp, requests) = await indexer.SyncAsync(block, options.BackfillPagesPerBlock, cancellationToken).ConfigureAwait(false);
        if (!caughtUp || indexer.Upgraded || Diverged)
        {
            return await FallbackAsync(accounts, block, requests, cancellationToken).ConfigureAwait(false);
        }

        if (indexer.MarketsChanged)
        {
            markets = await reader.ListAsync(block.Pin, cancellationToken).ConfigureAwait(false);
            indexer.MarketsChanged = false;
            requests += 2;
        }

        var book = indexer.Book;
        var sample = Sample(accounts, book.TakeTouched());
        var states = await reader.ReadAsync(markets, sample, block, cancellationToken).ConfigureAwait(false);
        requests++;
        var readings = new Dictionary<Address, LiquidityReading>(accounts.Count);
        var fromChain = new List<Address>();
        foreach (var account in accounts)
        {
            var id = book.IdOf(account);
            if (id >= 0 && book.IsUntrusted(id))
            {
                fromChain.Add(account);
            }
            else if (id < 0)
            {
                // No log ever named it: no shares, no debt, no market entered — accountLiquidity is (0, 0).
                readings[account] = new LiquidityReading(account, 0, 0);
            }
            else if (LocalLiquidity.Evaluate(book, id, markets, states.States, block.Timestamp) is { } local)
            {
                readings[account] = new LiquidityReading(account, local.Collateral, local.Debt);
            }
        }

        if (!Verify(sample, states, block.Timestamp))
        {
            return await FallbackAsync(accounts, block, requests, cancellationToken).ConfigureAwait(false);
        }

        if (fromChain.Count > 0)
        {
            var chain = await fallback.EvaluateAsync(fromChain, block, cancellationToken).ConfigureAwait(false);
            requests += chain.RpcRequests;
            foreach (var (account, reading) in chain.Readings)
            {
                readings[account] = reading;
            }
        }

        LastWasLocal = true;
        return new HealthEvaluation(block, readings, requests);
    }

    private async Task<HealthEvaluation> FallbackAsync(IReadOnlyList<Address> accounts, BlockHeader block, int requests, CancellationToken cancellationToken)
    {
        LastWasLocal = false;
        var evaluation = await fallback.EvaluateAsync(accounts, block, cancellationToken).ConfigureAwait(false);
        return evaluation with { RpcRequests = evaluation.RpcRequests + requests };
    }

    /// <summary>Touched accounts first (a wrong event rule shows there first), then a rotation through the rest.</summary>
    private Address[] Sample(IReadOnlyList<Address> accounts, int[] touched)
    {
        var book = indexer.Book;
        var sample = touched.Select(book.AddressOf).Where(a => !book.IsUntrusted(book.IdOf(a))).Take(options.SampleSize).ToList();
        for (var i = 0; sample.Count < options.SampleSize && i < accounts.Count; i++)
        {
            var account = accounts[(rotation + i) % accounts.Count];
            if (!sample.Contains(account) && book.IdOf(account) is var id && id >= 0 && !book.IsUntrusted(id))
            {
                sample.Add(account);
            }
        }

        rotation = accounts.Count == 0 ? 0 : (rotation + options.SampleSize) % accounts.Count;
        return [.. sample];
    }

    private bool Verify(Address[] sample, MarketStates states, long timestamp)
    {
        var book = indexer.Book;
        foreach (var account in sample)
        {
            var id = book.IdOf(account);
            var mine = id < 0 ? new LiquidityReading(account, 0, 0)
                : LocalLiquidity.Evaluate(book, id, markets, states.States, timestamp) is { } local ? new LiquidityReading(account, local.Collateral, local.Debt)
                : null;
            var theirs = states.Sample.GetValueOrDefault(account);
            if (mine != theirs)
            {
                Diverged = true;
                Divergence = $"{account} at block {states.Block.Number}: local {mine?.Collateral}/{mine?.Debt}, accountLiquidity {theirs?.Collateral}/{theirs?.Debt}";
                return false;
            }

            Verified++;
        }

        return true;
    }
}
