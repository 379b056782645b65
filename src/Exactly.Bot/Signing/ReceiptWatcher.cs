using System.Text.Json;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Transactions;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Signing;

/// <summary>
/// Watches the receipts of submitted sessions (from the database, so a restart loses none), settles each as mined or failed
/// exactly once, and posts the outcome to the chat that asked. A transaction that was replaced, or dropped for longer than
/// <see cref="SigningOptions.DroppedAfter"/>, ends its session as failed (<see cref="DroppedTransactions"/>).
/// </summary>
public sealed partial class ReceiptWatcher(IServiceScopeFactory scopes, IOptions<SigningOptions> options, TimeProvider time, ILogger<ReceiptWatcher> logger) : BackgroundService
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
        await using var scope = scopes.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<SigningSessionLedger>();
        foreach (var id in await ledger.SubmittedAsync(cancellationToken))
        {
            await SettleAsync(scope.ServiceProvider, id, cancellationToken);
        }
    }

    private async Task SettleAsync(IServiceProvider services, string id, CancellationToken cancellationToken)
    {
        var ledger = services.GetRequiredService<SigningSessionLedger>();
        var rpc = services.GetRequiredService<JsonRpcClient>();
        var state = await ledger.GetAsync(id, cancellationToken);
        if (state?.TxHash is null)
        {
            return;
        }

        var receipt = await rpc.GetTransactionReceiptAsync(state.TxHash, cancellationToken);
        var session = (await services.GetRequiredService<SigningSessionStore>().FindAsync(id, cancellationToken))!;
        var record = JsonSerializer.Deserialize<PlanRecord>(state.PlanJson!)!;
        var listed = await services.GetRequiredService<MarketCatalogue>().GetMarketsAsync(cancellationToken);
        var market = listed.First(m => m.Market.ToString() == record.Market);
        var borrow = record.BorrowMarket is null ? null : listed.First(m => m.Market.ToString() == record.BorrowMarket);
        if (receipt is null)
        {
            if (await dropped.CheckAsync(rpc, ledger, state, session, record, market, cancellationToken) is { } why)
            {
                LogDropped(logger, id, state.TxHash);
                await FinishAsync(services, ledger, session, SigningStatus.Failed, why, cancellationToken);
            }

            return;
        }

        var txUrl = new Uri(options.Value.ExplorerTxUrl, state.TxHash);
        var kind = borrow is null ? record.Kind.ToLowerInvariant() : OutcomeText.CrossKind(record.ParsedKind);
        var what = borrow is null ? market.Symbol : $"{market.Symbol}/{borrow.Symbol}";
        var (deployment, account) = (services.GetRequiredService<ProtocolDeployment>(), Address.Parse(state.Account!));
        // A receipt says something was mined, not what: only the transaction built for this session may be reported as it.
        var sent = await ReportedTransaction.FindAsync(rpc, state.TxHash, cancellationToken);
        if (sent is null || !sent.IsCall(account, deployment.DebtManager, state.CallHash))
        {
            LogNotThePlan(logger, id, state.TxHash);
            await FinishAsync(services, ledger, session, SigningStatus.Failed, OutcomeText.NotThePlan(kind, what, txUrl, session.Command), cancellationToken);
            return;
        }

        string text;
        SigningStatus status;
        if (receipt.Succeeded)
        {
            var position = await PositionSnapshot.ReadAsync(rpc, deployment, market, account, cancellationToken);
            if (borrow is null)
            {
                text = OutcomeText.Mined(kind, market, position, txUrl, receipt.GasUsed);
                LogMined(logger, id, state.TxHash, receipt.GasUsed, position.ShareAllowance, position.AssetAllowance);
            }
            else
            {
                var borrowed = await PositionSnapshot.ReadAsync(rpc, deployment, borrow, account, cancellationToken);
                text = OutcomeText.CrossMined(kind, market, borrow, position, borrowed, txUrl, receipt.GasUsed);
                var shares = record.ParsedKind == OperationKind.CrossLeverage ? borrowed.ShareAllowance : position.ShareAllowance;
                LogMined(logger, id, state.TxHash, receipt.GasUsed, shares, position.AssetAllowance);
            }

            status = SigningStatus.Mined;
        }
        else
        {
            text = OutcomeText.Failed(kind, what, await RevertReasonAsync(services, rpc, sent, receipt, cancellationToken), txUrl);
            status = SigningStatus.Failed;
        }

        await FinishAsync(services, ledger, session, status, text, cancellationToken);
    }

    private async Task FinishAsync(IServiceProvider services, SigningSessionLedger ledger, SigningSession session, SigningStatus status, string text, CancellationToken cancellationToken)
    {
        if (await ledger.FinishAsync(session.Id, status, text, cancellationToken))
        {
            await PostAsync(services, session, text, cancellationToken);
        }
    }

    /// <summary>
    /// Where a session's outcome goes: where its link went, the user's private chat. A Telegram quote asked in a group is posted
    /// there without its link (the link goes to the private chat, <c>/start u&lt;update_id&gt;</c>), and a Telegram private
    /// chat's id is the user's id, so the balance, position and health factor never reach the group. Discord and console
    /// sessions already name the user's own chat (<c>dm:{user}</c>, the console).
    /// </summary>
    public static string OutcomeChat(SigningSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.Transport == "telegram" ? session.UserId : session.ChatId;
    }

    internal async Task PostAsync(IServiceProvider services, SigningSession session, string text, CancellationToken cancellationToken)
    {
        try
        {
            await services.GetRequiredService<IOutcomeSender>().SendAsync(session.Transport, OutcomeChat(session), text, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            LogUndeliverable(logger, ex, session.Id);
        }
    }

    private static async Task<string> RevertReasonAsync(IServiceProvider services, JsonRpcClient rpc, ReportedTransaction sent, TransactionReceipt receipt, CancellationToken cancellationToken)
    {
        var request = new TransactionRequest(sent.To, sent.Input, sent.From);
        try
        {
            await rpc.CallAsync(request, BlockParameter.Number(receipt.BlockNumber - 1), cancellationToken);
            return "out of gas or a state change between simulation and mining";
        }
        catch (RevertException revert)
        {
            return services.GetRequiredService<TransactionSimulator>().Decoder.Decode(revert).Message;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signing session {Id}: the outcome could not be posted to its chat")]
    private static partial void LogUndeliverable(ILogger logger, Exception exception, string id);
}
