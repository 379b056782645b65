using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Chat;

/// <summary>
/// Which wallet a chat user is quoted for. Until wallet linking (Sign-In with Ethereum) lands, only configured links exist:
/// the demo maps the console user to the devnet's demo wallet. Unknown users are quoted as a fresh account.
/// </summary>
public sealed class WalletDirectory(IConfiguration configuration)
{
    /// <summary>An account with no position, for quoting users who linked no wallet (an address nobody holds a key for).</summary>
    public static readonly Address FreshAccount = Address.Parse("0x000000000000000000000000000000000000dEaD");

    /// <summary>The user's linked wallet (<c>Wallets:{transport}:{userId}</c> in configuration), or null.</summary>
    public Address? Find(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = configuration[$"Wallets:{message.Transport}:{message.UserId}"];
        return Address.TryParse(text, out var address, out _) ? address : null;
    }
}
