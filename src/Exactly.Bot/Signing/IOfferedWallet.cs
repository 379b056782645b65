using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Signing;

/// <summary>
/// A wallet the signing page offers besides the user's own. The production bot registers none; only the demo
/// (<c>src/Exactly.Bot.Demo</c>) registers its anvil account, together with the endpoint that signs for it.
/// </summary>
public interface IOfferedWallet
{
    /// <summary>The account the page may offer, or null when it must not offer one (e.g. the node is not the demo's anvil).</summary>
    Task<Address?> AccountAsync(CancellationToken cancellationToken);
}
