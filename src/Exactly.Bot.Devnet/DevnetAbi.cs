using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Devnet;

/// <summary>The contract functions the devnet calls while deploying and seeding, as in the 0.2.15 and Uniswap V3 ABIs.</summary>
static class DevnetAbi
{
    public static readonly AbiFunction AuditorInitialize = AbiFunction.Parse("initialize((uint128,uint128))");
    public static readonly AbiFunction EnableMarket = AbiFunction.Parse("enableMarket(address,address,uint128)");
    public static readonly AbiFunction MarketInitialize = AbiFunction.Parse("initialize(uint8,uint128,address,uint256,uint256,uint128,uint256,uint256)");
    public static readonly AbiFunction Initialize = AbiFunction.Parse("initialize()");
    public static readonly AbiFunction DebtPreviewerInitialize = AbiFunction.Parse("initialize((address,address)[],uint24[])");
    public static readonly AbiFunction Deposit = AbiFunction.Parse("deposit(uint256,address) returns (uint256)");
    public static readonly AbiFunction Mint = AbiFunction.Parse("mint(address,uint256)");
    public static readonly AbiFunction SetPrice = AbiFunction.Parse("setPrice(int256)");
    public static readonly AbiFunction CreateAndInitializePool = AbiFunction.Parse("createAndInitializePoolIfNecessary(address,address,uint24,uint160) returns (address)");
    public static readonly AbiFunction PositionMint = AbiFunction.Parse(
        "mint((address,address,uint24,int24,int24,uint256,uint256,uint256,uint256,address,uint256)) returns (uint256,uint128,uint256,uint256)");
}
