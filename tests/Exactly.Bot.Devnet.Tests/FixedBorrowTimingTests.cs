using System.Numerics;
using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Devnet.Tests;

/// <summary>
/// A fixed borrow in the second of the deployed head. <c>evm_revert</c> rewinds anvil's clock to the snapshot head's
/// timestamp (it does not keep an <c>evm_increaseTime</c> offset), so a test that snapshots the fresh devnet and reverts sends
/// its next transactions in that same second again whenever it is quick. Each market's first deposit leaves
/// <c>floatingAssetsAverage</c> at 0 until a second passes; in that second <c>borrowAtMaturity</c> divides by zero inside the
/// interest rate model (solmate's <c>divWadUp</c>: a bare <c>revert(0, 0)</c>).
/// </summary>
public sealed class FixedBorrowTimingTests
{
    static readonly BigInteger Interval = 4 * 7 * 24 * 3600;

    [Theory]
    [InlineData(ProtocolGeneration.V0215)]
    [InlineData(ProtocolGeneration.Current)]
    public async Task BorrowAtMaturity_InTheSecondOfTheDeployedHead_SucceedsInEveryMarket(ProtocolGeneration generation)
    {
        await using var devnet = await Devnet.StartAsync(new DevnetOptions { Generation = generation });
        var head = await BlockHeader.ReadAsync(devnet.Rpc);
        // Every block from here on gets the head's timestamp: what anvil gives the blocks of a quick test after a revert.
        await devnet.Rpc.RequestAsync("anvil_setBlockTimestampInterval", [JsonValue.Create(0)]);
        var borrower = devnet.Accounts[3];
        var weth = devnet.Deployment.Market("WETH");
        var collateral = 100 * BigInteger.Pow(10, 18);
        await devnet.MintAsync(weth.Asset, borrower, collateral);
        await SendAsync(devnet, borrower, weth.Asset, Erc20Abi.Approve, weth.Market, collateral);
        await SendAsync(devnet, borrower, weth.Market, MarketAbi.Deposit, collateral, borrower);
        await SendAsync(devnet, borrower, devnet.Deployment.Auditor, AuditorAbi.EnterMarket, weth.Market);
        var maturity = head.Timestamp - (head.Timestamp % Interval) + Interval;
        foreach (var market in devnet.Deployment.Markets)
        {
            var assets = BigInteger.Pow(10, market.Decimals);
            var receipt = await SendAsync(devnet, borrower, market.Market, MarketAbi.BorrowAtMaturity, maturity, assets, assets * 2, borrower, borrower);
            var block = await BlockHeader.ReadAsync(devnet.Rpc, BlockParameter.Number(receipt.BlockNumber));
            Assert.Equal(head.Timestamp, block.Timestamp);
        }
    }

    static async Task<TransactionReceipt> SendAsync(Devnet devnet, Address from, Address to, Ethereum.Abi.AbiFunction function, params object?[] arguments)
    {
        try
        {
            return await devnet.SendAsync(new TransactionRequest(to, function.Encode(arguments), from));
        }
        catch (RevertException e)
        {
            throw new InvalidOperationException($"{function.Name} to {to} reverted with '{Hex.Encode(e.RevertData)}'", e);
        }
    }
}
