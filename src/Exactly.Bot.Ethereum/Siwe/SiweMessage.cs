using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Exactly.Bot.Ethereum.Siwe;

/// <summary>
/// A Sign-In with Ethereum message (EIP-4361): a wallet signs its text with <c>personal_sign</c> (EIP-191) to prove it
/// controls <see cref="Address"/> for <see cref="Domain"/>. <see cref="ToString"/> writes the EIP's exact text (times as
/// RFC 3339 UTC with milliseconds, as viem writes them); <see cref="TryParse"/> accepts only text that writes back identically,
/// so what was verified is byte for byte what was signed.
/// </summary>
/// <param name="Domain">RFC 3986 authority asking for the sign-in (host[:port]); must be the page's own.</param>
/// <param name="Address">The signing account, written in its EIP-55 form.</param>
/// <param name="Statement">One human-readable line without line breaks, or null.</param>
/// <param name="Uri">RFC 3986 URI the sign-in is for.</param>
/// <param name="ChainId">EIP-155 chain id the account is on.</param>
/// <param name="Nonce">At least 8 ASCII letters and digits, single use.</param>
/// <param name="IssuedAt">When the message was made (UTC).</param>
/// <param name="ExpirationTime">After this the message is void (UTC), or null.</param>
public sealed partial record SiweMessage(
    string Domain, Address Address, string? Statement, string Uri, long ChainId, string Nonce, DateTimeOffset IssuedAt, DateTimeOffset? ExpirationTime)
{
    private const string Preamble = " wants you to sign in with your Ethereum account:\n";
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>The version this implementation writes and reads, <c>1</c>.</summary>
    public const string Version = "1";

    /// <summary>When the message becomes valid (UTC), or null for at once.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>A system-specific request id, or null.</summary>
    public string? RequestId { get; init; }

    /// <summary>URIs the sign-in covers besides <see cref="Uri"/>; empty for none.</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];

    /// <summary>The EIP-4361 text to sign.</summary>
    /// <exception cref="FormatException">A field breaks EIP-4361 (domain, nonce, statement with a line break, URI).</exception>
    public override string ToString()
    {
        if (Validate() is { } error)
        {
            throw new FormatException(error);
        }

        var text = new StringBuilder()
            .Append(Domain).Append(Preamble).Append(Address.ToString()).Append("\n\n")
            .Append(Statement is null ? string.Empty : Statement + "\n").Append('\n')
            .Append("URI: ").Append(Uri).Append('\n')
            .Append("Version: " + Version).Append('\n')
            .Append("Chain ID: ").Append(ChainId.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("Nonce: ").Append(Nonce).Append('\n')
            .Append("Issued At: ").Append(Time(IssuedAt));
        if (ExpirationTime is { } expires)
        {
            text.Append("\nExpiration Time: ").Append(Time(expires));
        }

        if (NotBefore is { } notBefore)
        {
            text.Append("\nNot Before: ").Append(Time(notBefore));
        }

        if (RequestId is not null)
        {
            text.Append("\nRequest ID: ").Append(RequestId);
        }

        if (Resources.Count > 0)
        {
            text.Append("\nResources:");
            foreach (var resource in Resources)
            {
                text.Append("\n- ").Append(resource);
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Reads an EIP-4361 message. Only text this type writes back byte for byte is accepted (a canonical form: the fields a
    /// verifier checks are then exactly the ones the wallet showed and signed).
    /// </summary>
    public static bool TryParse(string? text, out SiweMessage? message, out string error)
    {
        message = null;
        var match = text is null ? null : Pattern().Match(text);
        if (match is not { Success: true })
        {
            error = "The text is not a Sign-In with Ethereum (EIP-4361) message.";
            return false;
        }

        if (!Address.TryParse(match.Groups["address"].Value, out var address, out error)
            || !long.TryParse(match.Groups["chain"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var chainId)
            || !TryTime(match.Groups["issued"], out var issued) || !TryTime(match.Groups["expires"], out var expires) || !TryTime(match.Groups["notBefore"], out var notBefore))
        {
            error = string.IsNullOrEmpty(error) ? "The message's chain id or a time is malformed." : error;
            return false;
        }

        var parsed = new SiweMessage(
            match.Groups["domain"].Value, address, match.Groups["statement"].Success ? match.Groups["statement"].Value : null, match.Groups["uri"].Value,
            chainId, match.Groups["nonce"].Value, issued!.Value, expires)
        {
            NotBefore = notBefore,
            RequestId = match.Groups["request"].Success ? match.Groups["request"].Value : null,
            Resources = match.Groups["resource"].Captures.Select(c => c.Value).ToArray(),
        };
        if (parsed.Validate() is { } invalid)
        {
            error = invalid;
            return false;
        }

        if (!string.Equals(parsed.ToString(), text, StringComparison.Ordinal))
        {
            error = "The message is not in canonical EIP-4361 form (address case, time format or spacing differ).";
            return false;
        }

        message = parsed;
        error = string.Empty;
        return true;
    }

    private string? Validate() =>
        !DomainPattern().IsMatch(Domain) ? "The domain is not an RFC 3986 authority (host[:port])."
        : !NoncePattern().IsMatch(Nonce) ? "The nonce must be at least 8 letters and digits."
        : Statement is not null && (Statement.Length == 0 || Statement.Contains('\n', StringComparison.Ordinal)) ? "The statement must be one non-empty line."
        : !System.Uri.TryCreate(Uri, UriKind.Absolute, out _) || Uri.Any(char.IsWhiteSpace) ? "The URI is not an absolute RFC 3986 URI."
        : ChainId <= 0 ? "The chain id must be a positive EIP-155 chain id."
        : Resources.Any(r => !System.Uri.TryCreate(r, UriKind.Absolute, out _) || r.Any(char.IsWhiteSpace)) ? "A resource is not an absolute URI."
        : RequestId is not null && RequestId.Contains('\n', StringComparison.Ordinal) ? "The request id must be one line."
        : null;

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static bool TryTime(Group group, out DateTimeOffset? time)
    {
        time = null;
        if (!group.Success)
        {
            return true;
        }

        if (DateTimeOffset.TryParseExact(group.Value, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        return false;
    }

    [GeneratedRegex(
        @"\A(?<domain>[^\s/]+) wants you to sign in with your Ethereum account:\n(?<address>0x[0-9a-fA-F]{40})\n\n(?:(?<statement>[^\n]+)\n)?\nURI: (?<uri>[^\n]+)\nVersion: 1\nChain ID: (?<chain>[0-9]+)\nNonce: (?<nonce>[A-Za-z0-9]+)\nIssued At: (?<issued>[^\n]+)(?:\nExpiration Time: (?<expires>[^\n]+))?(?:\nNot Before: (?<notBefore>[^\n]+))?(?:\nRequest ID: (?<request>[^\n]*))?(?:\nResources:(?:\n- (?<resource>[^\n]+))+)?\z",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Pattern();

    [GeneratedRegex(@"\A(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?::[0-9]{1,5})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex DomainPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9]{8,}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NoncePattern();
}
