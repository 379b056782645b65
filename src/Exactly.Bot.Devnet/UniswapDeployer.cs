using System.Numerics;
using Exactly.Bot.Ethereum;

using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Devnet;

/// <summary>Uniswap V3 from the npm build artifacts: factory, v1 Quoter, NonfungiblePositionManager and a seeded pool.</summary>
sealed class UniswapDeployer(NpmTools tools, DevnetSender sender, Address deployer)
{
    /// <summary>Fee tier of the USDC/WETH pool (0.05%, tick spacing 10), as DebtPreviewer's production config uses.</summary>
    public const int PoolFee = 500;

    // Full range for tick spacing 10: TickMath.MIN_TICK/MAX_TICK (±887272) rounded toward zero to a multiple of 10.
    const int MaxTick = 887_270;

    public async Task<(Address Factory, Address Quoter, Address PositionManager)> DeployAsync(Address weth, CancellationToken cancellationToken)
    {
        var factory = await sender.DeployAsync(deployer, Load("@uniswap/v3-core", "UniswapV3Factory.sol/UniswapV3Factory").CreationCode(), cancellationToken).ConfigureAwait(false);
        var quoter = await sender.DeployAsync(deployer, Load("@uniswap/v3-periphery", "lens/Quoter.sol/Quoter").CreationCode("address,address", factory, weth), cancellationToken).ConfigureAwait(false);
        // The token descriptor only serves tokenURI, which nothing here calls; the zero address is enough.
        var positions = await sender.DeployAsync(
            deployer,
            Load("@uniswap/v3-periphery", "NonfungiblePositionManager.sol/NonfungiblePositionManager").CreationCode("address,address,address", factory, weth, Address.Zero),
            cancellationToken).ConfigureAwait(false);
        return (factory, quoter, positions);
    }

    /// <summary>
    /// Creates the pool of two tokens at the ratio of their USD prices and adds full-range liquidity worth about
    /// <paramref name="usdPerSide"/> on each side. Returns the pool address.
    /// </summary>
    public async Task<Address> CreatePoolAsync(
        Address positionManager, (Address Token, DevnetAsset Asset) a, (Address Token, DevnetAsset Asset) b, decimal usdPerSide, CancellationToken cancellationToken)
    {
        var (token0, token1) = CompareAddresses(a.Token, b.Token) < 0 ? (a, b) : (b, a);
        var sqrtPriceX96 = SqrtPriceX96(token0.Asset, token1.Asset);
        var pool = (Address)(await sender.CallAsync(
            positionManager, DevnetAbi.CreateAndInitializePool, [token0.Token, token1.Token, PoolFee, sqrtPriceX96], cancellationToken).ConfigureAwait(false))[0]!;
        await sender.SendAsync(deployer, positionManager, DevnetAbi.CreateAndInitializePool, [token0.Token, token1.Token, PoolFee, sqrtPriceX96], cancellationToken).ConfigureAwait(false);

        var amount0 = token0.Asset.Units(decimal.Round(usdPerSide / token0.Asset.PriceUsd, 6));
        var amount1 = token1.Asset.Units(decimal.Round(usdPerSide / token1.Asset.PriceUsd, 6));
        foreach (var (token, amount) in new[] { (token0.Token, amount0), (token1.Token, amount1) })
        {
            await sender.MintAsync(deployer, token, deployer, amount, cancellationToken).ConfigureAwait(false);
            await sender.SendAsync(deployer, token, Erc20Abi.Approve, [positionManager, amount], cancellationToken).ConfigureAwait(false);
        }
        object?[] mint = [token0.Token, token1.Token, PoolFee, -MaxTick, MaxTick, amount0, amount1, BigInteger.Zero, BigInteger.Zero, deployer, long.MaxValue];
        await sender.SendAsync(deployer, positionManager, DevnetAbi.PositionMint, [mint], cancellationToken).ConfigureAwait(false);
        return pool;
    }

    /// <summary>
    /// sqrt(price of token0 in token1, in raw units) · 2^96, i.e. isqrt(p0 · 10^d1 · 2^192 / (p1 · 10^d0)).
    /// </summary>
    internal static BigInteger SqrtPriceX96(DevnetAsset token0, DevnetAsset token1)
    {
        var numerator = DevnetAsset.Scale(token0.PriceUsd, 8) * BigInteger.Pow(10, token1.Decimals) << 192;
        var denominator = DevnetAsset.Scale(token1.PriceUsd, 8) * BigInteger.Pow(10, token0.Decimals);
        return IntegerSqrt(numerator / denominator);
    }

    internal static BigInteger IntegerSqrt(BigInteger n)
    {
        if (n < 2)
            return n;
        // Newton's method from an over-estimate converges monotonically down to floor(sqrt(n)).
        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + n / x) >> 1;
            if (y >= x)
                return x;
            x = y;
        }
    }

    static int CompareAddresses(Address left, Address right) => left.Bytes.SequenceCompareTo(right.Bytes);

    ContractArtifact Load(string package, string contract) =>
        ContractArtifact.Load(tools.PackageFile(package, $"artifacts/contracts/{contract}.json"));
}
