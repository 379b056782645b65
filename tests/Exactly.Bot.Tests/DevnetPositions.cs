using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Tests;

/// <summary>Positions opened on a devnet with plain transactions from anvil's unlocked dev accounts (no bot involved).</summary>
public static class DevnetPositions
{
    private static readonly AbiFunction Deposit = AbiFunction.Parse("deposit(uint256 assets, address receiver) returns (uint256)");
    private static readonly AbiFunction Borrow = AbiFunction.Parse("borrow(uint256 assets, address receiver, address borrower) returns (uint256)");

    /// <summary>
    /// Same-asset USDC leverage through the plain approve path (PROTOCOL.md): <paramref name="depositUsdc"/> minted to
    /// <paramref name="wallet"/>, its asset and Market share allowances, then <c>DebtManager.leverage(market, deposit, ratio)</c>.
    /// </summary>
    public static async Task LeverageUsdcAsync(Devnet.Devnet devnet, Address wallet, decimal depositUsdc, BigInteger ratio)
    {
        ArgumentNullException.ThrowIfNull(devnet);
        var d = devnet.Deployment;
        var usdc = d.Market("USDC");
        var deposit = new BigInteger(depositUsdc * 1_000_000m);
        await devnet.MintAsync(usdc.Asset, wallet, deposit);
        var borrow = (deposit * ratio / Units.Wad) - deposit;
        var shares = (BigInteger)(await devnet.Rpc.CallAsync(usdc.Market, MarketAbi.PreviewWithdraw, [borrow]))[0]!;
        await SendAsync(devnet, wallet, usdc.Asset, Erc20Abi.Approve.Encode(d.DebtManager, deposit));
        await SendAsync(devnet, wallet, usdc.Market, Erc20Abi.Approve.Encode(d.DebtManager, shares));
        await SendAsync(devnet, wallet, d.DebtManager, DebtManagerAbi.Leverage.Encode(usdc.Market, deposit, ratio));
    }

    /// <summary><paramref name="weth"/> WETH (WAD) deposited and entered as collateral, and <paramref name="usdc"/> USDC (6 decimals) borrowed.</summary>
    public static async Task WethCollateralUsdcBorrowAsync(Devnet.Devnet devnet, Address wallet, BigInteger weth, BigInteger usdc)
    {
        ArgumentNullException.ThrowIfNull(devnet);
        var w = devnet.Deployment.Market("WETH");
        var u = devnet.Deployment.Market("USDC");
        await devnet.MintAsync(w.Asset, wallet, weth);
        await SendAsync(devnet, wallet, w.Asset, Erc20Abi.Approve.Encode(w.Market, weth));
        await SendAsync(devnet, wallet, w.Market, Deposit.Encode(weth, wallet));
        await SendAsync(devnet, wallet, devnet.Deployment.Auditor, AuditorAbi.EnterMarket.Encode(w.Market));
        await SendAsync(devnet, wallet, u.Market, Borrow.Encode(usdc, wallet, wallet));
    }

    private static async Task SendAsync(Devnet.Devnet devnet, Address from, Address to, byte[] data)
    {
        var receipt = await devnet.SendAsync(new TransactionRequest(to, data, from));
        Assert.True(receipt.Succeeded, $"a position transaction from {from} reverted");
    }
}
