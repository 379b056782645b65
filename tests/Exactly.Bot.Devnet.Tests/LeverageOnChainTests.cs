using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Xunit.Abstractions;

namespace Exactly.Bot.Devnet.Tests;

/// <summary>The acceptance check on chain: same-asset leverage through the plain approve path (PROTOCOL.md).</summary>
public sealed class LeverageOnChainTests(DevnetFixture fixture, ITestOutputHelper output) : IClassFixture<DevnetFixture>
{
    static readonly AbiFunction Approve = AbiFunction.Parse("approve(address,uint256) returns (bool)");
    static readonly AbiFunction Leverage = AbiFunction.Parse("leverage(address,uint256,uint256)");
    static readonly AbiFunction MaxWithdraw = AbiFunction.Parse("maxWithdraw(address) returns (uint256)");
    static readonly AbiFunction PreviewDebt = AbiFunction.Parse("previewDebt(address) returns (uint256)");
    static readonly BigInteger Wad = BigInteger.Pow(10, 18);

    Devnet Devnet => fixture.Devnet;

    [Fact]
    public async Task Leverage_3x100Usdc_Deposits300AndBorrows200()
    {
        // A fresh dev account, so the shared demo wallet stays untouched for other tests.
        var account = Devnet.Accounts[3];
        var usdc = Devnet.Deployment.Market("USDC");
        var debtManager = Devnet.Deployment.DebtManager;
        var deposit = 100 * BigInteger.Pow(10, 6);
        await Devnet.MintAsync(usdc.Asset, account, deposit);

        // Two approvals: the asset (pulled as the deposit) and market shares (spent by the borrow through DebtManager).
        await Send(account, usdc.Asset, Approve, debtManager, deposit);
        await Send(account, usdc.Market, Approve, debtManager, (BigInteger.One << 256) - 1);
        var receipt = await Send(account, debtManager, Leverage, usdc.Market, deposit, 3 * Wad);
        output.WriteLine($"leverage gas used: {receipt.GasUsed}");

        // Read at the leverage's own block: no time has passed, so no interest has accrued and the figures are exact.
        var block = BlockParameter.Number(receipt.BlockNumber);
        var maxWithdraw = (BigInteger)(await Devnet.Rpc.CallAsync(usdc.Market, MaxWithdraw, [account], block))[0]!;
        var debt = (BigInteger)(await Devnet.Rpc.CallAsync(usdc.Market, PreviewDebt, [account], block))[0]!;
        Assert.Equal(300_000_000, maxWithdraw);
        Assert.Equal(200_000_000, debt);
        Assert.Equal(BigInteger.Zero, await Devnet.BalanceOfAsync(usdc.Asset, account));
    }

    Task<TransactionReceipt> Send(Address from, Address to, AbiFunction function, params object?[] arguments) =>
        Devnet.SendAsync(new TransactionRequest(to, function.Encode(arguments), from));
}
