using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Positions;

/// <summary>
/// Reads <see cref="WalletPosition"/>s at one block, every read pinned to the block's hash (EIP-1898). One Multicall3
/// <c>aggregate3</c> for a batch of wallets: per listed market its price, adjust factor, pause, freeze, penalty rate, floating
/// borrow totals and feed update time (once, shared by the batch); per wallet <c>accountMarkets</c> and per market <c>accountSnapshot</c>
/// and <c>accounts</c>. A second <c>aggregate3</c> follows only when some wallet has fixed borrows (their maturities are
/// packed in <c>accounts().fixedBorrows</c>, so <c>fixedBorrowPositions</c> can only be asked after the first answer).
/// </summary>
public sealed partial class PositionReader(JsonRpcClient rpc, ProtocolDeployment deployment, MarketCatalogue catalogue)
{
    /// <summary>
    /// Gas assumed per call when chunking: measured 13.7k (0.2.15) and 15.6k (current) per call for wallets with deposits, floating and fixed borrows (test Reader_GasPerWalletWithPositions_FitsTheChunkingEstimate), plus head-room,
    /// so each <c>aggregate3</c> stays under 25M gas, below the 30M call cap of anvil and most providers.
    /// </summary>
    public const long GasPerCall = 25_000;

    private const int MarketCalls = 8;
    private const int MaxRequestsInFlight = 8;
    private static readonly Multicall3Options Chunking = new() { MaxCallsPerChunk = 2_000, GasBudgetPerChunk = 25_000_000, DefaultGasPerCall = GasPerCall };

    /// <summary>Reads one wallet at <paramref name="block"/>.</summary>
    /// <returns>The position, or null when it cannot be evaluated at this block (a price it depends on reverted).</returns>
    /// <exception cref="RpcException">The node could not answer, or does not know the block.</exception>
    public async Task<WalletPosition?> ReadAsync(Address account, BlockHeader block, CancellationToken cancellationToken = default) =>
        (await ReadAsync([account], block, cancellationToken).ConfigureAwait(false)).GetValueOrDefault(account);

    /// <summary>Reads <paramref name="accounts"/> at <paramref name="block"/>.</summary>
    /// <returns>
    /// A position per wallet that could be evaluated. A wallet is missing when a price of a market it entered reverted (the
    /// Auditor's <c>accountLiquidity</c> reverts too): no alert may be based on it.
    /// </returns>
    /// <exception cref="RpcException">The node could not answer, or does not know the block.</exception>
    public async Task<IReadOnlyDictionary<Address, WalletPosition>> ReadAsync(
        IReadOnlyList<Address> accounts, BlockHeader block, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(block);
        var markets = await catalogue.GetMarketsAsync(cancellationToken).ConfigureAwait(false);
        var calls = Calls(markets, accounts);
        var results = await AggregateAsync(calls, block, cancellationToken).ConfigureAwait(false);
        var facts = markets.Select((m, i) => MarketFacts.From(results, i * MarketCalls)).ToArray();
        var perAccount = 1 + (2 * markets.Count);
        var offset = markets.Count * MarketCalls;
        var raw = accounts.Select((a, i) => RawAccount.From(a, markets.Count, results, offset + (i * perAccount))).ToArray();
        var fixedBorrows = await ReadFixedBorrowsAsync(raw, markets, block, cancellationToken).ConfigureAwait(false);

        var positions = new Dictionary<Address, WalletPosition>(accounts.Count);
        foreach (var account in raw)
        {
            var list = new MarketPosition[markets.Count];
            var evaluable = true;
            for (var j = 0; j < markets.Count; j++)
            {
                var entered = !((account.Entered >> markets[j].Index) & BigInteger.One).IsZero;
                var f = facts[j];
                evaluable &= !entered || f.Price is not null;
                var (deposit, debt, shares) = account.Markets[j];
                var floating = shares.IsZero ? BigInteger.Zero : f.FloatingShares.IsZero ? shares : DivUp(shares * f.FloatingAssets, f.FloatingShares);
                list[j] = new MarketPosition(
                    markets[j] with { AdjustFactor = f.AdjustFactor }, entered, deposit, debt, floating, fixedBorrows.GetValueOrDefault((account.Address, j), []),
                    f.Price ?? BigInteger.Zero, f.PenaltyRate, f.Paused, f.Frozen, f.UpdatedAt);
            }

            if (evaluable)
            {
                positions[account.Address] = new WalletPosition(account.Address, block, account.Entered, list);
            }
        }

        return positions;
    }

