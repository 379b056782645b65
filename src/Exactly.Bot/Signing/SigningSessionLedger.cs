using Dapper;
using Exactly.Bot.Storage;

namespace Exactly.Bot.Signing;

/// <summary>
/// A session's state machine in SQLite: created → opened → signed → submitted → mined | failed. Every step is one conditional
/// <c>UPDATE … WHERE status = …</c>, so of two tabs (or two requests) only one moves a session forward.
/// </summary>
public sealed class SigningSessionLedger(Database database, TimeProvider time)
{
    /// <summary>
    /// How long a connection that has signed nothing holds a link: after this, another connect may take it over (new account,
    /// token and plan; the first window's token stops working). Connecting proves nothing (anyone can name any account), so it
    /// must not burn a link; the first verified signature (<see cref="MarkSignedAsync"/>) is what locks it.
    /// </summary>
    public static readonly TimeSpan UnsignedHold = TimeSpan.FromMinutes(2);

    /// <summary>
    /// created → opened (or opened → opened once the previous connection held it <see cref="UnsignedHold"/> without signing):
    /// binds the connected account, the page token and the server's plan. False when held by another window, signed, or expired.
    /// </summary>
    public Task<bool> OpenAsync(string id, string account, string pageToken, string planJson, CancellationToken cancellationToken) => UpdateAsync(
        "status = 'Opened', account = @account, page_token = @pageToken, plan_json = @planJson WHERE id = @id AND expires_at > @now "
        + "AND (status = 'Created' OR (status = 'Opened' AND updated_at <= @now - @hold))",
        new { id, account, pageToken, planJson, hold = (long)UnsignedHold.TotalMilliseconds },
        cancellationToken);

    /// <summary>True when an opened session's connection has held it <see cref="UnsignedHold"/> without signing.</summary>
    public bool Released(SigningSessionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Parsed == SigningStatus.Opened && state.UpdatedAt is { } at && time.GetUtcNow().ToUnixTimeMilliseconds() - at >= (long)UnsignedHold.TotalMilliseconds;
    }

    /// <summary>opened → signed, for the page holding <paramref name="pageToken"/>; records the hash of the calldata handed out.</summary>
    public Task<bool> MarkSignedAsync(string id, string pageToken, string callHash, CancellationToken cancellationToken) => UpdateAsync(
        "status = 'Signed', call_hash = @callHash WHERE id = @id AND status = 'Opened' AND page_token = @pageToken AND expires_at > @now",
        new { id, pageToken, callHash },
        cancellationToken);

    /// <summary>signed → submitted with the transaction hash the wallet returned.</summary>
    public Task<bool> MarkSubmittedAsync(string id, string pageToken, string txHash, CancellationToken cancellationToken) => UpdateAsync(
        "status = 'Submitted', tx_hash = @txHash WHERE id = @id AND status = 'Signed' AND page_token = @pageToken",
        new { id, pageToken, txHash },
        cancellationToken);

    /// <summary>submitted → mined or failed, with the outcome text posted to the chat.</summary>
    public Task<bool> FinishAsync(string id, SigningStatus status, string outcome, CancellationToken cancellationToken) => UpdateAsync(
        "status = @status, outcome = @outcome WHERE id = @id AND status = 'Submitted'",
        new { id, status = status.ToString(), outcome },
        cancellationToken);

    /// <summary>Records a follow-up's outcome text (dust redeemed, allowance revoked) on a mined session.</summary>
    public Task<bool> NoteAsync(string id, string pageToken, string outcome, CancellationToken cancellationToken) => UpdateAsync(
        "outcome = @outcome WHERE id = @id AND status = 'Mined' AND page_token = @pageToken",
        new { id, pageToken, outcome },
        cancellationToken);

    /// <summary>The session's moving parts, or null.</summary>
    public async Task<SigningSessionState?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        return await connection.QuerySingleOrDefaultAsync<SigningSessionState>(new CommandDefinition(
            "SELECT id, status, account, page_token AS PageToken, plan_json AS PlanJson, call_hash AS CallHash, tx_hash AS TxHash, outcome, tx_nonce AS TxNonce, updated_at AS UpdatedAt FROM signing_sessions WHERE id = @id",
            new { id },
            cancellationToken: cancellationToken));
    }

    /// <summary>When a submitted session was submitted (its last update), or null when it is not submitted.</summary>
    public async Task<DateTimeOffset?> SubmittedAtAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        var at = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT updated_at FROM signing_sessions WHERE id = @id AND status = 'Submitted'", new { id }, cancellationToken: cancellationToken));
        return at is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <summary>Records the submitted transaction's nonce (decimal) the first time the node shows it.</summary>
    public async Task RecordTxNonceAsync(string id, string nonce, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE signing_sessions SET tx_nonce = @nonce WHERE id = @id AND status = 'Submitted' AND tx_nonce IS NULL", new { id, nonce }, cancellationToken: cancellationToken));
    }

    /// <summary>Ids of sessions whose transaction is out and not yet settled (the receipt watcher's work list).</summary>
    public async Task<IReadOnlyList<string>> SubmittedAsync(CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM signing_sessions WHERE status = 'Submitted'", cancellationToken: cancellationToken))).ToList();
    }

    private async Task<bool> UpdateAsync(string set, object parameters, CancellationToken cancellationToken)
    {
        var arguments = new DynamicParameters(parameters);
        arguments.Add("now", time.GetUtcNow().ToUnixTimeMilliseconds());
        await using var connection = database.Open();
        var rows = await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE signing_sessions SET updated_at = @now, {set}", arguments, cancellationToken: cancellationToken));
        return rows == 1;
    }
}

/// <summary>The mutable part of a session row; <c>UpdatedAt</c> is its last move, Unix milliseconds.</summary>
public sealed record SigningSessionState(
    string Id, string Status, string? Account, string? PageToken, string? PlanJson, string? CallHash, string? TxHash, string? Outcome, string? TxNonce = null, long? UpdatedAt = null)
{
    /// <summary>The status as the enum.</summary>
    public SigningStatus Parsed => Enum.Parse<SigningStatus>(Status);
}
