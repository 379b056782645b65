using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;

using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Devnet;

/// <summary>
/// A local chain with Exactly Protocol 0.2.15 on it: anvil (chain id 10) on 127.0.0.1 and a free port, the protocol
/// deployed from <c>@exactly/protocol</c>'s artifacts, Uniswap V3, Multicall3, lender liquidity, and a funded demo wallet.
/// Disposing stops the node.
/// </summary>
public sealed class Devnet : IAsyncDisposable
{
    readonly AnvilNode node;
    readonly DevnetSender sender;

    Devnet(AnvilNode node, DevnetDeployment deployment, IReadOnlyList<Address> accounts, TimeSpan startupTime)
    {
        this.node = node;
        sender = new DevnetSender(node.Rpc);
        Deployment = deployment;
        Accounts = accounts;
        StartupTime = startupTime;
    }

    /// <summary>The node's JSON-RPC endpoint.</summary>
    public Uri RpcUrl => node.RpcUrl;

    /// <summary>A client for <see cref="RpcUrl"/>.</summary>
    public JsonRpcClient Rpc => node.Rpc;

    /// <summary>Every deployed address.</summary>
    public DevnetDeployment Deployment { get; }

    /// <summary>anvil's unlocked dev accounts (from the fixed mnemonic), in order.</summary>
    public IReadOnlyList<Address> Accounts { get; }

    /// <summary>Account #0: deployed everything and holds every admin role.</summary>
    public Address Deployer => Accounts[0];

    /// <summary>
    /// Account #1 (<c>0x70997970C51812dc3A010C7d01b50e0d17dc79C8</c> with the default mnemonic): 10,000 USDC, 10 WETH,
    /// 10 wstETH and 10,000 ETH, no positions. Unlocked, so tests can send from it with <c>eth_sendTransaction</c>.
    /// </summary>
    public Address DemoWallet => Accounts[1];

    /// <summary>Account #2: the lender whose deposits give each market its liquidity.</summary>
    public Address Lender => Accounts[2];

