using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Devnet;

/// <summary>A market whose asset has no EIP-2612 permit, like canonical WETH on Optimism: deposits go through Permit2.</summary>
sealed partial class DevnetDeployer
{
    static readonly AbiFunction ApproveMarket = AbiFunction.Parse("approve(address market)");

    /// <summary>
    /// Lists <c>WETH9</c>: an OpenZeppelin 4.9.2 <c>ERC20PresetMinterPauser</c> (<c>@openzeppelin/contracts</c>, pinned in tools/package.json) (no <c>permit</c>, no <c>DOMAIN_SEPARATOR</c>; only the
    /// deployer may mint) behind a 0.2.15 <c>MarketWETH_Implementation</c>, priced at 3,000 USD, adjust factor 0.86, then
    /// <c>DebtManager.approve(market)</c>, lender liquidity (1,000), vault liquidity (10,000) and 10 to <paramref name="demoWallet"/>.
    /// </summary>
    public async Task<DevnetMarket> AddMarketWithoutPermitAsync(DevnetDeployment deployment, Address demoWallet, CancellationToken cancellationToken)
    {
        var asset = new DevnetAsset("WETH9", "Wrapped Ether (no permit)", 18, 3_000m, 0.86m, 1_000, 10_000, 10);
        var tokenArtifact = ContractArtifact.Load(tools.PackageFile("@openzeppelin/contracts", "build/contracts/ERC20PresetMinterPauser.json"));
        var token = await sender.DeployAsync(deployer, tokenArtifact.CreationCode("string,string", asset.Name, asset.Symbol), cancellationToken).ConfigureAwait(false);
        var feed = await DeployAsync(Goerli("PriceFeedOP"), "uint8,int256", [8, DevnetAsset.Scale(asset.PriceUsd, 8)], cancellationToken).ConfigureAwait(false);
        var irmArtifact = Optimism("InterestRateModelWETH");
        var irmArgs = irmArtifact.Args.EnumerateArray().Select(a => (object?)BigInteger.Parse(a.GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var irm = await sender.DeployAsync(deployer, irmArtifact.CreationCode("uint256,int256,uint256,uint256,int256,uint256", irmArgs), cancellationToken).ConfigureAwait(false);
        var implementation = await DeployAsync("MarketWETH_Implementation", "address,address", [token, deployment.Auditor], cancellationToken).ConfigureAwait(false);
        var market = await ProxyAsync(implementation, deployment.ProxyAdmin, MarketInitialization(irm), cancellationToken).ConfigureAwait(false);
        await sender.SendAsync(deployer, deployment.Auditor, DevnetAbi.EnableMarket, [market, feed, DevnetAsset.Scale(asset.AdjustFactor, 18)], cancellationToken).ConfigureAwait(false);
        await sender.SendAsync(deployer, deployment.DebtManager, ApproveMarket, [market], cancellationToken).ConfigureAwait(false);

        var lent = asset.Units(asset.LenderLiquidity);
        await sender.MintAsync(deployer, token, deployment.BalancerVault, asset.Units(asset.VaultLiquidity), cancellationToken).ConfigureAwait(false);
        await sender.MintAsync(deployer, token, lender, lent, cancellationToken).ConfigureAwait(false);
        await sender.MintAsync(deployer, token, demoWallet, asset.Units(asset.DemoBalance), cancellationToken).ConfigureAwait(false);
        await sender.SendAsync(lender, token, Erc20Abi.Approve, [market, lent], cancellationToken).ConfigureAwait(false);
        await sender.SendAsync(lender, market, DevnetAbi.Deposit, [lent, lender], cancellationToken).ConfigureAwait(false);
        await EndOneSecondLaterAsync(cancellationToken).ConfigureAwait(false);
        return new DevnetMarket(asset.Symbol, market, implementation, token, feed, irm, asset.Decimals, asset.AdjustFactor);
    }
}
