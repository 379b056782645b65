using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Exactly.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Signing;

/// <summary>
/// Signing sessions in SQLite: created with each quote, read by the page. One session per inbound event
/// (<see cref="SessionOwner.SourceEvent"/>): the same event handled again (redelivered after a crash before its reply
/// committed) gets the same session back, with the new quote if nobody has opened it yet.
/// </summary>
public sealed class SigningSessionStore(Database database, TimeProvider time, IOptions<SigningOptions> options, SigningBaseUrl baseUrl)
{
    /// <summary>
    /// Stores a session for a quote's snapshot, or finds the one <see cref="SessionOwner.SourceEvent"/> created before, and
    /// returns what is stored with its URL. Commands go through <see cref="SigningLinks"/>, which builds the snapshot.
    /// <paramref name="byBot"/> marks a session nobody asked for (an alert's fix link): the quote limit does not count it.
    /// </summary>
    public async Task<SigningSession> CreateAsync(SessionOwner owner, string command, QuoteSnapshot snapshot, bool byBot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(snapshot);
        var id = Base64Url(RandomNumberGenerator.GetBytes(16));
        var now = time.GetUtcNow();
        var session = new SigningSession(
            id, owner.Transport, owner.ChatId, owner.UserId, command, snapshot, SigningStatus.Created,
            now, now + options.Value.SessionLifetime, baseUrl.PageUrl(id));
        return await InsertAsync(session, owner.SourceEvent, byBot, cancellationToken);
    }

    /// <summary>The session with this id, or null when there is none.</summary>
    public async Task<SigningSession?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT id, transport, chat_id AS ChatId, user_id AS UserId, command, quote_json AS QuoteJson, status, created_at AS CreatedAt, expires_at AS ExpiresAt FROM signing_sessions WHERE id = @id",
            new { id },
            cancellationToken: cancellationToken));
        return row is null ? null : new SigningSession(
            row.Id, row.Transport, row.ChatId, row.UserId, row.Command,
            JsonSerializer.Deserialize<QuoteSnapshot>(row.QuoteJson)!,
            Enum.Parse<SigningStatus>(row.Status),
            DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
            DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresAt),
            baseUrl.PageUrl(row.Id));
    }

    /// <summary>
    /// The newest session of <paramref name="userId"/> on <paramref name="transport"/> that nothing was signed in yet and that
    /// has not expired (created or opened), or null. The demo's <c>/demo sign</c> uses it for "the link the bot just gave me".
    /// </summary>
    public async Task<SigningSession?> LatestOpenAsync(string transport, string userId, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        var id = await connection.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(
            """
            SELECT id FROM signing_sessions
            WHERE transport = @transport AND user_id = @userId AND status IN ('Created', 'Opened') AND expires_at > @now
            ORDER BY created_at DESC, rowid DESC LIMIT 1
            """,
            new { transport, userId, now = time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return id is null ? null : await FindAsync(id, cancellationToken);
    }

    /// <summary>Stores the session, or finds the one <paramref name="sourceEvent"/> created before, and returns what is stored.</summary>
    private async Task<SigningSession> InsertAsync(SigningSession session, string sourceEvent, bool byBot, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        var id = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            """
            INSERT INTO signing_sessions (id, transport, chat_id, user_id, command, quote_json, status, created_at, expires_at, source_event, by_bot)
            VALUES (@Id, @Transport, @ChatId, @UserId, @Command, @QuoteJson, @Status, @CreatedAt, @ExpiresAt, @sourceEvent, @byBot)
            ON CONFLICT (transport, source_event) WHERE source_event IS NOT NULL DO UPDATE
                SET command = excluded.command, quote_json = excluded.quote_json, created_at = excluded.created_at, expires_at = excluded.expires_at
                WHERE status = excluded.status;
            SELECT id FROM signing_sessions WHERE transport = @Transport AND source_event = @sourceEvent;
            """,
            new
            {
                session.Id,
                session.Transport,
                session.ChatId,
                session.UserId,
                session.Command,
                QuoteJson = JsonSerializer.Serialize(session.Quote),
                Status = session.Status.ToString(),
                CreatedAt = session.CreatedAt.ToUnixTimeMilliseconds(),
                ExpiresAt = session.ExpiresAt.ToUnixTimeMilliseconds(),
                sourceEvent,
                byBot,
            },
            cancellationToken: cancellationToken));
        return id == session.Id ? session : (await FindAsync(id!, cancellationToken))!;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Row(string Id, string Transport, string ChatId, string UserId, string Command, string QuoteJson, string Status, long CreatedAt, long ExpiresAt);
}
