using Dapper;
using Exactly.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Chat;

/// <summary>
/// The per-user limit on quotes that create signing sessions (<see cref="LimitOptions"/>): counted from the sessions table,
/// so the count survives a restart and only quotes that really handed out a link count (a usage error costs nothing). Fix links
/// the bot made for an alert are not counted: nobody asked for them.
/// </summary>
public sealed class QuoteLimiter(Database database, TimeProvider time, IOptions<LimitOptions> options)
{
    /// <summary>
    /// When <paramref name="message"/>'s user may ask for another quote with a signing link, or null when they may now.
    /// The session of this very event (a redelivery after a crash) does not count against it.
    /// </summary>
    public async Task<DateTimeOffset?> NextAllowedAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var (limit, window) = (options.Value.QuotesPerUser, options.Value.QuoteWindow);
        var now = time.GetUtcNow();
        await using var connection = database.Open();
        var recent = (await connection.QueryAsync<long>(new CommandDefinition(
            """
            SELECT created_at FROM signing_sessions
            WHERE transport = @transport AND user_id = @user AND by_bot = 0 AND created_at > @since AND (source_event IS NULL OR source_event <> @sourceEvent)
            ORDER BY created_at DESC LIMIT @limit
            """,
            new { transport = message.Transport, user = message.UserId, since = (now - window).ToUnixTimeMilliseconds(), sourceEvent = message.DedupeKey, limit },
            cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        // The oldest of the last `limit` quotes leaves the window first; then one more fits.
        return recent.Count < limit ? null : DateTimeOffset.FromUnixTimeMilliseconds(recent[^1]) + window;
    }

    /// <summary>The sentence for a user at the limit, naming when to try again.</summary>
    public string Sentence(DateTimeOffset nextAllowed)
    {
        var wait = nextAllowed - time.GetUtcNow();
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"You have had {options.Value.QuotesPerUser} quotes with a signing link in the last {Describe(options.Value.QuoteWindow)}, the most one person gets. Please try again at {nextAllowed:HH:mm:ss} UTC (in {seconds} s).");
    }

    private static string Describe(TimeSpan window) => window == TimeSpan.FromMinutes(1)
        ? "minute"
        : window.TotalMinutes >= 1 && window.Seconds == 0 ? $"{(int)window.TotalMinutes} minutes" : $"{(int)window.TotalSeconds} seconds";
}
