using System.Numerics;
using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Benchmarks;

/// <summary>
/// Watched wallets with real positions on a devnet, made by real transactions (the log engine must see their logs): each
/// wallet holds 1 WETH and 1 wstETH deposited and entered as collateral and a floating USDC borrow of 600–1,599 (health
/// above 3), so <c>accountLiquidity</c> walks three entered markets (~68k gas, as issue 12 measured). The deposits go out from Multicall3 (<c>deposit(assets, receiver)</c>
/// for 150 wallets a transaction); each wallet then sends its own <c>enterMarket</c> and <c>borrow</c> (impersonated), as
/// WatchedAccountsFixture does, one transaction per sender per JSON-RPC batch.
/// </summary>
public static class BenchWallets
{
    static readonly AbiFunction Mint = AbiFunction.Parse("mint(address to, uint256 value)");
    static readonly BigInteger One = BigInteger.Pow(10, 18);

    /// <summary>The i-th bench wallet (positioned ones first, then empty ones: same derivation).</summary>
    public static Address Wallet(int i) => new(Keccak256.Hash($"bench watched wallet {i}").AsSpan(12));

    /// <summary>Gives wallets 0…<paramref name="count"/>−1 their positions; prints progress.</summary>
    public static async Task PositionAsync(Devnet.Devnet devnet, int count, CancellationToken cancellationToken = default)
    {
        var collaterals = new[] { devnet.Deployment.Market("WETH"), devnet.Deployment.Market("wstETH") };
        var usdc = devnet.Deployment.Market("USDC");
        var wallets = Enumerable.Range(0, count).Select(Wallet).ToArray();

        // USDC liquidity: 4,000 USDC per borrow of up to 1,599 (utilization stays below 40 %), for the lender; 1 of each collateral per wallet.
        await MulticallDepositAsync(devnet, usdc, [(devnet.Lender, (count * 4_000 * BigInteger.Pow(10, 6)) + BigInteger.Pow(10, 12))], cancellationToken);
        foreach (var collateral in collaterals)
        {
            foreach (var chunk in wallets.Chunk(150))
                await MulticallDepositAsync(devnet, collateral, chunk.Select(w => (w, One)).ToArray(), cancellationToken);
        }

        Console.WriteLine($"  deposits for {count:N0} wallets sent from Multicall3");

        await BatchAsync(devnet, wallets.SelectMany(a => new[]
        {
            new JsonRpcRequest("anvil_setBalance", JsonValue.Create(a.ToLowerHex()), JsonValue.Create("0xde0b6b3a7640000")),
            new JsonRpcRequest("anvil_impersonateAccount", JsonValue.Create(a.ToLowerHex())),
        }), cancellationToken);
        foreach (var collateral in collaterals)
            await BatchAsync(devnet, wallets.Select(a => Send(a, devnet.Deployment.Auditor, AuditorAbi.EnterMarket.Encode(collateral.Market), 150_000)), cancellationToken);
        Console.WriteLine($"  {count:N0} wallets entered WETH and wstETH");
        await BatchAsync(devnet, wallets.Select((a, i) =>
            Send(a, usdc.Market, MarketAbi.Borrow.Encode(new BigInteger((600 + (i % 1_000)) * 1_000_000L), a, a), 700_000)), cancellationToken);
        Console.WriteLine($"  {count:N0} wallets borrowed USDC");
    }

    /// <summary>Mints the total to Multicall3, approves the market and deposits each amount for its receiver, from Multicall3.</summary>
    static async Task MulticallDepositAsync(Devnet.Devnet devnet, Devnet.DevnetMarket market, (Address Receiver, BigInteger Assets)[] deposits, CancellationToken cancellationToken)
    {
        var multicall = devnet.Deployment.Multicall3;
        var total = deposits.Aggregate(BigInteger.Zero, (sum, d) => sum + d.Assets);
        var calls = deposits.Select(d => new Multicall3Call(market.Market, MarketAbi.Deposit.Encode(d.Assets, d.Receiver), AllowFailure: false))
            .Prepend(new Multicall3Call(market.Asset, Erc20Abi.Approve.Encode(market.Market, total), AllowFailure: false))
            .Prepend(new Multicall3Call(market.Asset, Mint.Encode(multicall, total), AllowFailure: false))
            .ToArray();
        var receipt = await devnet.SendAsync(new TransactionRequest(multicall, Multicall3.Encode(calls), devnet.Deployer, Gas: 28_000_000), cancellationToken);
        if (!receipt.Succeeded)
            throw new InvalidOperationException($"Multicall3 deposits into {market.Symbol} reverted.");
    }

    static JsonRpcRequest Send(Address from, Address to, byte[] data, long gas) =>
        new("eth_sendTransaction", new TransactionRequest(to, data, from, Gas: gas).ToJson());

    /// <summary>Requests in batches of 500; transactions are sent and mined by <see cref="Devnet.Devnet.SendAndMineAsync"/>, and every receipt is checked.</summary>
    static async Task BatchAsync(Devnet.Devnet devnet, IEnumerable<JsonRpcRequest> requests, CancellationToken cancellationToken)
    {
        var all = requests.ToArray();
        if (all.Length == 0 || all[0].Method != "eth_sendTransaction")
        {
            foreach (var chunk in all.Chunk(500))
                _ = (await devnet.Rpc.SendBatchAsync(chunk, cancellationToken)).Select(a => a.GetResultOrThrow()).ToArray();
            return;
        }

        var receipts = await devnet.SendAndMineAsync(all, cancellationToken);
        var failed = receipts.Count(r => !r.Succeeded);
        if (failed > 0)
            throw new InvalidOperationException($"{failed} of {all.Length} transactions reverted ({all[0].Params[0]}).");
    }
}
