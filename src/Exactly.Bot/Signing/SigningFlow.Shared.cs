using System.Security.Cryptography;

namespace Exactly.Bot.Signing;

/// <summary>What every endpoint of the page shares: refusals as JSON sentences, the page token check, loading a session.</summary>
public sealed partial class SigningFlow
{
    internal static IResult Refuse(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    /// <summary>
    /// 404 for a hash the node does not know: a wrong hash, or a wallet that broadcast through another node and has not
    /// reached this one yet. <c>retry</c> tells the page to report it again in a moment.
    /// </summary>
    internal static IResult NotKnownYet(string hash) => Results.Json(
        new { error = $"The network does not know transaction {hash} (yet). If your wallet shows it as sent, it is checked again in a moment; nothing was counted.", retry = true },
        statusCode: StatusCodes.Status404NotFound);

    internal static bool FixedEquals(string expected, string? actual) =>
        actual is not null && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(actual));

    /// <summary>The session and its state, or the refusal for an unknown or (unless <paramref name="allowExpired"/>) expired link. Reads no chain.</summary>
    internal static async Task<(SigningSession? Session, SigningSessionState? State, IResult? Problem)> LoadAsync(
        SigningSessionStore store, SigningSessionLedger ledger, TimeProvider time, string id, bool allowExpired, CancellationToken cancellationToken)
    {
        var session = id.Length == 22 ? await store.FindAsync(id, cancellationToken) : null;
        if (session is null)
        {
            return (null, null, Refuse(StatusCodes.Status404NotFound, "This signing link is not valid. Ask the bot for a new quote."));
        }

        if (!allowExpired && time.GetUtcNow() >= session.ExpiresAt)
        {
            return (null, null, Refuse(StatusCodes.Status410Gone, "This signing link has expired. Nothing was signed or sent; ask the bot for a new quote."));
        }

        return (session, await ledger.GetAsync(id, cancellationToken), null);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
