using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Eip712;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Permits;

/// <summary>
/// The EIP-712 domains of Exactly's permits, built from what the contracts say and checked against their
/// <c>DOMAIN_SEPARATOR()</c> before anyone is asked to sign (PROTOCOL.md, "Permits").
/// </summary>
public static class PermitDomains
{
    /// <summary>
    /// A Market share permit's domain: <c>{name: "", version: "1", chainId, verifyingContract: implementation}</c>. solmate caches
    /// the separator in the implementation's constructor (name still empty, <c>address(this)</c> = implementation), so neither the
    /// proxy address nor <c>name()</c> is right.
    /// </summary>
    public static Eip712Domain MarketShares(long chainId, Address implementation) =>
        new() { Name = string.Empty, Version = "1", ChainId = chainId, VerifyingContract = implementation };

    /// <summary>An EIP-2612 asset permit's domain: <c>{name: token.name(), version, chainId, verifyingContract: token}</c>.</summary>
    public static Eip712Domain Asset(string name, string version, long chainId, Address token) =>
        new() { Name = name, Version = version, ChainId = chainId, VerifyingContract = token };

    /// <summary>
    /// Reads the Market's implementation (EIP-1967 slot) and <c>DOMAIN_SEPARATOR()</c>; returns the share-permit domain only if its
    /// hash equals the contract's.
    /// </summary>
    /// <exception cref="RpcException">The chain could not be read.</exception>
    public static async Task<Outcome<Eip712Domain>> ReadMarketSharesAsync(
        JsonRpcClient rpc, MarketInfo market, long chainId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(market);
        var slot = await rpc.GetStorageAtAsync(market.Market, PermitAbi.ImplementationSlot, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (slot.Length != 32 || slot.AsSpan(0, 12).IndexOfAnyExcept((byte)0) >= 0)
        {
            return Outcome<Eip712Domain>.Fail($"The {market.Symbol} market has no EIP-1967 implementation; refusing to ask for a share permit.");
        }

        var domain = MarketShares(chainId, new Address(slot.AsSpan(12)));
        return await CheckAsync(rpc, market.Market, domain, $"{market.Symbol} market", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the asset's <c>name()</c>, <c>version()</c> (or <c>"1"</c> when it has none) and <c>DOMAIN_SEPARATOR()</c>; returns
    /// the EIP-2612 domain only if its hash equals the token's. A token without <c>DOMAIN_SEPARATOR()</c> has no EIP-2612
    /// (use Permit2): that is a failure with a sentence saying so.
    /// </summary>
    /// <exception cref="RpcException">The chain could not be read (not a revert).</exception>
    public static async Task<Outcome<Eip712Domain>> ReadAssetAsync(
        JsonRpcClient rpc, MarketInfo market, long chainId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(market);
        var name = (string)(await rpc.CallAsync(market.Asset, PermitAbi.Name, [], cancellationToken: cancellationToken).ConfigureAwait(false))[0]!;
        string version;
        try
        {
            version = (string)(await rpc.CallAsync(market.Asset, PermitAbi.Version, [], cancellationToken: cancellationToken).ConfigureAwait(false))[0]!;
        }
        catch (RevertException)
        {
            version = "1";
        }

        return await CheckAsync(rpc, market.Asset, Asset(name, version, chainId, market.Asset), market.Symbol, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the domain's hash equals <paramref name="onChain"/> (the contract's <c>DOMAIN_SEPARATOR()</c>).</summary>
    public static bool Matches(Eip712Domain domain, ReadOnlySpan<byte> onChain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return domain.Separator().AsSpan().SequenceEqual(onChain);
    }

    private static async Task<Outcome<Eip712Domain>> CheckAsync(JsonRpcClient rpc, Address contract, Eip712Domain domain, string what, CancellationToken cancellationToken)
    {
        byte[] separator;
        try
        {
            separator = (byte[])(await rpc.CallAsync(contract, PermitAbi.DomainSeparator, [], cancellationToken: cancellationToken).ConfigureAwait(false))[0]!;
        }
        catch (RevertException)
        {
            return Outcome<Eip712Domain>.Fail($"{what} has no EIP-2612 DOMAIN_SEPARATOR(); it needs Permit2.");
        }

        return Matches(domain, separator)
            ? Outcome<Eip712Domain>.Ok(domain)
            : Outcome<Eip712Domain>.Fail(
                $"The permit domain of {what} does not match its DOMAIN_SEPARATOR() (expected {Hex.Encode(separator)}, built {Hex.Encode(domain.Separator())}); nothing will be signed.");
    }
}
