using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol;
using Exactly.Bot.Protocol.Transactions;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Signing;

/// <summary>
/// Watches the receipts of submitted sessions (from the database, so a restart loses none), settles each as mined or failed
/// exactly once, and posts the outcome to the chat that asked. A transaction that was replaced, or dropped for longer than
/// <see cref="SigningOptions.DroppedAfter"/>, ends its session as failed (<see cref="DroppedTransactions"/>).
/// </summary>
public sealed partial class ReceiptWatcher(
    SigningSessionLedger ledger,
    SigningSessionStore store,
    PlanResolver plans,
    JsonRpcClient rpc,
    TransactionSimulator simulator,
    OutcomePoster poster,
    IOptions<SigningOptions> options,
    TimeProvider time,
    ILogger<ReceiptWatcher> logger) : BackgroundService
{
    private readonly DroppedTransactions dropped = new(time, options);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is RpcException or HttpRequestException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                LogWatchFailed(logger, ex);
            }

            await Task.Delay(options.Value.ReceiptPollInterval, time, stoppingToken);
        }
    }

    /// <summary>One pass over the submitted sessions: settles the mined ones, and ends dropped or replaced ones as failed.</summary>
    /// <exception cref="RpcException">The node failed.</exception>
    public async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var id in await ledger.SubmittedAsync(cancellationToken))
        {
            await SettleAsync(id, cancellationToken);
        }
    }

    private async Task SettleAsync(string id, CancellationToken cancellationToken)
    {
        var state = await ledger.GetAsync(id, cancellationToken);
        if (state?.TxHash is null)
        {
            return;
        }

        var receipt = await rpc.GetTransactionReceiptAsync(state.TxHash, cancellationToken);
        var session = (await store.FindAsync(id, cancellationToken))!;
        var stored = await plans.ResolveAsync(state.PlanJson!, cancellationToken);
        if (receipt is null)
        {
            if (await dropped.CheckAsync(rpc, ledger, state, session, stored.Record, stored.Market, cancellationToken) is { } why)
            {
                LogDropped(logger, id, state.TxHash);
                await FinishAsync(session, SigningStatus.Failed, why, cancellationToken);
            }

            return;
        }

        var (status, text) = await VerdictAsync(state, session, stored, receipt, cancellationToken);
        await FinishAsync(session, status, text, cancellationToken);
    }

    /// <summary>What the mined transaction came to, in the sentence posted to the chat: only the transaction built for this session may be reported as it.</summary>
    private async Task<(SigningStatus Status, string Text)> VerdictAsync(
        SigningSessionState state, SigningSession session, StoredPlan stored, TransactionReceipt receipt, CancellationToken cancellationToken)
    {
        var (record, market, borrow, hash) = (stored.Record, stored.Market, stored.Borrow, state.TxHash!);
        var txUrl = new Uri(options.Value.ExplorerTxUrl, hash);
        var kind = borrow is null ? record.Kind.ToLowerInvariant() : OutcomeText.CrossKind(record.ParsedKind);
        var what = borrow is null ? market.Symbol : $"{market.Symbol}/{borrow.Symbol}";
        var (deployment, account) = (plans.Deployment, Address.Parse(state.Account!));
        // A receipt says something was mined, not what.
        var sent = await ReportedTransaction.FindAsync(rpc, hash, cancellationToken);
        if (sent is null || !sent.IsCall(account, deployment.DebtManager, state.CallHash))
        {
            LogNotThePlan(logger, state.Id, hash);
            return (SigningStatus.Failed, OutcomeText.NotThePlan(kind, what, txUrl, session.Command));
        }

        if (!receipt.Succeeded)
        {
            return (SigningStatus.Failed, OutcomeText.Failed(kind, what, await RevertReasonAsync(sent, receipt, cancellationToken), txUrl));
        }

        // The position as the transaction left it: at its block, not at whatever head the node answers for "latest".
        var position = await PositionSnapshot.ReadAsync(rpc, deployment, market, account, receipt.BlockNumber, cancellationToken);
        if (borrow is null)
        {
            LogMined(logger, state.Id, hash, receipt.GasUsed, position.ShareAllowance, position.AssetAllowance);
            return (SigningStatus.Mined, OutcomeText.Mined(kind, market, position, txUrl, receipt.GasUsed));
        }

        var borrowed = await PositionSnapshot.ReadAsync(rpc, deployment, borrow, account, receipt.BlockNumber, cancellationToken);
        var shares = record.ParsedKind == OperationKind.CrossLeverage ? borrowed.ShareAllowance : position.ShareAllowance;
        LogMined(logger, state.Id, hash, receipt.GasUsed, shares, position.AssetAllowance);
        return (SigningStatus.Mined, OutcomeText.CrossMined(kind, market, borrow, position, borrowed, txUrl, receipt.GasUsed));
    }

    private async Task FinishAsync(SigningSession session, SigningStatus status, string text, CancellationToken cancellationToken)
    {
        if (await ledger.FinishAsync(session.Id, status, text, cancellationToken))
        {
            await poster.PostAsync(session, text, cancellationToken);
        }
    }

    private async Task<string> RevertReasonAsync(ReportedTransaction sent, TransactionReceipt receipt, CancellationToken cancellationToken)
    {
        var request = new TransactionRequest(sent.To, sent.Input, sent.From);
        try
        {
            await rpc.CallAsync(request, BlockParameter.Number(receipt.BlockNumber - 1), cancellationToken);
            return "out of gas or a state change between simulation and mining";
        }
        catch (RevertException revert)
        {
            return simulator.Decoder.Decode(revert).Message;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching signing receipts failed; retrying")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signing session {Id}: {Hash} mined, {Gas} gas; DebtManager allowance left: {Shares} shares, {Assets} assets")]
    private static partial void LogMined(ILogger logger, string id, string hash, long gas, System.Numerics.BigInteger shares, System.Numerics.BigInteger assets);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signing session {Id}: transaction {Hash} was dropped or replaced; session failed")]
    private static partial void LogDropped(ILogger logger, string id, string hash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signing session {Id}: mined transaction {Hash} is not the one built for it; not confirmed")]
    private static partial void LogNotThePlan(ILogger logger, string id, string hash);
}