    /// <summary>Wall time from the call to <see cref="StartAsync"/> to a ready devnet (npm install included, if it ran).</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>
    /// Installs the npm tools if missing, starts anvil and deploys. Ready in under 20 s on a warm install.
    /// </summary>
    /// <exception cref="InvalidOperationException">npm or anvil failed; the message says what to do.</exception>
    public static async Task<Devnet> StartAsync(DevnetOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DevnetOptions();
        if (options.Accounts < 3)
            throw new ArgumentException("The devnet needs at least 3 dev accounts (deployer, demo wallet, lender).", nameof(options));
        var watch = Stopwatch.StartNew();
        var tools = await NpmTools.EnsureInstalledAsync(cancellationToken).ConfigureAwait(false);
        var node = await AnvilNode.StartAsync(tools.AnvilPath, options, cancellationToken).ConfigureAwait(false);
        try
        {
            var accountsJson = await node.Rpc.RequestAsync("eth_accounts", [], cancellationToken).ConfigureAwait(false);
            var accounts = accountsJson.EnumerateArray().Select(a => Address.Parse(a.GetString()!)).ToArray();
            var deployment = await new DevnetDeployer(tools, node.Rpc, accounts[0], accounts[2])
                .DeployAsync(accounts[1], options.ChainId, options.Generation, cancellationToken).ConfigureAwait(false);
            return new Devnet(node, deployment, accounts, watch.Elapsed);
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sets the USD price of <paramref name="symbol"/>'s feed (8 decimals; <c>3000.5m</c> = 3000.5 USD).</summary>
    public Task SetPriceAsync(string symbol, decimal priceUsd, CancellationToken cancellationToken = default) =>
        sender.SendAsync(Deployer, Deployment.Market(symbol).PriceFeed, DevnetAbi.SetPrice, [DevnetAsset.Scale(priceUsd, 8)], cancellationToken);

    /// <summary>Mints <paramref name="amount"/> (smallest units) of a devnet token (any MockERC20 it deployed) to <paramref name="to"/>.</summary>
    public Task MintAsync(Address token, Address to, BigInteger amount, CancellationToken cancellationToken = default) =>
        sender.MintAsync(Deployer, token, to, amount, cancellationToken);

    /// <summary>
    /// Lists one more market, <c>WETH9</c>, whose asset has no EIP-2612 permit (like canonical WETH on Optimism), so deposits
    /// need Permit2 (<see cref="DevnetDeployment.Permit2"/>); the demo wallet gets 10. 0.2.15 devnets only. Not part of the
    /// standard deployment: use it on a devnet of your own, as it changes what the Auditor lists.
    /// </summary>
    /// <returns>The new market (its token: only <see cref="Deployer"/> may mint it).</returns>
    public async Task<DevnetMarket> AddMarketWithoutPermitAsync(CancellationToken cancellationToken = default)
    {
        if (Deployment.UniswapV3Factory == Address.Zero)
            throw new NotSupportedException("AddMarketWithoutPermitAsync deploys a 0.2.15 market; this devnet runs the current generation.");
        var tools = await NpmTools.EnsureInstalledAsync(cancellationToken).ConfigureAwait(false);
        return await new DevnetDeployer(tools, Rpc, Deployer, Lender).AddMarketWithoutPermitAsync(Deployment, DemoWallet, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a token balance, in smallest units.</summary>
    public async Task<BigInteger> BalanceOfAsync(Address token, Address account, CancellationToken cancellationToken = default) =>
        (BigInteger)(await sender.CallAsync(token, Erc20Abi.BalanceOf, [account], cancellationToken).ConfigureAwait(false))[0]!;

    /// <summary>
    /// Sends a transaction from an unlocked dev account (e.g. <see cref="DemoWallet"/>) and returns its receipt.
    /// </summary>
    /// <exception cref="RevertException">The transaction would revert (anvil's gas estimation fails with the revert data).</exception>
    public Task<TransactionReceipt> SendAsync(TransactionRequest transaction, CancellationToken cancellationToken = default) =>
        sender.SendAsync(transaction, cancellationToken);

    /// <summary>
    /// Sends <c>eth_sendTransaction</c> requests from unlocked or impersonated accounts as JSON-RPC batches of up to 500 and
    /// mines them, with automine off meanwhile (<c>evm_setAutomine</c>): each <c>anvil_mine</c> takes what fits a block, and
    /// is repeated until the pool is empty. Returns one receipt per request, in order; a reverted transaction is a receipt
    /// that did not succeed, not an exception.
    /// </summary>
    /// <remarks>
    /// With automine on, anvil also mines on its own when transactions arrive. After a batch, that background miner was
    /// seen committing a block after the pool looked empty and every receipt was there; an <c>evm_snapshot</c> or
    /// <c>evm_revert</c> sent meanwhile left the chain's head and state apart ("nonce too low" for a nonce read from the
    /// reverted head, parents the node no longer knew). Mining only on request leaves nothing in flight when this returns.
    /// </remarks>
    /// <exception cref="JsonRpcException">The node refused a transaction (bad nonce, unknown sender): none of the batch is
    /// mined by this call, and the ones it accepted are left to automine.</exception>
    public async Task<IReadOnlyList<TransactionReceipt>> SendAndMineAsync(IReadOnlyList<JsonRpcRequest> transactions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var receipts = new List<TransactionReceipt>(transactions.Count);
        await Rpc.RequestAsync("evm_setAutomine", [JsonValue.Create(false)], cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var chunk in transactions.Chunk(500))
            {
                var hashes = (await Rpc.SendBatchAsync(chunk, cancellationToken).ConfigureAwait(false)).Select(r => r.GetResultOrThrow().GetString()!).ToArray();
                while ((await Rpc.RequestAsync("txpool_status", [], cancellationToken).ConfigureAwait(false)).GetProperty("pending").GetString() is not "0x0")
                    await MineAsync(1, cancellationToken).ConfigureAwait(false);
                var answers = await Rpc.SendBatchAsync(hashes.Select(h => new JsonRpcRequest("eth_getTransactionReceipt", JsonValue.Create(h))).ToArray(), cancellationToken).ConfigureAwait(false);
                receipts.AddRange(answers.Select(a => TransactionReceipt.FromJson(a.GetResultOrThrow())));
            }
        }
        finally
        {
            await Rpc.RequestAsync("evm_setAutomine", [JsonValue.Create(true)], CancellationToken.None).ConfigureAwait(false);
        }

        return receipts;
    }

    /// <summary>Mines <paramref name="blocks"/> empty blocks (<c>anvil_mine</c>).</summary>
    public async Task MineAsync(int blocks = 1, CancellationToken cancellationToken = default) =>
        await Rpc.RequestAsync("anvil_mine", [JsonValue.Create(Hex.FromBigInteger(blocks))], cancellationToken).ConfigureAwait(false);

    /// <summary>Moves chain time forward by <paramref name="duration"/> (whole seconds) and mines a block so it takes effect.</summary>
    public async Task IncreaseTimeAsync(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var seconds = (long)duration.TotalSeconds;
        await Rpc.RequestAsync("evm_increaseTime", [JsonValue.Create(seconds)], cancellationToken).ConfigureAwait(false);
        await MineAsync(1, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="body"/> and puts the chain back as it was before it (<c>evm_snapshot</c>/<c>evm_revert</c>): state
    /// and clock, since <c>evm_revert</c> rewinds anvil's time to the snapshot head's timestamp.
    /// </summary>
    public async Task OnSnapshotAsync(Func<Task> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var snapshot = (await Rpc.RequestAsync("evm_snapshot", [], cancellationToken).ConfigureAwait(false)).GetString()!;
        try
        {
            await body().ConfigureAwait(false);
        }
        finally
        {
            await Rpc.RequestAsync("evm_revert", [JsonValue.Create(snapshot)], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The latest block's timestamp, in Unix seconds.</summary>
    public Task<long> TimestampAsync(CancellationToken cancellationToken = default) => Rpc.LatestTimestampAsync(cancellationToken);

    /// <inheritdoc cref="AnvilNode.DisposeAsync"/>
    public ValueTask DisposeAsync() => node.DisposeAsync();

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Devnet at {RpcUrl} (chain {Deployment.ChainId})");
}
