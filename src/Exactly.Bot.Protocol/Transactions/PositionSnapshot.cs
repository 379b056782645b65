using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Transactions;

/// <summary>An account's position in one market after a transaction, with what the DebtManager may still spend.</summary>
/// <param name="Deposit">Deposit in assets (<c>maxWithdraw</c>), asset decimals.</param>
/// <param name="Debt">Debt (<c>previewDebt</c>), asset decimals.</param>
/// <param name="Ratio">Leverage = deposit / (deposit − debt), WAD; 0 without a deposit.</param>
/// <param name="HealthFactor">Auditor collateral / debt, WAD; null without debt.</param>
/// <param name="Shares">Market shares held.</param>
/// <param name="WalletAssets">Asset in the wallet, asset decimals.</param>
/// <param name="ShareAllowance">Market shares the DebtManager may still spend.</param>
/// <param name="AssetAllowance">Assets the DebtManager may still pull.</param>
public sealed record PositionSnapshot(
    BigInteger Deposit, BigInteger Debt, BigInteger Ratio, BigInteger? HealthFactor, BigInteger Shares, BigInteger WalletAssets,
    BigInteger ShareAllowance, BigInteger AssetAllowance)
{
    /// <summary>Reads the snapshot at the latest block.</summary>
    /// <exception cref="RpcException">The chain could not be read.</exception>
    public static async Task<PositionSnapshot> ReadAsync(
        JsonRpcClient rpc, ProtocolDeployment deployment, MarketInfo market, Address account, CancellationToken cancellationToken = default) =>
        await ReadAsync(rpc, deployment, market, account, await rpc.BlockNumberAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Reads the snapshot at block <paramref name="blockNumber"/>: a transaction's outcome is its block's state, not a later
    /// head's (interest accrues from block to block, and a lagging node's "latest" can even predate the transaction).
    /// </summary>
    /// <exception cref="RpcException">The chain could not be read (a node that has not seen the block yet answers an error).</exception>
    public static async Task<PositionSnapshot> ReadAsync(
        JsonRpcClient rpc, ProtocolDeployment deployment, MarketInfo market, Address account, long blockNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(market);
        var block = BlockParameter.Number(blockNumber);
        var r = await rpc.ReadAsync(
            [
                new ContractCall(market.Market, MarketAbi.MaxWithdraw, account),
                new ContractCall(market.Market, MarketAbi.PreviewDebt, account),
                new ContractCall(deployment.Auditor, AuditorAbi.AccountLiquidity, account, Address.Zero, BigInteger.Zero),
                new ContractCall(market.Market, Erc20Abi.BalanceOf, account),
                new ContractCall(market.Asset, Erc20Abi.BalanceOf, account),
                new ContractCall(market.Market, Erc20Abi.Allowance, account, deployment.DebtManager),
                new ContractCall(market.Asset, Erc20Abi.Allowance, account, deployment.DebtManager),
            ],
            block,
            cancellationToken).ConfigureAwait(false);
        var deposit = (BigInteger)r[0][0]!;
        var debt = (BigInteger)r[1][0]!;
        return new PositionSnapshot(
            deposit, debt, Quotes.LeverageQuoter.RatioOf(deposit, debt), Health.HealthFactor.Of((BigInteger)r[2][0]!, (BigInteger)r[2][1]!),
            (BigInteger)r[3][0]!, (BigInteger)r[4][0]!, (BigInteger)r[5][0]!, (BigInteger)r[6][0]!);
    }
}
