using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Protocol.Quotes;

/// <summary>The account quotes are made for when a user linked no wallet.</summary>
public static class QuoteAccount
{
    /// <summary>
    /// An account with no position (<c>0x…dEaD</c>, an address nobody holds a key for): quotes for it are for a new, empty
    /// account, and the signing page lets any connected wallet sign them (it re-quotes for that wallet).
    /// </summary>
    public static readonly Address Nobody = Address.Parse("0x000000000000000000000000000000000000dEaD");
}
