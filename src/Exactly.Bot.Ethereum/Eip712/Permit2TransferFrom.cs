using System.Numerics;

namespace Exactly.Bot.Ethereum.Eip712;

/// <summary>
/// A Uniswap Permit2 signature transfer: <c>PermitTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline)</c>
/// with <c>TokenPermissions(address token,uint256 amount)</c> (Permit2 <c>SignatureTransfer</c>). Permit2's domain is
/// <c>{name: "Permit2", chainId, verifyingContract: Permit2}</c> — no version.
/// </summary>
/// <param name="Token">The token to transfer.</param>
/// <param name="Amount">The maximum amount, in token base units.</param>
/// <param name="Spender">Who may call <c>permitTransferFrom</c> (e.g. DebtManager).</param>
/// <param name="Nonce">An unordered nonce (bitmap); any unused value.</param>
/// <param name="Deadline">Unix seconds after which the signature is void.</param>
public sealed record Permit2TransferFrom(Address Token, BigInteger Amount, Address Spender, BigInteger Nonce, BigInteger Deadline)
{
    /// <summary>The primary type name.</summary>
    public const string PrimaryType = "PermitTransferFrom";

    /// <summary>The canonical Permit2 deployment, the same on every chain.</summary>
    public static Address CanonicalPermit2 { get; } = Address.Parse("0x000000000022D473030F116dDEE9F6B43aC78BA3");

    /// <summary>The <c>PermitTransferFrom</c> and <c>TokenPermissions</c> struct types.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> Types { get; } = new Dictionary<string, IReadOnlyList<TypedDataField>>
    {
        [PrimaryType] =
        [
            new("permitted", "TokenPermissions"),
            new("spender", "address"),
            new("nonce", "uint256"),
            new("deadline", "uint256"),
        ],
        ["TokenPermissions"] = [new("token", "address"), new("amount", "uint256")],
    };

    /// <summary>Permit2's domain on a chain.</summary>
    public static Eip712Domain Domain(BigInteger chainId, Address? permit2 = null) =>
        new() { Name = "Permit2", ChainId = chainId, VerifyingContract = permit2 ?? CanonicalPermit2 };

    /// <summary>The message as typed data in Permit2's domain.</summary>
    public TypedData ToTypedData(BigInteger chainId, Address? permit2 = null) => new(Domain(chainId, permit2), Types, PrimaryType, new Dictionary<string, object?>
    {
        ["permitted"] = new Dictionary<string, object?> { ["token"] = Token, ["amount"] = Amount },
        ["spender"] = Spender,
        ["nonce"] = Nonce,
        ["deadline"] = Deadline,
    });
}
