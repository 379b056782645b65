using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Devnet;
using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Transports.Tests;

/// <summary>
/// One devnet with three dev accounts that each deposit 1 WETH as collateral and borrow USDC to a health factor of about
/// 1.33: WETH −10 % puts them in the warning tier (≈1.20), −20 % in danger (≈1.06), the base price clearly back above
/// 1.25 + the 0.05 margin. Tests move the WETH price and put it back with <see cref="ResetPriceAsync"/>.
/// </summary>
public class AlertDevnetFixture : IAsyncLifetime
{
    public static readonly BigInteger TargetHealth = Units.Wad * 133 / 100;

    static readonly AbiFunction Deposit = AbiFunction.Parse("deposit(uint256 assets, address receiver) returns (uint256)");
    static readonly AbiFunction Borrow = AbiFunction.Parse("borrow(uint256 assets, address receiver, address borrower) returns (uint256)");
    static readonly AbiFunction GrantRole = AbiFunction.Parse("grantRole(bytes32 role, address account)");
    static readonly AbiFunction Pause = AbiFunction.Parse("pause()");
    static readonly AbiFunction Unpause = AbiFunction.Parse("unpause()");
    const long FixedInterval = 4 * 7 * 24 * 3600;

    public DemoEnvironment Demo { get; private set; } = null!;

    /// <summary>The protocol generation the devnet runs (0.2.15 unless a subclass says otherwise).</summary>
    public virtual ProtocolGeneration Generation => ProtocolGeneration.V0215;

    public Devnet.Devnet Devnet => Demo.Devnet;

    /// <summary>The positioned accounts.</summary>
    public IReadOnlyList<Address> Wallets { get; private set; } = [];

    /// <summary>WETH's price when the fixture started, USD.</summary>
    public decimal BaseWethPrice { get; private set; }

    public async Task InitializeAsync()
    {
        Demo = await DemoEnvironment.StartAsync(Generation, CancellationToken.None);
        var weth = Devnet.Deployment.Market("WETH");
        var price = (BigInteger)(await Devnet.Rpc.CallAsync(Devnet.Deployment.Auditor, AuditorAbi.AssetPrice, [weth.PriceFeed]))[0]!;
        BaseWethPrice = (decimal)(price / BigInteger.Pow(10, 10)) / 100_000_000m;
        Wallets = Devnet.Accounts.Skip(3).Take(3).ToArray();
        foreach (var wallet in Wallets)
        {
            await OpenAsync(wallet);
        }
    }

    /// <summary>WETH at <paramref name="fraction"/> of its base price (1.0 puts it back).</summary>
    public Task SetWethAsync(decimal fraction) => Devnet.SetPriceAsync("WETH", decimal.Round(BaseWethPrice * fraction, 8));

    public Task ResetPriceAsync() => SetWethAsync(1m);

    /// <summary><c>accountLiquidity</c> read on its own (a plain eth_call pinned to the block by number), not through the bot.</summary>
    public async Task<(BigInteger Collateral, BigInteger Debt)> LiquidityAtAsync(Address account, long block)
    {
        var data = await Devnet.Rpc.CallAsync(
            new TransactionRequest(Devnet.Deployment.Auditor, AuditorAbi.AccountLiquidity.Encode(account, Address.Zero, BigInteger.Zero)), BlockParameter.Number(block));
        var values = AuditorAbi.AccountLiquidity.Decode(data);
        return ((BigInteger)values[0]!, (BigInteger)values[1]!);
    }

    public virtual async Task DisposeAsync() => await Demo.DisposeAsync();

