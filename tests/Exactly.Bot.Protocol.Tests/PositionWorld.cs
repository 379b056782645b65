using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Positions;

namespace Exactly.Bot.Protocol.Tests;

/// <summary>Positions built on the devnet with the markets' own functions (deposit, enter, borrow), for the alert facts tests.</summary>
internal static class PositionWorld
{
    public static readonly AbiFunction Deposit = AbiFunction.Parse("deposit(uint256 assets, address receiver) returns (uint256)");
    public static readonly AbiFunction Borrow = AbiFunction.Parse("borrow(uint256 assets, address receiver, address borrower) returns (uint256)");
    public static readonly AbiFunction SetPrice = AbiFunction.Parse("setPrice(int256)");
    public static readonly AbiFunction GrantRole = AbiFunction.Parse("grantRole(bytes32 role, address account)");
    public static readonly AbiFunction Pause = AbiFunction.Parse("pause()");
    public static readonly BigInteger Usdc = BigInteger.Pow(10, 6);
    public static readonly BigInteger Weth = Units.Wad;

    /// <summary>Deposits <paramref name="collateral"/> of <paramref name="deposit"/>'s asset, enters it, borrows <paramref name="borrowed"/> of the other.</summary>
    public static async Task OpenAsync(this QuoteFixture f, Address account, MarketInfo deposit, BigInteger collateral, MarketInfo borrow, BigInteger borrowed)
    {
        await f.Devnet.MintAsync(deposit.Asset, account, collateral);
        await f.SendAsync(account, deposit.Asset, Erc20Abi.Approve, deposit.Market, collateral);
        await f.SendAsync(account, deposit.Market, Deposit, collateral, account);
        await f.SendAsync(account, f.Deployment.Auditor, AuditorAbi.EnterMarket, deposit.Market);
        if (!borrowed.IsZero)
        {
            await f.SendAsync(account, borrow.Market, Borrow, borrowed, account, account);
        }
    }

    /// <summary>Borrows at the next maturity (4-week pools) and returns the maturity.</summary>
    public static async Task<long> BorrowFixedAsync(this QuoteFixture f, Address account, MarketInfo market, BigInteger assets)
    {
        // Chain time, never the wall clock: evm_revert rewinds anvil's clock to the snapshot head's timestamp.
        var now = await f.Devnet.TimestampAsync();
        var maturity = now - (now % FixedBorrow.Interval) + FixedBorrow.Interval;
        try
        {
            await f.SendAsync(account, market.Market, MarketAbi.BorrowAtMaturity, new BigInteger(maturity), assets, assets * 2, account, account);
        }
        catch (RevertException e)
        {
            throw new InvalidOperationException($"borrowAtMaturity({maturity}) at {now} reverted with {Hex.Encode(e.RevertData)}", e);
        }

        return maturity;
    }

    /// <summary>Sets a feed's answer (8 decimals) as the deployer.</summary>
    public static Task SetAnswerAsync(this QuoteFixture f, MarketInfo market, BigInteger answer) =>
        f.SendAsync(f.Devnet.Deployer, market.PriceFeed, SetPrice, answer);

    /// <summary>The feed's answer now (8 decimals).</summary>
    public static async Task<BigInteger> AnswerAsync(this QuoteFixture f, MarketInfo market) =>
        (BigInteger)(await f.Devnet.Rpc.CallAsync(market.PriceFeed, PriceFeedAbi.LatestAnswer, []))[0]!;

    /// <summary><c>accountLiquidity</c> read on its own at <paramref name="block"/> (not through the reader).</summary>
    public static async Task<(BigInteger Collateral, BigInteger Debt)> LiquidityAsync(this QuoteFixture f, Address account, BlockParameter? block = null)
    {
        var values = await f.Devnet.Rpc.CallAsync(f.Deployment.Auditor, AuditorAbi.AccountLiquidity, [account, Address.Zero, BigInteger.Zero], block);
        return ((BigInteger)values[0]!, (BigInteger)values[1]!);
    }

    /// <summary>
    /// <c>accountLiquidity</c> at <paramref name="block"/> as if the feed of <paramref name="market"/> answered <paramref name="answer"/>:
    /// an <c>eth_call</c> state override of the feed's price slot, so interest cannot move between the price change and the read.
    /// </summary>
    public static async Task<(BigInteger Collateral, BigInteger Debt)> LiquidityAtAnswerAsync(
        this QuoteFixture f, Address account, MarketInfo market, BigInteger answer, BlockHeader block)
    {
        var slot = await PriceSlotAsync(f, market, block);
        var overrides = new System.Text.Json.Nodes.JsonObject
        {
            [market.PriceFeed.ToLowerHex()] = new System.Text.Json.Nodes.JsonObject
            {
                ["stateDiff"] = new System.Text.Json.Nodes.JsonObject { [Word(slot)] = Word(answer) },
            },
        };
        var call = new TransactionRequest(f.Deployment.Auditor, AuditorAbi.AccountLiquidity.Encode(account, Address.Zero, BigInteger.Zero));
        var result = await f.Devnet.Rpc.RequestAsync("eth_call", [call.ToJson(), block.Pin.ToJson(), overrides]);
        var values = AuditorAbi.AccountLiquidity.Decode(EthMethods.Bytes(result));
        return ((BigInteger)values[0]!, (BigInteger)values[1]!);
    }

    // MockPriceFeed keeps its answer in a plain storage slot: find it by value rather than assume the layout.
    private static async Task<BigInteger> PriceSlotAsync(QuoteFixture f, MarketInfo market, BlockHeader block)
    {
        var answer = (BigInteger)(await f.Devnet.Rpc.CallAsync(market.PriceFeed, PriceFeedAbi.LatestAnswer, [], block.Pin))[0]!;
        for (var slot = 0; slot < 8; slot++)
        {
            var word = await f.Devnet.Rpc.GetStorageAtAsync(market.PriceFeed, slot, block.Pin);
            if (new BigInteger(word, isUnsigned: true, isBigEndian: true) == answer)
            {
                return slot;
            }
        }

        throw new InvalidOperationException("The feed's answer is in none of its first 8 slots.");
    }

    private static string Word(BigInteger value) => "0x" + value.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)[^64..];

    /// <summary>Pauses a market as the deployer (grants itself PAUSER_ROLE first).</summary>
    public static async Task PauseAsync(this QuoteFixture f, MarketInfo market)
    {
        await f.SendAsync(f.Devnet.Deployer, market.Market, GrantRole, Keccak256.Hash("PAUSER_ROLE"), f.Devnet.Deployer);
        await f.SendAsync(f.Devnet.Deployer, market.Market, Pause);
    }

    public static PositionReader Reader(this QuoteFixture f) => new(f.Devnet.Rpc, f.Deployment, f.Catalogue);

    public static Task<BlockHeader> HeadAsync(this QuoteFixture f) => BlockHeader.ReadAsync(f.Devnet.Rpc);
}
