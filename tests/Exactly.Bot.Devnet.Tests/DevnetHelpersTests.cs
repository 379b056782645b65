using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Xunit.Abstractions;

namespace Exactly.Bot.Devnet.Tests;

public sealed class DevnetHelpersTests(DevnetFixture fixture, ITestOutputHelper output) : IClassFixture<DevnetFixture>
{
    static readonly AbiFunction AssetPrice = AbiFunction.Parse("assetPrice(address) returns (uint256)");
    static readonly AbiFunction Slot0 = AbiFunction.Parse("slot0() returns (uint160,int24,uint16,uint16,uint16,uint8,bool)");

    Devnet Devnet => fixture.Devnet;

    [Fact]
    public void Deployment_AddressesAreTheSameEveryRun()
    {
        var d = Devnet.Deployment;
        output.WriteLine(d.ToString());
        foreach (var market in d.Markets)
            output.WriteLine(market.ToString());
        // Fixed mnemonic + fixed transaction order: these are CREATE addresses of account #0's nonces.
        Assert.Equal(Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), Devnet.Deployer);
        Assert.Equal(Address.Parse(ExpectedAuditor), d.Auditor);
        Assert.Equal(Address.Parse(ExpectedDebtManager), d.DebtManager);
        Assert.Equal(Address.Parse(ExpectedUsdcMarket), d.Market("USDC").Market);
    }

    [Fact]
    public async Task SetPrice_ChangesTheAuditorPrice()
    {
        var weth = Devnet.Deployment.Market("WETH");
        await Devnet.SetPriceAsync("WETH", 2_500.5m);
        try
        {
            // Auditor.assetPrice scales the 8-decimal feed to 18 decimals.
            var price = (BigInteger)(await Devnet.Rpc.CallAsync(Devnet.Deployment.Auditor, AssetPrice, [weth.PriceFeed]))[0]!;
            Assert.Equal(25_005 * BigInteger.Pow(10, 17), price);
        }
        finally
        {
            await Devnet.SetPriceAsync("WETH", 3_000m);
        }
    }

    [Fact]
    public async Task IncreaseTime_MovesTheChainClock()
    {
        var before = await Devnet.TimestampAsync();
        await Devnet.IncreaseTimeAsync(TimeSpan.FromHours(1));
        Assert.True(await Devnet.TimestampAsync() >= before + 3_600);
    }

    [Fact]
    public async Task UsdcWethPool_TradesAtTheFeedPrice()
    {
        var sqrtPriceX96 = (BigInteger)(await Devnet.Rpc.CallAsync(Devnet.Deployment.UsdcWethPool, Slot0, []))[0]!;
        var usdc = Devnet.Deployment.Market("USDC").Asset;
        var weth = Devnet.Deployment.Market("WETH").Asset;
        // price of token0 in token1 raw units = (sqrtPriceX96 / 2^96)^2; convert to USD per WETH.
        var usdcIsToken0 = usdc.Bytes.SequenceCompareTo(weth.Bytes) < 0;
        var raw = (double)(sqrtPriceX96 * sqrtPriceX96) / Math.Pow(2, 192);
        var wethInUsd = usdcIsToken0 ? 1e12 / raw : raw * 1e12;
        Assert.InRange(wethInUsd, 2_999.99, 3_000.01);
    }

    const string ExpectedAuditor = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";
    const string ExpectedDebtManager = "0x1613beB3B2C4f22Ee086B2b38C1476A3cE7f78E8";
    const string ExpectedUsdcMarket = "0xa513E6E4b8f2a923D98304ec87F64353C4D5C853";
}
