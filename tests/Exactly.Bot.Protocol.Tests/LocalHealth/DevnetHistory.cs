using System.Numerics;
using System.Text.Json.Nodes;
using Exactly.Bot.Devnet;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Protocol.Tests.LocalHealth;

/// <summary>
/// A seeded random history on a real devnet: impersonated accounts that deposit, redeem, transfer shares, borrow and repay
/// floating and fixed, enter and exit markets; each round is one JSON-RPC batch with one transaction per sender, mined
/// until the pool is empty. Transactions may revert (a random redeem beyond the balance):
/// a reverted transaction emits no logs, which is part of what the engine must get right.
/// </summary>
public sealed class DevnetHistory(Devnet.Devnet devnet, int accounts, int seed)
{
    public const long Interval = 4 * 7 * 86_400;
    static readonly BigInteger Max = (BigInteger.One << 255) - 1;

    static readonly AbiFunction Mint = AbiFunction.Parse("mint(address to, uint256 value)");

    readonly Random random = new(seed);

    public IReadOnlyList<Address> Accounts { get; } =
        Enumerable.Range(0, accounts).Select(i => new Address(Keccak256.Hash($"local health account {seed} {i}").AsSpan(12))).ToArray();

    public DevnetMarket Usdc => devnet.Deployment.Market("USDC");

    public DevnetMarket Weth => devnet.Deployment.Market("WETH");

    public DevnetMarket WstEth => devnet.Deployment.Market("wstETH");

    /// <summary>Transactions mined successfully, by kind.</summary>
    public Dictionary<string, int> Succeeded { get; } = [];

    /// <summary>Gas money, impersonation, tokens, approvals, a WETH deposit entered as collateral; account 0 borrows near its limit.</summary>
    public async Task SetUpAsync()
    {
        await devnet.Rpc.SendBatchAsync(Accounts.SelectMany(a => new[]
        {
            new JsonRpcRequest("anvil_setBalance", JsonValue.Create(a.ToLowerHex()), JsonValue.Create("0x3635c9adc5dea00000")),
            new JsonRpcRequest("anvil_impersonateAccount", JsonValue.Create(a.ToLowerHex())),
        }).ToArray());
        foreach (var market in devnet.Deployment.Markets)
        {
            var amount = BigInteger.Pow(10, market.Decimals) * (market.Symbol == "USDC" ? 1_000_000 : 1_000);
            await RoundAsync(Accounts.Select(a => ("mint", Tx(a, market.Asset, Mint, a, amount))));
            await RoundAsync(Accounts.Select(a => ("approve", Tx(a, market.Asset, Erc20Abi.Approve, market.Market, Max))));
        }

        await RoundAsync(Accounts.Select(a => ("deposit", Tx(a, Weth.Market, MarketAbi.Deposit, Eth(a == Accounts[0] ? 2 : 1 + random.Next(4)), a))));
        await RoundAsync(Accounts.Select(a => ("enter", Tx(a, devnet.Deployment.Auditor, AuditorAbi.EnterMarket, Weth.Market))));
        // 1 to 4 WETH at 3,000 USD × 0.86 allow ~2,350 USDC of debt per WETH; account 0 (2 WETH) borrows 2,000 USDC: health
        // 2.35, and 0.78 once WETH falls to 1,000 USD, when it is liquidated.
        await RoundAsync([("borrow", Tx(Accounts[0], Usdc.Market, MarketAbi.Borrow, Usd(2_000), Accounts[0], Accounts[0]))]);
    }

    /// <summary>One round: <paramref name="senders"/> distinct random accounts (never account 0) each send one random operation.</summary>
    public Task RandomRoundAsync(int senders, long timestamp)
    {
        var chosen = Accounts.Skip(1).OrderBy(_ => random.Next()).Take(senders).ToArray();
        return RoundAsync(chosen.Select(a => RandomOperation(a, timestamp)));
    }

    (string, JsonRpcRequest) RandomOperation(Address a, long timestamp)
    {
        var maturity = timestamp - (timestamp % Interval) + (Interval * (1 + random.Next(2)));
        var other = Accounts[random.Next(1, Accounts.Count)];
        var market = random.Next(3) switch { 0 => Usdc, 1 => Weth, _ => WstEth };
        var amount = market == Usdc ? Usd(random.Next(10, 600)) : Eth(random.Next(1, 300)) / 1_000;
        return random.Next(100) switch
        {
            < 15 => ("deposit", Tx(a, market.Market, MarketAbi.Deposit, amount * 3, a)),
            < 25 => ("redeem", Tx(a, market.Market, MarketAbi.Redeem, amount, a, a)),
            < 35 => ("transfer", Tx(a, market.Market, MarketAbi.Transfer, other, amount / 2)),
            < 50 => ("borrow", Tx(a, market.Market, MarketAbi.Borrow, amount, a, a)),
            < 57 => ("repay", Tx(a, market.Market, MarketAbi.Repay, amount, a)),
            < 62 => ("refund", Tx(a, market.Market, MarketAbi.Refund, amount / 3, a)),
            < 74 => ("borrowAtMaturity", Tx(a, Usdc.Market, MarketAbi.BorrowAtMaturity, maturity, Usd(random.Next(10, 300)), Max, a, a)),
            < 84 => ("repayAtMaturity", Tx(a, Usdc.Market, MarketAbi.RepayAtMaturity, maturity, Usd(random.Next(5, 200)), Max, a)),
            < 92 => ("enterMarket", Tx(a, devnet.Deployment.Auditor, AuditorAbi.EnterMarket, market.Market)),
            _ => ("exitMarket", Tx(a, devnet.Deployment.Auditor, AuditorAbi.ExitMarket, market.Market)),
        };
    }

    /// <summary>Sends and mines the transactions (<see cref="Devnet.Devnet.SendAndMineAsync"/>) and counts the ones that succeeded.</summary>
    public async Task RoundAsync(IEnumerable<(string Kind, JsonRpcRequest Request)> transactions)
    {
        var round = transactions.ToArray();
        var receipts = await devnet.SendAndMineAsync(round.Select(t => t.Request).ToArray());
        for (var i = 0; i < round.Length; i++)
        {
            if (receipts[i].Succeeded)
                Succeeded[round[i].Kind] = Succeeded.GetValueOrDefault(round[i].Kind) + 1;
        }
    }

    static JsonRpcRequest Tx(Address from, Address to, AbiFunction function, params object?[] arguments) =>
        new("eth_sendTransaction", new TransactionRequest(to, function.Encode(arguments), from, Gas: 1_500_000).ToJson());

    public static BigInteger Usd(long whole) => whole * 1_000_000L;

    public static BigInteger Eth(long whole) => whole * BigInteger.Pow(10, 18);
}
