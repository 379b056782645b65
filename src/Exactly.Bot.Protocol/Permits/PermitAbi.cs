using System.Numerics;
using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Protocol.Permits;

/// <summary>The read functions permits are built from (EIP-2612, EIP-712, EIP-1967).</summary>
public static class PermitAbi
{
    /// <summary>
    /// EIP-1967 implementation slot, <c>bytes32(uint256(keccak256("eip1967.proxy.implementation")) - 1)</c>: where a Market proxy
    /// keeps its implementation, the <c>verifyingContract</c> of share permits.
    /// </summary>
    public static readonly BigInteger ImplementationSlot = BigInteger.Parse(
        "0360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><c>nonces(owner)</c> (EIP-2612): the nonce the next permit of <c>owner</c> must carry.</summary>
    public static readonly AbiFunction Nonces = AbiFunction.Parse("nonces(address owner) view returns (uint256)");

    /// <summary><c>name()</c> (EIP-20): the EIP-712 domain name of a solmate/OpenZeppelin token.</summary>
    public static readonly AbiFunction Name = AbiFunction.Parse("name() view returns (string)");

    /// <summary><c>version()</c>: present on some EIP-2612 tokens; solmate tokens have none and use <c>"1"</c>.</summary>
    public static readonly AbiFunction Version = AbiFunction.Parse("version() view returns (string)");

    /// <summary><c>DOMAIN_SEPARATOR()</c> (EIP-2612): the domain hash permits are verified against.</summary>
    public static readonly AbiFunction DomainSeparator = AbiFunction.Parse("DOMAIN_SEPARATOR() view returns (bytes32)");
}
