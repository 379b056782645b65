using System.Security.Cryptography;

namespace Exactly.Bot.Signing;

/// <summary>What every endpoint of the page shares: refusals as JSON sentences, the "not known yet" answer, the page token check.</summary>
public static class PageAnswers
{
    /// <summary>A refusal: <c>{ "error": sentence }</c> with <paramref name="status"/>.</summary>
    public static IResult Refuse(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    /// <summary>
    /// 404 for a hash the node does not know: a wrong hash, or a wallet that broadcast through another node and has not
    /// reached this one yet. <c>retry</c> tells the page to report it again in a moment.
    /// </summary>
    public static IResult NotKnownYet(string hash) => Results.Json(
        new { error = $"The network does not know transaction {hash} (yet). If your wallet shows it as sent, it is checked again in a moment; nothing was counted.", retry = true },
        statusCode: StatusCodes.Status404NotFound);

    /// <summary>True when <paramref name="actual"/> equals <paramref name="expected"/>, in time that does not depend on where they differ.</summary>
    public static bool FixedEquals(string expected, string? actual) =>
        actual is not null && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(expected ?? string.Empty), System.Text.Encoding.UTF8.GetBytes(actual));

    /// <summary>True when the session is open in the window that presents <paramref name="token"/>.</summary>
    internal static bool HoldsPage(SigningSessionState state, string? token) => state.PageToken is not null && FixedEquals(state.PageToken, token);

    /// <summary>URL-safe base64 without padding (page tokens).</summary>
    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
