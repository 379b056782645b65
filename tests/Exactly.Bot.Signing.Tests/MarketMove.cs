using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Signing.Tests;

/// <summary>
/// What some transactions did to one account in one market, from the market's own ERC-4626 and borrow events, with reads
/// pinned to the block of the last of them.
/// </summary>
/// <remarks>
/// Why not compare read-backs with round figures: anvil stamps each block with the wall clock, so on a busy machine more
/// seconds pass between the flow's transactions. Once floating interest reaches whole units a market share is worth more
/// than one unit of the asset, and ERC-4626 rounds shares down on deposit and assets down on read-back (in the market's
/// favour): 400 USDC deposited then reads back as 399.999999. The amounts the protocol moves are exact; what they read
/// back as is computed here from the chain at the block.
/// </remarks>
/// <param name="Block">The block of the last transaction.</param>
/// <param name="Deposited">Assets deposited for the account (ERC-4626 <c>Deposit</c>, owner = account), asset units.</param>
/// <param name="DepositShares">Shares minted to the account for them.</param>
/// <param name="Withdrawn">Assets withdrawn from the account's deposit (ERC-4626 <c>Withdraw</c>, owner = account).</param>
/// <param name="WithdrawShares">Shares burned for them.</param>
/// <param name="Borrowed">Floating borrow assets (<c>Borrow</c>, borrower = account).</param>
/// <param name="BorrowShares">Floating borrow shares added for them.</param>
/// <param name="Repaid">Floating debt assets repaid (<c>Repay</c>, borrower = account).</param>
public sealed record MarketMove(
    long Block, BigInteger Deposited, BigInteger DepositShares, BigInteger Withdrawn, BigInteger WithdrawShares, BigInteger Borrowed, BigInteger BorrowShares,
    BigInteger Repaid)
{
    private static readonly AbiEvent Deposit = AbiEvent.Parse("Deposit(address indexed caller, address indexed owner, uint256 assets, uint256 shares)");

    private static readonly AbiEvent Withdraw = AbiEvent.Parse(
        "Withdraw(address indexed caller, address indexed receiver, address indexed owner, uint256 assets, uint256 shares)");

    /// <summary>Adds up the market's events for <paramref name="account"/> in the (mined, successful) <paramref name="transactions"/>.</summary>
    public static async Task<MarketMove> OfAsync(JsonRpcClient rpc, Address market, Address account, IEnumerable<string> transactions)
    {
        var logs = new List<Log>();
        var block = 0L;
        foreach (var hash in transactions)
        {
            var receipt = await rpc.GetTransactionReceiptAsync(hash) ?? throw new InvalidOperationException($"{hash} is not mined");
            Assert.True(receipt.Succeeded, $"{hash} reverted");
            logs.AddRange(receipt.Logs.Where(l => l.Address == market));
            block = Math.Max(block, receipt.BlockNumber);
        }

        // Each is (event, which parameter is the account, which are assets and shares).
        (BigInteger Assets, BigInteger Shares) Sum(AbiEvent e, int who, int assets, int shares) => logs
            .Where(l => e.Matches(l.Topics))
            .Select(l => e.DecodeLog(l.Topics, l.Data))
            .Where(v => (Address)v[who]! == account)
            .Aggregate((BigInteger.Zero, BigInteger.Zero), (s, v) => (s.Item1 + (BigInteger)v[assets]!, s.Item2 + (BigInteger)v[shares]!));
        var deposited = Sum(Deposit, 1, 2, 3);
        var withdrawn = Sum(Withdraw, 2, 3, 4);
        var borrowed = Sum(MarketEvents.Borrow, 2, 3, 4);
        return new MarketMove(
            block, deposited.Assets, deposited.Shares, withdrawn.Assets, withdrawn.Shares, borrowed.Assets, borrowed.Shares, Sum(MarketEvents.Repay, 1, 2, 3).Assets);
    }

    /// <summary>Reads a uint256 view at <see cref="Block"/>.</summary>
    public async Task<BigInteger> ReadAsync(JsonRpcClient rpc, Address contract, AbiFunction function, params object?[] args) =>
        (BigInteger)(await rpc.CallAsync(contract, function, args, BlockParameter.Number(Block)))[0]!;

    /// <summary>
    /// What <paramref name="shares"/> of <paramref name="market"/> are worth at <see cref="Block"/>: solmate ERC-4626
    /// <c>convertToAssets</c>, shares × totalAssets / totalSupply rounded down, from the market's totals at that block.
    /// </summary>
    public async Task<BigInteger> ValueOfSharesAsync(JsonRpcClient rpc, Address market, BigInteger shares)
    {
        var supply = await ReadAsync(rpc, market, MarketAbi.TotalSupply);
        return supply.IsZero ? shares : shares * await ReadAsync(rpc, market, MarketAbi.TotalAssets) / supply;
    }

    /// <summary>
    /// For a fresh account's leverage: exactly <paramref name="deposited"/> and <paramref name="borrowed"/> moved, and the
    /// position reads back at <see cref="Block"/> as the chain computes it (the article's round deposit while a deposit share
    /// is worth one unit; the debt at least what was borrowed, as it rounds up). Returns that deposit and debt, asset units.
    /// </summary>
    public async Task<(BigInteger Deposit, BigInteger Debt)> AssertLeveragedAsync(
        JsonRpcClient rpc, Address market, Address account, BigInteger deposited, BigInteger borrowed)
    {
        Assert.Equal(deposited, Deposited);
        Assert.Equal(borrowed, Borrowed);
        Assert.Equal(DepositShares, await ReadAsync(rpc, market, Erc20Abi.BalanceOf, account));
        var deposit = await ReadAsync(rpc, market, MarketAbi.MaxWithdraw, account);
        Assert.Equal(await ValueOfSharesAsync(rpc, market, DepositShares), deposit);
        // previewDebt is previewRefund of the account's borrow shares (rounded up): debt accrues from the borrow on.
        var debt = await ReadAsync(rpc, market, MarketAbi.PreviewDebt, account);
        Assert.Equal(await ReadAsync(rpc, market, MarketAbi.PreviewRefund, BorrowShares), debt);
        if (DepositShares == deposited)
        {
            Assert.Equal(deposited, deposit); // minted one share per unit: the round figure exactly
        }

        // Not "one share per unit, so the round figure": a borrow share worth 1 + ε still mints ceil(200/(1 + ε)) = 200 shares,
        // and they are worth ceil(200 × (1 + ε)) = 200.000001 (seen under load, when a second of interest had accrued).
        Assert.True(debt >= borrowed, $"debt {debt} below the {borrowed} borrowed");

        return (deposit, debt);
    }
}
