using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Xunit.Abstractions;

namespace Exactly.Bot.Devnet.Tests;

/// <summary>The rest of the devnet a quote can touch: Previewer snapshots, same-asset deleverage, and the Uniswap pool via crossLeverage.</summary>
public sealed class CrossAssetOnChainTests(DevnetFixture fixture, ITestOutputHelper output) : IClassFixture<DevnetFixture>
{
    static readonly AbiFunction Approve = AbiFunction.Parse("approve(address,uint256) returns (bool)");
    static readonly AbiFunction EnterMarket = AbiFunction.Parse("enterMarket(address)");
    static readonly AbiFunction Leverage = AbiFunction.Parse("leverage(address,uint256,uint256)");
    static readonly AbiFunction Deleverage = AbiFunction.Parse("deleverage(address,uint256,uint256)");
    static readonly AbiFunction CrossLeverage = AbiFunction.Parse("crossLeverage(address,address,uint24,uint256,uint256,uint160)");
    static readonly AbiFunction MaxWithdraw = AbiFunction.Parse("maxWithdraw(address) returns (uint256)");
    static readonly AbiFunction PreviewDebt = AbiFunction.Parse("previewDebt(address) returns (uint256)");
    static readonly AbiFunction AccountLiquidity = AbiFunction.Parse("accountLiquidity(address,address,uint256) returns (uint256,uint256)");
    static readonly BigInteger Wad = BigInteger.Pow(10, 18);
    static readonly BigInteger MaxUint256 = (BigInteger.One << 256) - 1;

    Devnet Devnet => fixture.Devnet;

    [Fact]
    public async Task Deleverage_From3xTo1x_RepaysAllDebt()
    {
        var account = Devnet.Accounts[4];
        var usdc = Devnet.Deployment.Market("USDC");
        var deposit = 100 * BigInteger.Pow(10, 6);
        await Devnet.MintAsync(usdc.Asset, account, deposit);
        await Send(account, usdc.Asset, Approve, Devnet.Deployment.DebtManager, deposit);
        await Send(account, usdc.Market, Approve, Devnet.Deployment.DebtManager, MaxUint256);
        await Send(account, Devnet.Deployment.DebtManager, Leverage, usdc.Market, deposit, 3 * Wad);

        var receipt = await Send(account, Devnet.Deployment.DebtManager, Deleverage, usdc.Market, BigInteger.Zero, Wad);
        var block = BlockParameter.Number(receipt.BlockNumber);
        var left = (BigInteger)(await Devnet.Rpc.CallAsync(usdc.Market, MaxWithdraw, [account], block))[0]!;
        var debt = (BigInteger)(await Devnet.Rpc.CallAsync(usdc.Market, PreviewDebt, [account], block))[0]!;
        output.WriteLine($"after deleverage: deposit {left}, debt {debt}, gas {receipt.GasUsed}");
        Assert.Equal(BigInteger.Zero, debt);
        // One block (≥ 1 s) of interest on 200 USDC is paid out of the deposit: at most a few units of 1e-6 USDC.
        Assert.InRange(left, 100 * BigInteger.Pow(10, 6) - 100, 100 * BigInteger.Pow(10, 6));
    }

    [Fact]
    public async Task CrossLeverage_UsdcCollateralBorrowingWeth_SwapsThroughThePool()
    {
        var account = Devnet.Accounts[5];
        var usdc = Devnet.Deployment.Market("USDC");
        var weth = Devnet.Deployment.Market("WETH");
        var deposit = 1_000 * BigInteger.Pow(10, 6);
        await Devnet.MintAsync(usdc.Asset, account, deposit);
        await Send(account, usdc.Asset, Approve, Devnet.Deployment.DebtManager, deposit);
        await Send(account, weth.Market, Approve, Devnet.Deployment.DebtManager, MaxUint256);
        // PROTOCOL.md: cross-asset needs the collateral market entered first (InsufficientAccountLiquidity otherwise).
        await Send(account, Devnet.Deployment.Auditor, EnterMarket, usdc.Market);

        // Selling WETH for USDC: the price limit sits at the far end of the direction WETH→USDC moves the pool.
        var wethIsToken0 = weth.Asset.Bytes.SequenceCompareTo(usdc.Asset.Bytes) < 0;
        var limit = wethIsToken0 ? new BigInteger(4_295_128_739) + 1 : BigInteger.Parse("1461446703485210103287273052203988822378723970342", System.Globalization.CultureInfo.InvariantCulture) - 1;
        var receipt = await Send(account, Devnet.Deployment.DebtManager, CrossLeverage, usdc.Market, weth.Market, 500, deposit, 2 * Wad, limit);

        var block = BlockParameter.Number(receipt.BlockNumber);
        var collateral = (BigInteger)(await Devnet.Rpc.CallAsync(usdc.Market, MaxWithdraw, [account], block))[0]!;
        var borrowed = (BigInteger)(await Devnet.Rpc.CallAsync(weth.Market, PreviewDebt, [account], block))[0]!;
        var liquidity = await Devnet.Rpc.CallAsync(Devnet.Deployment.Auditor, AccountLiquidity, [account, Address.Zero, BigInteger.Zero], block);
        var healthFactor = (double)(BigInteger)liquidity[0]! / (double)(BigInteger)liquidity[1]!;
        output.WriteLine($"crossLeverage: deposit {collateral} USDC units, borrow {borrowed} WETH wei, HF {healthFactor:0.0000}, gas {receipt.GasUsed}");
        // Exact at a share price of 1; once this class's other test has left USDC borrowers and time has passed, shares are
        // worth slightly more than 1 and converting back rounds down by one unit.
        Assert.InRange(collateral, 2_000 * BigInteger.Pow(10, 6) - 1, 2_000 * BigInteger.Pow(10, 6));
        // 1,000 USDC of WETH at 3,000 plus the 0.05 % fee and a little price impact: about 0.3335 WETH.
        Assert.InRange((double)borrowed / 1e18, 0.333, 0.335);
        Assert.InRange(healthFactor, 1.5, 1.6);
    }

    Task<TransactionReceipt> Send(Address from, Address to, AbiFunction function, params object?[] arguments) =>
        Devnet.SendAsync(new TransactionRequest(to, function.Encode(arguments), from));
}
