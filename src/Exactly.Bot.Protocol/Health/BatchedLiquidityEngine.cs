using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Protocol.Health;

/// <summary>
/// Reads <c>Auditor.accountLiquidity(account, 0, 0)</c> for every watched account at one block, through Multicall3
/// <c>aggregate3</c> calls pinned to the block's hash (EIP-1898) and sent as one JSON-RPC batch. Calls are sized by gas
/// measured with <c>eth_estimateGas</c> (an account with positions costs ~68k gas, so a fixed count per call either wastes
/// requests or exceeds the provider's call cap and fails whole); a call that still fails is split in half and retried.
/// </summary>
/// <param name="rpc">The JSON-RPC client.</param>
/// <param name="deployment">The configured Auditor and Multicall3.</param>
/// <param name="options">Gas budget and margins.</param>
public sealed class BatchedLiquidityEngine(JsonRpcClient rpc, ProtocolDeployment deployment, HealthEngineOptions? options = null) : IHealthEngine
{
    private readonly HealthEngineOptions options = options ?? new HealthEngineOptions();
    private GasModel? gas;

    /// <summary>The gas model in use (fixed cost of a call plus a cost per account), once measured.</summary>
    public (long Fixed, long PerAccount)? MeasuredGas => gas is { } g ? (g.Fixed, g.PerAccount) : null;

    /// <summary>How many accounts one <c>aggregate3</c> carries with the gas measured so far.</summary>
    public int AccountsPerCall => gas?.AccountsWithin(options) ?? options.SampleSize;

    /// <inheritdoc />
    public async Task<HealthEvaluation> EvaluateAsync(IReadOnlyList<Address> accounts, BlockHeader block, HealthQuery? query = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(block);
        var requests = 0;
        if (gas is null && accounts.Count > 0)
        {
            (gas, var sent) = await MeasureAsync(accounts, cancellationToken).ConfigureAwait(false);
            requests += sent;
        }

        var readings = new Dictionary<Address, LiquidityReading>(accounts.Count);
        var pending = Chunks(accounts, AccountsPerCall).ToList();
        while (pending.Count > 0)
        {
            var answers = await SendAsync(pending, block, cancellationToken).ConfigureAwait(false);
            requests += pending.Count;
            var retry = new List<Address[]>();
            for (var i = 0; i < pending.Count; i++)
            {
                if (answers[i].Error is { } error)
                {
                    // Out of gas (or a provider cap below our budget): smaller calls. Anything else (an unknown block, a node
                    // fault) means this block cannot be evaluated at all.
                    if (pending[i].Length == 1 || !IsOutOfGas(error))
                    {
                        throw new RpcException($"accountLiquidity could not be read at block {block.Number}: {error.NodeMessage}", error);
                    }

                    var half = pending[i].Length / 2;
                    retry.Add(pending[i][..half]);
                    retry.Add(pending[i][half..]);
                    gas = gas is { } g ? g with { PerAccount = g.PerAccount * 3 / 2 } : null;
                    continue;
                }

                Collect(pending[i], Multicall3.Decode(EthMethods.Bytes(answers[i].Result)), readings);
            }

            pending = retry;
        }

        return new HealthEvaluation(block, readings, requests);
    }

    /// <summary>The chunks' calls in concurrent requests of at most <see cref="HealthEngineOptions.MaxAccountsPerRequest"/> accounts, answers in chunk order.</summary>
    private async Task<JsonRpcResponse[]> SendAsync(List<Address[]> chunks, BlockHeader block, CancellationToken cancellationToken)
    {
        var groups = new List<List<Address[]>>();
        var size = 0L;
        foreach (var chunk in chunks)
        {
            if (groups.Count == 0 || size + chunk.Length > options.MaxAccountsPerRequest)
            {
                groups.Add([]);
                size = 0;
            }

            groups[^1].Add(chunk);
            size += chunk.Length;
        }

        var answers = await Task.WhenAll(groups.Select(g => rpc.SendBatchAsync(g.Select(chunk => Request(chunk, block)).ToArray(), cancellationToken))).ConfigureAwait(false);
        return answers.SelectMany(a => a).ToArray();
    }

    private JsonRpcRequest Request(Address[] chunk, BlockHeader block) =>
        EthMethods.CallRequest(new TransactionRequest(deployment.Multicall3, Multicall3.Encode(Calls(chunk, allowFailure: true))), block.Pin);

    private Multicall3Call[] Calls(IEnumerable<Address> chunk, bool allowFailure) =>
        chunk.Select(a => new Multicall3Call(deployment.Auditor, AuditorAbi.AccountLiquidity.Encode(a, Address.Zero, BigInteger.Zero), allowFailure)).ToArray();

    private static void Collect(Address[] chunk, IReadOnlyList<Multicall3Result> results, Dictionary<Address, LiquidityReading> readings)
    {
        if (results.Count != chunk.Length)
        {
            throw new RpcException($"Multicall3 answered {results.Count} results for {chunk.Length} calls.");
        }

        for (var i = 0; i < chunk.Length; i++)
        {
            if (results[i].Success)
            {
                var values = AuditorAbi.AccountLiquidity.Decode(results[i].ReturnData);
                readings[chunk[i]] = new LiquidityReading(chunk[i], (BigInteger)values[0]!, (BigInteger)values[1]!);
            }
        }
    }

    /// <summary>
    /// Gas of one <c>aggregate3</c> is about fixed + n·perAccount: estimate it for 1 and for n sample accounts (the first
    /// sub-call pays the cold storage reads, ~300k), with <c>allowFailure = false</c> so the estimate covers every sub-call.
    /// </summary>
    private async Task<(GasModel Model, int Requests)> MeasureAsync(IReadOnlyList<Address> accounts, CancellationToken cancellationToken)
    {
        var sample = accounts.Take(Math.Max(2, options.SampleSize)).ToArray();
        var one = await EstimateAsync(sample[..1], cancellationToken).ConfigureAwait(false);
        if (sample.Length == 1)
        {
            return (new GasModel(one, one), 1);
        }

        var many = await EstimateAsync(sample, cancellationToken).ConfigureAwait(false);
        var perAccount = Math.Max(1, (many - one) / (sample.Length - 1));
        return (new GasModel(Math.Max(0, one - perAccount), perAccount), 2);
    }

    private async Task<long> EstimateAsync(Address[] sample, CancellationToken cancellationToken)
    {
        var call = new TransactionRequest(deployment.Multicall3, Multicall3.Encode(Calls(sample, allowFailure: false)));
        try
        {
            return (long)await rpc.EstimateGasAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (RevertException)
        {
            // One of the sample's calls reverts: estimate with failures allowed (a reverting call costs about as much).
            return (long)await rpc.EstimateGasAsync(call with { Data = Multicall3.Encode(Calls(sample, allowFailure: true)) }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsOutOfGas(JsonRpcException error) =>
        error is not RevertException { RevertData.Length: > 0 } && error.NodeMessage.Contains("gas", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<Address[]> Chunks(IReadOnlyList<Address> accounts, int size)
    {
        for (var i = 0; i < accounts.Count; i += size)
        {
            yield return accounts.Skip(i).Take(size).ToArray();
        }
    }

    private sealed record GasModel(long Fixed, long PerAccount)
    {
        public int AccountsWithin(HealthEngineOptions options) =>
            (int)Math.Clamp((options.GasBudgetPerCall - Fixed) / Math.Ceiling(PerAccount * options.GasMargin), 1, options.MaxAccountsPerCall);
    }
}
