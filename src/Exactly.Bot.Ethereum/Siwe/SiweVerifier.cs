using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Ethereum.Signatures;

namespace Exactly.Bot.Ethereum.Siwe;

/// <summary>
/// Checks a signed EIP-4361 message against what the page that asked for it expects: its own origin as domain and URI, the
/// configured chain, a short lifetime that has not run out, and a signature from the account itself — <c>ecrecover</c> of
/// the EIP-191 digest (low s) for an account without code, ERC-1271 <c>isValidSignature</c> for a contract wallet. Whether
/// the nonce was issued and is unused is the caller's to decide (it owns the nonce store).
/// </summary>
/// <param name="Origin">The page's origin, <c>scheme://host[:port]</c>: the message's domain is its authority, its URI must share it.</param>
/// <param name="ChainId">The configured EIP-155 chain id.</param>
/// <param name="MaxLifetime">The longest allowed span from issued-at to expiration (e.g. 5 minutes).</param>
public sealed record SiweVerifier(Uri Origin, long ChainId, TimeSpan MaxLifetime)
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>Checks everything but the signature; returns the parsed message when it passes.</summary>
    public SiweRefusal CheckFields(string text, DateTimeOffset now, out SiweMessage? message)
    {
        ArgumentNullException.ThrowIfNull(Origin);
        if (!SiweMessage.TryParse(text, out message, out _))
        {
            return SiweRefusal.Malformed;
        }

        var authority = Origin.IsDefaultPort ? Origin.Host : $"{Origin.Host}:{Origin.Port}";
        if (!string.Equals(message!.Domain, authority, StringComparison.OrdinalIgnoreCase)
            || !Uri.TryCreate(message.Uri, UriKind.Absolute, out var uri)
            || !string.Equals(uri.GetLeftPart(UriPartial.Authority), Origin.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        {
            return SiweRefusal.ForeignDomain;
        }

        if (message.ChainId != ChainId)
        {
            return SiweRefusal.WrongChain;
        }

        if (message.ExpirationTime is not { } expires || expires - message.IssuedAt > MaxLifetime || message.IssuedAt > now + ClockSkew)
        {
            return SiweRefusal.BadLifetime;
        }

        return now >= expires || message.NotBefore > now ? SiweRefusal.Expired : SiweRefusal.None;
    }

    /// <summary>
    /// Checks the fields, then the signature over the message's EIP-191 digest, at the latest block.
    /// </summary>
    /// <exception cref="RpcException">The node could not answer the code or ERC-1271 read.</exception>
    public async Task<(SiweRefusal Refusal, SiweMessage? Message)> VerifyAsync(
        JsonRpcClient rpc, string text, ReadOnlyMemory<byte> signature, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        var refusal = CheckFields(text, now, out var message);
        if (refusal != SiweRefusal.None)
        {
            return (refusal, null);
        }

        var valid = await rpc.VerifyAsync(message!.Address, PersonalMessage.Hash(text), signature, cancellationToken: cancellationToken).ConfigureAwait(false);
        return valid ? (SiweRefusal.None, message) : (SiweRefusal.BadSignature, null);
    }
}
