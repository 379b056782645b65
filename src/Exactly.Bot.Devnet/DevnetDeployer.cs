using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;

using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Devnet;

/// <summary>
/// Deploys Exactly Protocol 0.2.15 from <c>@exactly/protocol</c>'s own artifacts (PROTOCOL.md, "A local deployment that
/// works"), Uniswap V3 and Multicall3, seeds liquidity and funds the demo wallet. Every transaction is sent in a fixed
/// order from fixed accounts, so addresses are the same every run.
/// </summary>
sealed partial class DevnetDeployer(NpmTools tools, JsonRpcClient rpc, Address deployer, Address lender)
{
    /// <summary>Multicall3's canonical address.</summary>
    public static readonly Address CanonicalMulticall3 = Address.Parse("0xcA11bde05977b3631167028862bE2a173976CA11");

    static readonly BigInteger Wad = BigInteger.Pow(10, 18);

    readonly DevnetSender sender = new(rpc);
    CurrentGenerationDeployer? current;

    public async Task<DevnetDeployment> DeployAsync(Address demoWallet, long chainId, ProtocolGeneration generation, CancellationToken cancellationToken)
    {
        current = generation == ProtocolGeneration.Current ? new CurrentGenerationDeployer(tools, rpc, sender, deployer) : null;
        var proxyAdmin = await DeployAsync("ProxyAdmin", "", [], cancellationToken).ConfigureAwait(false);

        // Auditor(priceDecimals 8) behind a proxy, initialize({liquidator: 0.05, lenders: 0.0025}) as on Optimism.
        var auditorImplementation = await DeployAsync(Protocol("Auditor_Implementation"), "uint256", [8], cancellationToken).ConfigureAwait(false);
        var auditor = await ProxyAsync(auditorImplementation, proxyAdmin,
            DevnetAbi.AuditorInitialize.Encode([new object?[] { Wad * 5 / 100, Wad * 25 / 10_000 }]), cancellationToken).ConfigureAwait(false);

        var markets = new List<DevnetMarket>();
        foreach (var asset in DevnetAsset.All)
            markets.Add(await DeployMarketAsync(asset, auditor, proxyAdmin, cancellationToken).ConfigureAwait(false));

        var weth = markets.Single(m => m.Symbol == "WETH").Asset;
        var usdc = markets.Single(m => m.Symbol == "USDC").Asset;
        // The current generation has no cross-asset functions, hence no Uniswap.
        var (factory, quoter, positionManager, pool) = (Address.Zero, Address.Zero, Address.Zero, Address.Zero);
        if (current is null)
        {
            var uniswap = new UniswapDeployer(tools, sender, deployer);
            (factory, quoter, positionManager) = await uniswap.DeployAsync(weth, cancellationToken).ConfigureAwait(false);
            pool = await uniswap.CreatePoolAsync(
                positionManager, (usdc, DevnetAsset.All[0]), (weth, DevnetAsset.All[1]), 3_000_000m, cancellationToken).ConfigureAwait(false);
        }

        var vault = await DeployAsync(Goerli("BalancerVault"), "", [], cancellationToken).ConfigureAwait(false);
        foreach (var (market, asset) in markets.Zip(DevnetAsset.All))
            await sender.MintAsync(deployer, market.Asset, vault, asset.Units(asset.VaultLiquidity), cancellationToken).ConfigureAwait(false);

        // Permit2 from the lender (its first transaction), so no address the deployer creates moves.
        var permit2 = await DevnetPermit2.DeployAsync(tools, sender, lender, cancellationToken).ConfigureAwait(false);

        // initialize() approves every market listed so far, so it must come after enableMarket.
        Address debtManager, debtPreviewer, previewer;
        if (current is null)
        {
            var debtManagerImplementation = await DeployAsync("DebtManager_Implementation", "address,address,address,address",
                [auditor, permit2, vault, factory], cancellationToken).ConfigureAwait(false);
            debtManager = await ProxyAsync(debtManagerImplementation, proxyAdmin, DevnetAbi.Initialize.Encode(), cancellationToken).ConfigureAwait(false);

            var debtPreviewerImplementation = await DeployAsync("DebtPreviewer_Implementation", "address,address", [debtManager, quoter], cancellationToken).ConfigureAwait(false);
            var wstEth = markets.Single(m => m.Symbol == "wstETH").Asset;
            object?[] pools = [new object?[] { usdc, weth }, new object?[] { weth, wstEth }, new object?[] { usdc, wstEth }];
            debtPreviewer = await ProxyAsync(debtPreviewerImplementation, proxyAdmin,
                DevnetAbi.DebtPreviewerInitialize.Encode([pools, new object?[] { 500, 100, 500 }]), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var debtManagerImplementation = await DeployAsync(current.Artifact("DebtManager_Implementation"), "address,address,address",
                [auditor, permit2, vault], cancellationToken).ConfigureAwait(false);
            debtManager = await ProxyAsync(debtManagerImplementation, proxyAdmin, DevnetAbi.Initialize.Encode(), cancellationToken).ConfigureAwait(false);
            var debtPreviewerImplementation = await DeployAsync(current.Artifact("DebtPreviewer_Implementation"), "address", [debtManager], cancellationToken).ConfigureAwait(false);
            debtPreviewer = await ProxyAsync(debtPreviewerImplementation, proxyAdmin, [], cancellationToken).ConfigureAwait(false);
        }

        var previewerImplementation = await DeployAsync(Protocol("Previewer_Implementation"), "address,address", [auditor, Address.Zero], cancellationToken).ConfigureAwait(false);
        previewer = await ProxyAsync(previewerImplementation, proxyAdmin, [], cancellationToken).ConfigureAwait(false);

        var multicall3 = await DeployMulticall3Async(cancellationToken).ConfigureAwait(false);

        foreach (var (market, asset) in markets.Zip(DevnetAsset.All))
        {
            await LendAsync(market, asset.Units(asset.LenderLiquidity), cancellationToken).ConfigureAwait(false);
            await sender.MintAsync(deployer, market.Asset, demoWallet, asset.Units(asset.DemoBalance), cancellationToken).ConfigureAwait(false);
        }

        await EndOneSecondLaterAsync(cancellationToken).ConfigureAwait(false);

        return new DevnetDeployment(
            chainId, proxyAdmin, auditor, debtManager, debtPreviewer, previewer, CanonicalMulticall3, multicall3,
            vault, factory, quoter, positionManager, pool, markets) { Permit2 = permit2 };
    }

    async Task<DevnetMarket> DeployMarketAsync(DevnetAsset asset, Address auditor, Address proxyAdmin, CancellationToken cancellationToken)
    {
        var token = await DeployAsync(Goerli("OP"), "string,string,uint8", [asset.Name, asset.Symbol, asset.Decimals], cancellationToken).ConfigureAwait(false);
        var price = DevnetAsset.Scale(asset.PriceUsd, 8);
        var feed = await DeployAsync(Goerli("PriceFeedOP"), "uint8,int256", [8, price], cancellationToken).ConfigureAwait(false);

        var irm = Address.Zero;
        if (current is null)
        {
            var irmArtifact = Optimism($"InterestRateModel{asset.Symbol}");
            var irmArgs = irmArtifact.Args.EnumerateArray().Select(a => (object?)BigInteger.Parse(a.GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            irm = await sender.DeployAsync(deployer, irmArtifact.CreationCode("uint256,int256,uint256,uint256,int256,uint256", irmArgs), cancellationToken).ConfigureAwait(false);
        }

        var implementation = await DeployAsync(Protocol($"Market{asset.Symbol}_Implementation"), "address,address", [token, auditor], cancellationToken).ConfigureAwait(false);
        var initialization = MarketInitialization(irm);
        if (current is not null)
            (irm, initialization) = await current.InterestRateModelAsync(asset.Symbol, cancellationToken).ConfigureAwait(false);
        var market = await ProxyAsync(implementation, proxyAdmin, initialization, cancellationToken).ConfigureAwait(false);
        await sender.SendAsync(deployer, auditor, DevnetAbi.EnableMarket, [market, feed, DevnetAsset.Scale(asset.AdjustFactor, 18)], cancellationToken).ConfigureAwait(false);
        return new DevnetMarket(asset.Symbol, market, implementation, token, feed, irm, asset.Decimals, asset.AdjustFactor);
    }

    /// <summary>
    /// <c>Market.initialize</c> with the package's hardhat config (<c>finance</c>): 6 future pools, earnings smooth factor 2,
    /// penalty 0.45 %/day (0.0045e18 / 86400 = 52083333333 per second), backup fee 10 %, reserve factor 10 %, damp speeds
    /// 0.0046 up / 0.4 down. The newest Optimism market proxy (wstETH) was initialised with exactly these; older proxies
    /// (USDC, WETH) carry earlier values (3 pools, 2 %/day) that the deploy script updates through setters.
    /// </summary>
    static byte[] MarketInitialization(Address irm) => DevnetAbi.MarketInitialize.Encode(
        6, Wad * 2, irm, Wad * 45 / 10_000 / 86_400, Wad / 10, Wad / 10, Wad * 46 / 10_000, Wad * 4 / 10);

    async Task LendAsync(DevnetMarket market, BigInteger amount, CancellationToken cancellationToken)
    {
        await sender.MintAsync(lender, market.Asset, lender, amount, cancellationToken).ConfigureAwait(false);
        await sender.SendAsync(lender, market.Asset, Erc20Abi.Approve, [market.Market, amount], cancellationToken).ConfigureAwait(false);
        await sender.SendAsync(lender, market.Market, DevnetAbi.Deposit, [amount, lender], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Mines one block a second after the lenders' deposits. A market's first deposit leaves <c>floatingAssetsAverage</c> at 0
    /// until a second passes (the average weighs new assets by 1 − e^(−dampSpeed·Δt)), and in that second 0.2.15's
    /// <c>InterestRateModel.fixedBorrowRate</c> divides by <c>supplied + average</c> = 0 (solmate <c>divWadUp</c>: a bare
    /// <c>revert(0, 0)</c>), so <c>borrowAtMaturity</c> fails with empty data. <c>evm_revert</c> rewinds anvil's clock to the
    /// snapshot head's timestamp, so a head in that second would bring the failure back after every revert of a test.
    /// </summary>
    async Task EndOneSecondLaterAsync(CancellationToken cancellationToken)
    {
        await rpc.RequestAsync("evm_increaseTime", [JsonValue.Create(1)], cancellationToken).ConfigureAwait(false);
        await rpc.RequestAsync("anvil_mine", [], cancellationToken).ConfigureAwait(false);
    }

    async Task<Address> DeployMulticall3Async(CancellationToken cancellationToken)
    {
        var source = await File.ReadAllTextAsync(tools.PackageFile("viem", "_cjs/constants/contracts.js"), cancellationToken).ConfigureAwait(false);
        var match = Multicall3Bytecode().Match(source);
        if (!match.Success)
            throw new InvalidDataException("viem's _cjs/constants/contracts.js has no multicall3Bytecode constant.");
        var deployed = await sender.DeployAsync(deployer, Hex.Decode(match.Groups[1].Value), cancellationToken).ConfigureAwait(false);
        var runtime = await rpc.GetCodeAsync(deployed, cancellationToken: cancellationToken).ConfigureAwait(false);
        await rpc.RequestAsync("anvil_setCode", [EthMethods.Json(CanonicalMulticall3.ToLowerHex()), EthMethods.Json(Hex.Encode(runtime))], cancellationToken).ConfigureAwait(false);
        return deployed;
    }

    /// <summary>OpenZeppelin TransparentUpgradeableProxy(logic, admin, data), the bytecode of Optimism's proxies.</summary>
    Task<Address> ProxyAsync(Address implementation, Address proxyAdmin, byte[] initialization, CancellationToken cancellationToken) =>
        DeployAsync("MarketUSDC_Proxy", "address,address,bytes", [implementation, proxyAdmin, initialization], cancellationToken);

    Task<Address> DeployAsync(string optimismArtifact, string constructorTypes, object?[] arguments, CancellationToken cancellationToken) =>
        DeployAsync(Optimism(optimismArtifact), constructorTypes, arguments, cancellationToken);

    Task<Address> DeployAsync(ContractArtifact artifact, string constructorTypes, object?[] arguments, CancellationToken cancellationToken) =>
        sender.DeployAsync(deployer, artifact.CreationCode(constructorTypes, arguments), cancellationToken);

    ContractArtifact Optimism(string name) => ContractArtifact.Load(tools.PackageFile("@exactly/protocol", $"deployments/optimism/{name}.json"));

    /// <summary>A protocol artifact of the generation being deployed.</summary>
    ContractArtifact Protocol(string name) => current?.Artifact(name) ?? Optimism(name);

    ContractArtifact Goerli(string name) => ContractArtifact.Load(tools.PackageFile("@exactly/protocol", $"deployments/goerli/{name}.json"));

    [GeneratedRegex("multicall3Bytecode\\s*=\\s*'(0x[0-9a-fA-F]+)'")]
    private static partial Regex Multicall3Bytecode();
}
