namespace Exactly.Bot.Signing;

/// <summary>Loads a session for a page request: the session and its state, or the refusal for an unknown or expired link. Reads no chain.</summary>
public sealed class SessionLoader(SigningSessionStore store, SigningSessionLedger ledger, TimeProvider time)
{
    /// <summary>The session and its state, or the refusal for an unknown or (unless <paramref name="allowExpired"/>) expired link.</summary>
    public async Task<(SigningSession? Session, SigningSessionState? State, IResult? Problem)> LoadAsync(string id, bool allowExpired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var session = id.Length == 22 ? await store.FindAsync(id, cancellationToken) : null;
        if (session is null)
        {
            return (null, null, PageAnswers.Refuse(StatusCodes.Status404NotFound, "This signing link is not valid. Ask the bot for a new quote."));
        }

        if (!allowExpired && time.GetUtcNow() >= session.ExpiresAt)
        {
            return (null, null, PageAnswers.Refuse(StatusCodes.Status410Gone, "This signing link has expired. Nothing was signed or sent; ask the bot for a new quote."));
        }

        return (session, await ledger.GetAsync(id, cancellationToken), null);
    }
}
