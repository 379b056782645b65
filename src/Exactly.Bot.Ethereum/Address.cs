using Nethereum.Util;

namespace Exactly.Bot.Ethereum;

/// <summary>A 20-byte Ethereum account or contract address. <see cref="ToString"/> gives the EIP-55 checksummed form.</summary>
public readonly struct Address : IEquatable<Address>
{
    private static readonly System.Buffers.SearchValues<char> HexDigits =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private readonly byte[]? bytes;

    /// <summary>Wraps 20 bytes.</summary>
    /// <exception cref="ArgumentException">The span is not 20 bytes long.</exception>
    public Address(ReadOnlySpan<byte> value)
    {
        if (value.Length != 20)
        {
            throw new ArgumentException($"An address is 20 bytes; got {value.Length}.", nameof(value));
        }

        bytes = value.ToArray();
    }

    /// <summary>The zero address, <c>0x0000…0000</c>.</summary>
    public static Address Zero { get; } = new(new byte[20]);

    /// <summary>The 20 address bytes.</summary>
    public ReadOnlySpan<byte> Bytes => bytes ?? new byte[20];

    /// <summary>True for <c>0x0000…0000</c>.</summary>
    public bool IsZero => Bytes.IndexOfAnyExcept((byte)0) < 0;

    /// <summary>Parses <c>0x</c> + 40 hex digits. A mixed-case input must carry a valid EIP-55 checksum.</summary>
    /// <exception cref="FormatException">Wrong length, a non-hex digit, or a mixed-case address with a bad checksum.</exception>
    public static Address Parse(string text)
    {
        if (!TryParse(text, out var address, out var error))
        {
            throw new FormatException(error);
        }

        return address;
    }

    /// <summary>Parses like <see cref="Parse"/> without throwing; <paramref name="error"/> says what was wrong.</summary>
    public static bool TryParse(string? text, out Address address, out string error)
    {
        address = default;
        text = text?.Trim();
        if (text is null || text.Length != 42 || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{text}' is not an address: expected 0x followed by 40 hex digits.";
            return false;
        }

        var digits = text.AsSpan(2);
        if (digits.IndexOfAnyExcept(HexDigits) >= 0)
        {
            error = $"'{text}' is not an address: it holds a character that is not a hex digit.";
            return false;
        }

        address = new Address(Convert.FromHexString(digits));
        var mixedCase = digits.ContainsAnyInRange('a', 'f') && digits.ContainsAnyInRange('A', 'F');
        if (mixedCase && !string.Equals(address.ToString(), text, StringComparison.Ordinal))
        {
            address = default;
            error = $"'{text}' has a wrong EIP-55 checksum; copy the address again.";
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>The EIP-55 mixed-case checksummed form, <c>0x…</c> (Nethereum.Util's checksum).</summary>
    public override string ToString() => AddressUtil.Current.ConvertToChecksumAddress(Bytes.ToArray());

    /// <summary>The lower-case <c>0x…</c> form JSON-RPC requests use.</summary>
    public string ToLowerHex() => Hex.Encode(Bytes);

    /// <inheritdoc />
    public bool Equals(Address other) => Bytes.SequenceEqual(other.Bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Address other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(Bytes);
        return hash.ToHashCode();
    }

    /// <summary>Byte-wise equality.</summary>
    public static bool operator ==(Address left, Address right) => left.Equals(right);

    /// <summary>Byte-wise inequality.</summary>
    public static bool operator !=(Address left, Address right) => !left.Equals(right);
}
