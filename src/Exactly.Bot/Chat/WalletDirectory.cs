using Exactly.Bot.Alerts;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Chat;

/// <summary>
/// Which wallet a chat user is quoted for: the wallet they linked with Sign-In with Ethereum (<c>/link</c>; the most recent
/// one when several), else a configured link (<c>Wallets:{transport}:{userId}</c>: the demo maps the console user to the
/// devnet's demo wallet). A watch-only wallet never is the default. Unknown users are quoted as
/// <see cref="Protocol.Quotes.QuoteAccount.Nobody"/>. Outside a private chat a linked wallet is not used: a quote or a
/// position shown there would tell the group which wallet is the user's (its address, or its amounts).
/// </summary>
public sealed class WalletDirectory(IConfiguration configuration, WatchStore store)
{
    /// <summary>The user's default account, or null.</summary>
    public async Task<Address?> FindAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (ChatPrivacy.IsPrivate(message) && await store.DefaultAccountAsync(ChatPrivacy.Owner(message), cancellationToken).ConfigureAwait(false) is { } linked)
        {
            return linked;
        }

        var text = configuration[$"Wallets:{message.Transport}:{message.UserId}"];
        return Address.TryParse(text, out var address, out _) ? address : null;
    }
}