    async Task OpenAsync(Address wallet)
    {
        var weth = Devnet.Deployment.Market("WETH");
        var usdc = Devnet.Deployment.Market("USDC");
        await Devnet.MintAsync(weth.Asset, wallet, Units.Wad);
        await SendAsync(wallet, weth.Asset, Erc20Abi.Approve.Encode(weth.Market, Units.Wad));
        await SendAsync(wallet, weth.Market, Deposit.Encode(Units.Wad, wallet));
        await SendAsync(wallet, Devnet.Deployment.Auditor, AuditorAbi.EnterMarket.Encode(weth.Market));
        // The adjusted debt of 1 USDC, measured, then the rest so collateral / debt ≈ 1.33 (both sides are linear).
        var one = new BigInteger(1_000_000);
        await SendAsync(wallet, usdc.Market, Borrow.Encode(one, wallet, wallet));
        var block = await Devnet.Rpc.BlockNumberAsync();
        var (collateral, debtOfOne) = await LiquidityAtAsync(wallet, block);
        var total = collateral * Units.Wad / TargetHealth * one / debtOfOne;
        await SendAsync(wallet, usdc.Market, Borrow.Encode(total - one, wallet, wallet));
    }

    /// <summary>The lender liquidates up to 500 USDC of <paramref name="borrower"/>'s debt, seizing WETH (a third party).</summary>
    public async Task LiquidateAsync(Address borrower)
    {
        var weth = Devnet.Deployment.Market("WETH");
        var usdc = Devnet.Deployment.Market("USDC");
        var amount = new BigInteger(500_000_000);
        await Devnet.MintAsync(usdc.Asset, Devnet.Lender, amount);
        await SendAsync(Devnet.Lender, usdc.Asset, Erc20Abi.Approve.Encode(usdc.Market, amount));
        await SendAsync(Devnet.Lender, usdc.Market, MarketAbi.Liquidate.Encode(borrower, amount, weth.Market));
    }

    /// <summary>
    /// <paramref name="wallet"/> deposits 1 WETH as collateral and borrows <paramref name="usdc"/> (6 decimals) at a fixed rate
    /// at the first maturity more than <paramref name="atLeast"/> ahead of the head (pools are 4 weeks apart); returns it.
    /// </summary>
    public async Task<long> BorrowFixedAsync(Address wallet, BigInteger usdc, TimeSpan atLeast)
    {
        var (weth, market) = (Devnet.Deployment.Market("WETH"), Devnet.Deployment.Market("USDC"));
        await Devnet.MintAsync(weth.Asset, wallet, Units.Wad);
        await SendAsync(wallet, weth.Asset, Erc20Abi.Approve.Encode(weth.Market, Units.Wad));
        await SendAsync(wallet, weth.Market, Deposit.Encode(Units.Wad, wallet));
        await SendAsync(wallet, Devnet.Deployment.Auditor, AuditorAbi.EnterMarket.Encode(weth.Market));
        var now = await Devnet.TimestampAsync();
        var maturity = now - (now % FixedInterval) + FixedInterval;
        maturity += maturity - now <= (long)atLeast.TotalSeconds ? FixedInterval : 0;
        await SendAsync(wallet, market.Market, MarketAbi.BorrowAtMaturity.Encode(new BigInteger(maturity), usdc, usdc * 2, wallet, wallet));
        return maturity;
    }

    /// <summary>Pauses (or unpauses) a market as the devnet's admin, which grants itself PAUSER_ROLE first.</summary>
    public async Task PauseAsync(string symbol, bool paused = true)
    {
        var market = Devnet.Deployment.Market(symbol).Market;
        await SendAsync(Devnet.Deployer, market, GrantRole.Encode(Keccak256.Hash("PAUSER_ROLE"), Devnet.Deployer));
        await SendAsync(Devnet.Deployer, market, (paused ? Pause : Unpause).Encode());
    }

    /// <inheritdoc cref="Devnet.OnSnapshotAsync"/>
    public Task OnSnapshotAsync(Func<Task> body) => Devnet.OnSnapshotAsync(body);

    async Task SendAsync(Address from, Address to, byte[] data)
    {
        var receipt = await Devnet.SendAsync(new TransactionRequest(to, data, from));
        Assert.True(receipt.Succeeded, $"a position transaction from {from} reverted");
    }
}

/// <summary>The same positioned wallets on a devnet running the current generation (0.2.24 artifacts).</summary>
public sealed class CurrentAlertDevnetFixture : AlertDevnetFixture
{
    public override ProtocolGeneration Generation => ProtocolGeneration.Current;
}
