namespace Exactly.Bot.Ethereum.Siwe;

/// <summary>Why a Sign-In with Ethereum message was not accepted.</summary>
public enum SiweRefusal
{
    /// <summary>Accepted.</summary>
    None,

    /// <summary>The text is not a canonical EIP-4361 message.</summary>
    Malformed,

    /// <summary>The domain or the URI's origin is not the page's own (a message made for another site).</summary>
    ForeignDomain,

    /// <summary>The chain id is not the configured chain's.</summary>
    WrongChain,

    /// <summary>No expiration time, a lifetime longer than allowed, or issued in the future.</summary>
    BadLifetime,

    /// <summary>The expiration time has passed, or the not-before time has not come.</summary>
    Expired,

    /// <summary>The signature is not the account's (ecrecover for an account without code, ERC-1271 for a contract wallet).</summary>
    BadSignature,
}
