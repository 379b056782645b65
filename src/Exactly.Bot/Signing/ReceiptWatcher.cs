using System.Text.Json;
using Exactly.Bot.Chat;
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
        string text;
        SigningStatus status;
        if (receipt.Succeeded)
        {
            var (deployment, account) = (services.GetRequiredService<ProtocolDeployment>(), Address.Parse(state.Account!));
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
            text = OutcomeText.Failed(kind, borrow is null ? market.Symbol : $"{market.Symbol}/{borrow.Symbol}", await RevertReasonAsync(services, rpc, state.TxHash, receipt, cancellationToken), txUrl);
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

    internal async Task PostAsync(IServiceProvider services, SigningSession session, string text, CancellationToken cancellationToken)
    {
        try
        {
            await services.GetRequiredService<ChatSenders>().SendAsync(session.Transport, session.ChatId, Reply.Plain(text), cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            LogUndeliverable(logger, ex, session.Id);
        }
    }

    private static async Task<string> RevertReasonAsync(IServiceProvider services, JsonRpcClient rpc, string hash, TransactionReceipt receipt, CancellationToken cancellationToken)
    {
        var tx = await rpc.RequestAsync("eth_getTransactionByHash", [EthMethods.Json(hash)], cancellationToken);
        var request = new TransactionRequest(
            Address.Parse(tx.GetProperty("to").GetString()!), Hex.Decode(tx.GetProperty("input").GetString()!), Address.Parse(tx.GetProperty("from").GetString()!));
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signing session {Id}: the outcome could not be posted to its chat")]
    private static partial void LogUndeliverable(ILogger logger, Exception exception, string id);
}
