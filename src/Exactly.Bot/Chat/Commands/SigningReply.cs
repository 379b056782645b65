using System.Globalization;
using Exactly.Bot.Text;

namespace Exactly.Bot.Chat.Commands;

/// <summary>The reply that hands a quote to the signing page (the wording of quotes themselves is <see cref="Text.ReplyFormat"/>).</summary>
public static class SigningReply
{
    /// <summary>
    /// A quote reply that hands off to the signing page: the quote text, the link and its expiry, the wallet deep links and
    /// the QR code — the same for every operation.
    /// </summary>
    public static Reply WithSigningLink(string quoteText, Signing.SigningSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{quoteText.TrimEnd('\n')}\n\nReview and sign in your wallet: {session.Url}\nThe link expires at {session.ExpiresAt:HH:mm} UTC.");
        return new Reply(text, WalletLinks.For(session.Url), Image: WalletLinks.QrCode(session.Url));
    }
}
