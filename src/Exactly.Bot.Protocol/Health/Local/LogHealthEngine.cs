using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>
/// Health from logs: account state kept by a <see cref="LogIndexer"/>, market state read once per block (one pinned
/// Multicall3 call, whatever the number of accounts), <c>accountLiquidity</c> computed locally to the wei. The same call
/// carries <c>accountLiquidity</c> of a small sample (touched accounts first, then a rotation): any difference marks the
/// engine <see cref="Diverged"/> and from then on every evaluation is answered by the fallback engine (the batched reads;
/// the alert monitor's <c>StoredLogHealthEngine</c> then discards this engine and rebuilds the state from a fresh backfill).
/// The fallback also answers while the backfill has not caught up, for accounts whose history is incomplete, and for the
/// block after a proxy <c>Upgraded</c> event, where every local result is compared with the fallback's before local
/// results are used again. Steady state: one <c>eth_getLogs</c> and one <c>eth_call</c> per block. With a
/// <see cref="HealthQuery"/> carrying thresholds, accounts far from all of them are screened in double precision
/// (<see cref="HealthScreen"/>) and reported in <see cref="HealthEvaluation.Approximate"/>; <c>Liquidate</c> logs come
/// with the block's own logs (<see cref="HealthEvaluation.Liquidations"/>).
/// </summary>
/// <param name="rpc">The node.</param>
/// <param name="deployment">The configured Auditor and Multicall3.</param>
/// <param name="indexer">The account state.</param>
/// <param name="fallback">The engine that reads <c>accountLiquidity</c> from chain (<see cref="BatchedLiquidityEngine"/>).</param>
/// <param name="options">Sample size and backfill pace.</param>
public sealed partial class LogHealthEngine(JsonRpcClient rpc, ProtocolDeployment deployment, LogIndexer indexer, IHealthEngine fallback, LogHealthOptions? options = null)
    : IHealthEngine, Positions.ILocalFixedBorrows
{
    private readonly LogHealthOptions options = options ?? new LogHealthOptions();
    private readonly MarketStateReader reader = new(rpc, deployment);
    private IReadOnlyList<ListedMarket> markets = [];
    private int rotation;

    /// <summary>True once a local result differed from <c>accountLiquidity</c>: local results are no longer used.</summary>
    public bool Diverged { get; private set; }

    /// <summary>The first difference seen (account, block, local, chain), for the operator.</summary>
    public string? Divergence { get; private set; }

    /// <summary>The account of <see cref="Divergence"/>.</summary>
    public Address? DivergedAccount { get; private set; }

    /// <summary>Accounts whose local result matched <c>accountLiquidity</c> to the wei, in total (samples and re-validations).</summary>
    public long Verified { get; private set; }

    /// <summary>Full comparisons passed after <c>Upgraded</c> events.</summary>
    public int Revalidations { get; private set; }

    /// <summary>Blocks whose calls executed with a <c>block.timestamp</c> other than the header's (seen on anvil under load).</summary>
    public int TimestampSkews { get; private set; }

    /// <summary>The market states of the last local evaluation (one pinned call), for diagnostics.</summary>
    public MarketStates? LastStates { get; private set; }

    /// <summary>True when the last evaluation was computed locally (not by the fallback).</summary>
    public bool LastWasLocal { get; private set; }

    /// <summary>Accounts of the last local evaluation that took the exact path (the rest were screened).</summary>
    public int LastExact { get; private set; }

    /// <inheritdoc />
    /// <remarks>Only right after a local evaluation of <paramref name="block"/> (same hash): the book is then at that block.</remarks>
    public IReadOnlyDictionary<Address, IReadOnlyList<Positions.HeldFixedBorrow>>? FixedBorrowsAt(IReadOnlyList<Address> accounts, BlockHeader block) =>
        LastWasLocal && !Diverged && indexer.Head == block?.Number && LastStates?.Block.Hash.AsSpan().SequenceEqual(block.Hash) == true
            ? indexer.Book.FixedBorrowsOf(accounts, indexer.Applier.Markets) : null;

    /// <inheritdoc />
    public async Task<HealthEvaluation> EvaluateAsync(
        IReadOnlyList<Address> accounts, BlockHeader block, HealthQuery? query = null, CancellationToken cancellationToken = default)
    {
        var evaluation = await EvaluateCoreAsync(accounts, block, query, cancellationToken).ConfigureAwait(false);
        // Liquidations are answered exactly when every block from LiquidationsFrom was applied: so are the pause/freeze logs.
        return evaluation.Liquidations is not null && query?.LiquidationsFrom is { } from
            ? evaluation with { MarketStatusChanges = indexer.MarketStatusChanges(from) }
            : evaluation;
    }

    private async Task<HealthEvaluation> EvaluateCoreAsync(IReadOnlyList<Address> accounts, BlockHeader block, HealthQuery? query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(block);
        query ??= HealthQuery.AllExact;
        LastWasLocal = false;
        var (caughtUp, requests) = await indexer.SyncAsync(block, options.BackfillPagesPerBlock, cancellationToken).ConfigureAwait(false);
        // The Liquidate logs came with the block's own logs (no request of their own) once the indexer is at this block.
        var liquidations = caughtUp && query.LiquidationsFrom is { } from ? indexer.Liquidations(from) : null;
        if (!caughtUp || Diverged)
        {
            return await FallbackAsync(accounts, block, requests, liquidations, cancellationToken).ConfigureAwait(false);
        }

        // After an upgrade every local result is compared with the chain's: no screening, all exact.
        var local = await LocalAsync(accounts, block, indexer.Upgraded ? HealthQuery.AllExact : query, cancellationToken).ConfigureAwait(false);
        requests += local.Requests;
        if (!Verify(local.Sample, local.States))
        {
            return await FallbackAsync(accounts, block, requests, liquidations, cancellationToken).ConfigureAwait(false);
        }

        if (indexer.Upgraded)
        {
            // Re-validate after an upgrade: every local result against the chain at this block, and answer with the chain's.
            var chain = await FallbackAsync(accounts, block, requests, liquidations, cancellationToken).ConfigureAwait(false);
            if (Compare(local.Readings, chain.Readings, local.FromChain, block))
            {
                indexer.Upgraded = false;
                Revalidations++;
            }

            return chain;
        }

        if (local.FromChain.Count > 0)
        {
            var chain = await fallback.EvaluateAsync(local.FromChain, block, null, cancellationToken).ConfigureAwait(false);
            requests += chain.RpcRequests;
            foreach (var (account, reading) in chain.Readings)
            {
                local.Readings[account] = reading;
            }
        }

        LastWasLocal = true;
        return new HealthEvaluation(block, local.Readings, requests) { Approximate = local.Approximate, Liquidations = liquidations, Local = true };
    }

    private async Task<HealthEvaluation> FallbackAsync(
        IReadOnlyList<Address> accounts, BlockHeader block, int requests, IReadOnlyList<ChainLog>? liquidations, CancellationToken cancellationToken)
    {
        var evaluation = await fallback.EvaluateAsync(accounts, block, null, cancellationToken).ConfigureAwait(false);
        return evaluation with { RpcRequests = evaluation.RpcRequests + requests, Liquidations = liquidations };
    }

    /// <summary>
    /// Every account's local result (screened where <paramref name="query"/> allows); accounts with incomplete history are
    /// listed for the chain instead.
    /// </summary>
    private async Task<LocalResult> LocalAsync(IReadOnlyList<Address> accounts, BlockHeader block, HealthQuery query, CancellationToken cancellationToken)
    {
        var requests = 0;
        if (indexer.MarketsChanged)
        {
            markets = await reader.ListAsync(block.Pin, cancellationToken).ConfigureAwait(false);
            indexer.MarketsChanged = false;
            requests += 2;
        }

        var book = indexer.Book;
        var touched = book.TakeTouched();
        var sample = Sample(accounts, touched);
        var states = await reader.ReadAsync(markets, sample, block, cancellationToken).ConfigureAwait(false);
        LastStates = states;
        if (states.Timestamp != block.Timestamp)
        {
            TimestampSkews++;
        }

        var screened = Screen(query, states, touched);
        // The block's market terms once, not per account (LocalLiquidity.Evaluate with lists rebuilds them per call).
        var terms = new LocalLiquidityTerms(markets, states.States, states.Timestamp);
        var readings = new Dictionary<Address, LiquidityReading>(accounts.Count);
        var approximate = new HashSet<Address>();
        var fromChain = new List<Address>();
        foreach (var account in accounts)
        {
            var id = book.IdOf(account);
            if (id >= 0 && book.IsUntrusted(id))
            {
                fromChain.Add(account);
            }
            else if (id >= 0 && screened is not null && !query.Exact.Contains(account) && Approximation(id, screened, states) is { } rough)
            {
                readings[account] = rough;
                approximate.Add(account);
            }
            else if (LocalReading(account, terms) is { } reading)
            {
                readings[account] = reading;
            }
        }

        LastExact = accounts.Count - approximate.Count;
        return new LocalResult(readings, approximate, fromChain, states, sample, requests + 1);
    }

    /// <summary>One account's exact local result; null where <c>accountLiquidity</c> would revert.</summary>
    private LiquidityReading? LocalReading(Address account, LocalLiquidityTerms terms)
    {
        var id = indexer.Book.IdOf(account);
        // No log ever named it: no shares, no debt, no market entered — accountLiquidity is (0, 0).
        return id < 0 ? new LiquidityReading(account, 0, 0)
            : LocalLiquidity.Evaluate(indexer.Book, id, terms) is { } local ? new LiquidityReading(account, local.Collateral, local.Debt)
            : null;
    }

    private sealed record LocalResult(
        Dictionary<Address, LiquidityReading> Readings, HashSet<Address> Approximate, List<Address> FromChain, MarketStates States, Address[] Sample, int Requests);
}