    /// <summary>The first <c>aggregate3</c>'s calls: <see cref="MarketCalls"/> per market, then 1 + 2 · markets per wallet.</summary>
    internal IReadOnlyList<Multicall3Call> Calls(IReadOnlyList<MarketInfo> markets, IReadOnlyList<Address> accounts)
    {
        var calls = new List<Multicall3Call>();
        foreach (var m in markets)
        {
            calls.Add(Call(deployment.Auditor, AuditorAbi.AssetPrice, m.PriceFeed));
            calls.Add(Call(m.Market, MarketAbi.Paused));
            calls.Add(Call(m.Market, MarketAbi.IsFrozen));
            calls.Add(Call(m.Market, MarketAbi.PenaltyRate));
            calls.Add(Call(m.Market, MarketAbi.TotalFloatingBorrowAssets));
            calls.Add(Call(m.Market, MarketAbi.TotalFloatingBorrowShares));
            calls.Add(Call(m.PriceFeed, PriceFeedAbi.LatestRoundData));
            // The adjust factor at this block, not the catalogue's cached one: an AdjustFactorSet would otherwise skew the sums.
            calls.Add(Call(deployment.Auditor, AuditorAbi.Markets, m.Market));
        }

        foreach (var a in accounts)
        {
            calls.Add(Call(deployment.Auditor, AuditorAbi.AccountMarkets, a));
            foreach (var m in markets)
            {
                calls.Add(Call(m.Market, MarketAbi.AccountSnapshot, a));
                calls.Add(Call(m.Market, MarketAbi.Accounts, a));
            }
        }

        return calls;
    }

    private Task<Dictionary<(Address, int), IReadOnlyList<FixedBorrow>>> ReadFixedBorrowsAsync(
        RawAccount[] accounts, IReadOnlyList<MarketInfo> markets, BlockHeader block, CancellationToken cancellationToken) =>
        ReadFixedBorrowsAsync(accounts.Select(a => (a.Address, a.FixedBorrows)), markets, block, cancellationToken);

    /// <summary>Per (account, market index) its fixed borrows, from the packed maturities of <c>accounts().fixedBorrows</c> per market.</summary>
    private async Task<Dictionary<(Address, int), IReadOnlyList<FixedBorrow>>> ReadFixedBorrowsAsync(
        IEnumerable<(Address Address, BigInteger[] Packed)> accounts, IReadOnlyList<MarketInfo> markets, BlockHeader block, CancellationToken cancellationToken)
    {
        var wanted = new List<(Address Account, int Market, long Maturity)>();
        foreach (var (address, packed) in accounts)
        {
            for (var j = 0; j < markets.Count; j++)
            {
                wanted.AddRange(FixedBorrow.Maturities(packed[j]).Select(maturity => (address, j, maturity)));
            }
        }

        var found = new Dictionary<(Address, int), IReadOnlyList<FixedBorrow>>();
        if (wanted.Count == 0)
        {
            return found;
        }

        var calls = wanted.Select(w => Call(markets[w.Market].Market, MarketAbi.FixedBorrowPositions, new BigInteger(w.Maturity), w.Account) with { AllowFailure = false })
            .ToArray();
        var results = await AggregateAsync(calls, block, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < wanted.Count; i++)
        {
            var values = MarketAbi.FixedBorrowPositions.Decode(results[i].ReturnData);
            var key = (wanted[i].Account, wanted[i].Market);
            var borrow = new FixedBorrow(wanted[i].Maturity, (BigInteger)values[0]!, (BigInteger)values[1]!);
            found[key] = [.. found.GetValueOrDefault(key, []), borrow];
        }

        return found;
    }

