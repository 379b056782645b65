using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Xunit.Abstractions;

namespace Exactly.Bot.Devnet.Tests;

public sealed class DevnetDeploymentTests(DevnetFixture fixture, ITestOutputHelper output) : IClassFixture<DevnetFixture>
{
    static readonly AbiFunction AllMarkets = AbiFunction.Parse("allMarkets() returns (address[])");
    static readonly AbiFunction Markets = AbiFunction.Parse("markets(address) returns (uint128,uint8,uint8,bool,address)");
    static readonly AbiFunction Asset = AbiFunction.Parse("asset() returns (address)");
    static readonly AbiFunction Symbol = AbiFunction.Parse("symbol() returns (string)");
    static readonly AbiFunction Decimals = AbiFunction.Parse("decimals() returns (uint8)");
    static readonly AbiFunction Auditor = AbiFunction.Parse("auditor() returns (address)");
    static readonly AbiFunction PreviewLeverage = AbiFunction.Parse(
        "previewLeverage(address,address,address,uint256,uint256,uint256) returns ((uint256,uint256,uint256,int256,uint256,uint256))");
    static readonly BigInteger Wad = BigInteger.Pow(10, 18);

    Devnet Devnet => fixture.Devnet;

    [Fact]
    public async Task Start_ReadyWithinTwentySeconds()
    {
        output.WriteLine($"devnet {Devnet.RpcUrl} ready in {Devnet.StartupTime.TotalSeconds:0.00} s");
        Assert.True(Devnet.StartupTime < TimeSpan.FromSeconds(20), $"took {Devnet.StartupTime}");
        Assert.Equal(10, await Devnet.Rpc.ChainIdAsync());
    }

    [Fact]
    public async Task Auditor_ListsTheThreeMarketsInOrder()
    {
        var listed = (object?[])(await Call(Devnet.Deployment.Auditor, AllMarkets))[0]!;
        Assert.Equal(Devnet.Deployment.Markets.Select(m => m.Market), listed.Cast<Address>());
        Assert.Equal(["USDC", "WETH", "wstETH"], Devnet.Deployment.Markets.Select(m => m.Symbol));
    }

    [Theory]
    [InlineData("USDC", 6, "0.91")]
    [InlineData("WETH", 18, "0.86")]
    [InlineData("wstETH", 18, "0.82")]
    public async Task Market_HasItsAssetSymbolAndAdjustFactor(string symbol, int decimals, string adjustFactor)
    {
        var market = Devnet.Deployment.Market(symbol);
        Assert.Equal(market.Asset, (Address)(await Call(market.Market, Asset))[0]!);
        Assert.Equal("exa" + symbol, (string)(await Call(market.Market, Symbol))[0]!);
        Assert.Equal(symbol, (string)(await Call(market.Asset, Symbol))[0]!);
        Assert.Equal(decimals, (int)(BigInteger)(await Call(market.Asset, Decimals))[0]!);
        var config = await Call(Devnet.Deployment.Auditor, Markets, market.Market);
        Assert.Equal(Scale(decimal.Parse(adjustFactor, System.Globalization.CultureInfo.InvariantCulture), 18), (BigInteger)config[0]!);
        Assert.Equal(decimals, (int)(BigInteger)config[1]!);
        Assert.True((bool)config[3]!);
        Assert.Equal(market.PriceFeed, (Address)config[4]!);
    }

    [Fact]
    public async Task DemoWallet_IsFunded()
    {
        Assert.Equal(Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), Devnet.DemoWallet);
        Assert.Equal(Scale(10_000, 6), await Devnet.BalanceOfAsync(Devnet.Deployment.Market("USDC").Asset, Devnet.DemoWallet));
        Assert.Equal(Scale(10, 18), await Devnet.BalanceOfAsync(Devnet.Deployment.Market("WETH").Asset, Devnet.DemoWallet));
        Assert.Equal(Scale(10, 18), await Devnet.BalanceOfAsync(Devnet.Deployment.Market("wstETH").Asset, Devnet.DemoWallet));
        Assert.True(await Devnet.Rpc.GetBalanceAsync(Devnet.DemoWallet) > Scale(1_000, 18));
    }

    [Fact]
    public async Task Peripherals_PointAtTheAuditorAndMulticall3IsCanonical()
    {
        Assert.Equal(Devnet.Deployment.Auditor, (Address)(await Call(Devnet.Deployment.DebtManager, Auditor))[0]!);
        var canonical = await Devnet.Rpc.GetCodeAsync(Devnet.Deployment.Multicall3);
        Assert.NotEmpty(canonical);
        Assert.Equal(await Devnet.Rpc.GetCodeAsync(Devnet.Deployment.Multicall3Deployed), canonical);
        Assert.NotEmpty(await Devnet.Rpc.GetCodeAsync(Devnet.Deployment.UsdcWethPool));
        var protocol = Devnet.Deployment.ToProtocolDeployment();
        Assert.Equal(10, protocol.ChainId);
        Assert.Equal(Address.Parse("0xcA11bde05977b3631167028862bE2a173976CA11"), protocol.Multicall3);
    }

    [Fact]
    public async Task Previewer_Exactly_ReportsTheThreeMarkets()
    {
        var exactly = AbiFunction.Parse(
            "exactly(address) returns ((address,string,uint8,address,string,string,(address,uint256,int256,uint256,uint256,int256,uint256),uint256,uint256,uint256,uint8,"
            + "(uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256)[],(address,string,string,uint256,uint256,uint256,uint256[])[],uint256,uint256,uint256,uint256,"
            + "uint256,uint256,uint256,uint256,bool,uint256,uint256,uint256,uint256,uint256,(uint256,uint256,(uint256,uint256))[],(uint256,uint256,(uint256,uint256))[],"
            + "(address,string,string,uint256)[])[])");
        var markets = (object?[])(await Call(Devnet.Deployment.Previewer, exactly, Devnet.DemoWallet))[0]!;
        Assert.Equal(["exaUSDC", "exaWETH", "exawstETH"], markets.Select(m => (string)((object?[])m!)[1]!));
    }

    // Read-only class: a preview at share price 1.0 is exact. After another test's borrow and a second of interest the
    // deposit side would convert to 299999999.
    [Fact]
    public async Task DebtPreviewer_PreviewLeverage_3x100Usdc_Borrows200()
    {
        var usdc = Devnet.Deployment.Market("USDC").Market;
        var limit = (object?[])(await Devnet.Rpc.CallAsync(Devnet.Deployment.DebtPreviewer, PreviewLeverage,
            [usdc, usdc, Devnet.DemoWallet, 100 * BigInteger.Pow(10, 6), 3 * Wad, Wad]))[0]!;
        output.WriteLine($"Limit: {string.Join(", ", limit)}");
        // Limit{ratio, borrow, deposit, principal, maxRatio, swapRatio}.
        Assert.Equal(200_000_000, (BigInteger)limit[1]!);
        Assert.Equal(300_000_000, (BigInteger)limit[2]!);
        Assert.True((BigInteger)limit[4]! > 3 * Wad);
    }

    Task<object?[]> Call(Address contract, AbiFunction function, params object?[] arguments) =>
        Devnet.Rpc.CallAsync(contract, function, arguments);

    internal static BigInteger Scale(decimal amount, int decimals) => DevnetAsset.Scale(amount, decimals);
}
