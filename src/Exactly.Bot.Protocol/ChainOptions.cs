using System.ComponentModel.DataAnnotations;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Protocol;

/// <summary>
/// The chain and Exactly deployment (section <c>Chain</c>). Markets are not configured: they come from the Auditor.
/// The RPC URL is the operator's (<c>Chain__RpcUrls__0=https://…</c>) and usually carries an API key: it is never printed or
/// logged, only its host.
/// </summary>
public sealed class ChainOptions : IValidatableObject
{
    /// <summary>EIP-155 chain id; 10 for Optimism.</summary>
    [Range(1, long.MaxValue, ErrorMessage = "Chain:ChainId must be set (10 for Optimism).")]
    public long ChainId { get; set; }

    /// <summary>JSON-RPC URLs, tried in order.</summary>
    public IList<Uri> RpcUrls { get; } = [];

    /// <summary>Auditor proxy.</summary>
    public string Auditor { get; set; } = string.Empty;

    /// <summary>DebtManager proxy: the only spender the bot asks anyone to sign for.</summary>
    public string DebtManager { get; set; } = string.Empty;

    /// <summary>DebtPreviewer proxy.</summary>
    public string DebtPreviewer { get; set; } = string.Empty;

    /// <summary>Previewer proxy.</summary>
    public string Previewer { get; set; } = string.Empty;

    /// <summary>Multicall3.</summary>
    public string Multicall3 { get; set; } = "0xcA11bde05977b3631167028862bE2a173976CA11";

    /// <summary>
    /// Uniswap Permit2 (canonical <c>0x000000000022D473030F116dDEE9F6B43aC78BA3</c> on Optimism): deposits of assets without EIP-2612
    /// go through it only while <c>DebtManager.permit2()</c> names this address. Empty: no deposit through Permit2 is signed.
    /// </summary>
    public string Permit2 { get; set; } = string.Empty;

    /// <summary>The validated deployment.</summary>
    public ProtocolDeployment ToDeployment() => new(
        ChainId, Address.Parse(Auditor), Address.Parse(DebtManager), Address.Parse(DebtPreviewer), Address.Parse(Previewer), Address.Parse(Multicall3),
        string.IsNullOrEmpty(Permit2) ? null : Address.Parse(Permit2));

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RpcUrls.Count == 0)
        {
            yield return new ValidationResult(
                "Chain:RpcUrls is empty: set at least one JSON-RPC URL, e.g. the environment variable Chain__RpcUrls__0=https://your-optimism-rpc.");
        }

        for (var i = 0; i < RpcUrls.Count; i++)
        {
            // Never the value itself: an RPC URL usually carries an API key in its path or query.
            if (!RpcUrls[i].IsAbsoluteUri || (RpcUrls[i].Scheme != Uri.UriSchemeHttps && RpcUrls[i].Scheme != Uri.UriSchemeHttp))
            {
                yield return new ValidationResult($"Chain:RpcUrls:{i} is not an absolute http(s) URL (its value is not shown: it may carry an API key).");
            }
        }

        foreach (var (name, value) in new[] { ("Auditor", Auditor), ("DebtManager", DebtManager), ("DebtPreviewer", DebtPreviewer), ("Previewer", Previewer), ("Multicall3", Multicall3) })
        {
            if (!Address.TryParse(value, out _, out var error))
            {
                yield return new ValidationResult($"Chain:{name} is not a valid address ({error}); set it in appsettings.json or Chain__{name}.");
            }
        }

        if (!string.IsNullOrEmpty(Permit2) && !Address.TryParse(Permit2, out _, out var permit2Error))
        {
            yield return new ValidationResult($"Chain:Permit2 is not a valid address ({permit2Error}); set it in appsettings.json or Chain__Permit2.");
        }
    }
}