    /// <summary>
    /// The calls in gas-sized <c>aggregate3</c> chunks, one chunk per request, at most <see cref="MaxRequestsInFlight"/> at a
    /// time: all chunks in one JSON-RPC batch (Multicall3's default) is megabytes for 10,000 wallets, which anvil refused whole.
    /// </summary>
    private async Task<IReadOnlyList<Multicall3Result>> AggregateAsync(IReadOnlyList<Multicall3Call> calls, BlockHeader block, CancellationToken cancellationToken)
    {
        var slices = calls.Chunk((int)Math.Min(Chunking.MaxCallsPerChunk, Chunking.GasBudgetPerChunk / Chunking.DefaultGasPerCall)).ToArray();
        var answers = new IReadOnlyList<Multicall3Result>[slices.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, slices.Length),
            new ParallelOptions { MaxDegreeOfParallelism = MaxRequestsInFlight, CancellationToken = cancellationToken },
            async (i, token) => answers[i] = await rpc.AggregateAsync(slices[i], block.Pin, Chunking, deployment.Multicall3, token).ConfigureAwait(false)).ConfigureAwait(false);
        return answers.SelectMany(a => a).ToArray();
    }

    // Failures are allowed and read per call: optional functions (isFrozen, latestRoundData) revert on some deployments.
    private static Multicall3Call Call(Address target, AbiFunction function, params object?[] arguments) => new(target, function.Encode(arguments));

    private static BigInteger DivUp(BigInteger a, BigInteger b) => a.IsZero ? BigInteger.Zero : ((a - 1) / b) + 1;

    private static BigInteger Uint(Multicall3Result r, AbiFunction f, int index = 0) =>
        r.Success && r.ReturnData.Length > 0 ? (BigInteger)f.Decode(r.ReturnData)[index]! : throw Reverted(f);

    private static RpcException Reverted(AbiFunction f) => new($"{f.Name} reverted inside the position read; the configured addresses may not match the chain.");

    /// <summary>What a market says at the block; <see cref="Price"/> null when <c>assetPrice</c> reverted (a price ≤ 0).</summary>
    private sealed record MarketFacts(
        BigInteger? Price, bool Paused, bool? Frozen, BigInteger PenaltyRate, BigInteger FloatingAssets, BigInteger FloatingShares, long? UpdatedAt, BigInteger AdjustFactor)
    {
        public static MarketFacts From(IReadOnlyList<Multicall3Result> r, int at)
        {
            var price = r[at].Success ? (BigInteger?)(BigInteger)AuditorAbi.AssetPrice.Decode(r[at].ReturnData)[0]! : null;
            // isFrozen and latestRoundData are optional: 0.2.15 has no freeze, mock feeds no rounds. A revert means "not said".
            var frozen = r[at + 2].Success && r[at + 2].ReturnData.Length == 32 ? (bool?)(bool)MarketAbi.IsFrozen.Decode(r[at + 2].ReturnData)[0]! : null;
            var round = r[at + 6].Success && r[at + 6].ReturnData.Length == 160 ? PriceFeedAbi.LatestRoundData.Decode(r[at + 6].ReturnData) : null;
            return new MarketFacts(
                price,
                r[at + 1].Success ? (bool)MarketAbi.Paused.Decode(r[at + 1].ReturnData)[0]! : throw Reverted(MarketAbi.Paused),
                frozen,
                Uint(r[at + 3], MarketAbi.PenaltyRate),
                Uint(r[at + 4], MarketAbi.TotalFloatingBorrowAssets),
                Uint(r[at + 5], MarketAbi.TotalFloatingBorrowShares),
                round is null ? null : (long)(BigInteger)round[3]!,
                Uint(r[at + 7], AuditorAbi.Markets));
        }
    }

    /// <summary>One wallet's raw reads: the entered bitmap, and per market (deposit, debt, floating shares) and the fixed-borrow packing.</summary>
    private sealed record RawAccount(Address Address, BigInteger Entered, (BigInteger Deposit, BigInteger Debt, BigInteger Shares)[] Markets, BigInteger[] FixedBorrows)
    {
        public static RawAccount From(Address account, int markets, IReadOnlyList<Multicall3Result> r, int at)
        {
            var positions = new (BigInteger, BigInteger, BigInteger)[markets];
            var fixedBorrows = new BigInteger[markets];
            for (var j = 0; j < markets; j++)
            {
                var snapshot = r[at + 1 + (2 * j)];
                var state = r[at + 2 + (2 * j)];
                if (!snapshot.Success || !state.Success)
                {
                    throw Reverted(MarketAbi.AccountSnapshot);
                }

                var s = MarketAbi.AccountSnapshot.Decode(snapshot.ReturnData);
                var a = MarketAbi.Accounts.Decode(state.ReturnData);
                positions[j] = ((BigInteger)s[0]!, (BigInteger)s[1]!, (BigInteger)a[2]!);
                fixedBorrows[j] = (BigInteger)a[1]!;
            }

            return new RawAccount(account, Uint(r[at], AuditorAbi.AccountMarkets), positions, fixedBorrows);
        }
    }
}
