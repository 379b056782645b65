using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Chat;

/// <summary>
/// Which wallet a chat user is quoted for. Until wallet linking (Sign-In with Ethereum) lands, only configured links exist:
/// the demo maps the console user to the devnet's demo wallet. Unknown users are quoted as <see cref="Protocol.Quotes.QuoteAccount.Nobody"/>.
/// </summary>
public sealed class WalletDirectory(IConfiguration configuration)
{
    /// <summary>The user's linked wallet (<c>Wallets:{transport}:{userId}</c> in configuration), or null.</summary>
    public Address? Find(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = configuration[$"Wallets:{message.Transport}:{message.UserId}"];
        return Address.TryParse(text, out var address, out _) ? address : null;
    }
}
