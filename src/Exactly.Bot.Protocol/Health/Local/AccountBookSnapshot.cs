using System.Buffers.Binary;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Protocol.Health.Local;

/// <summary>
/// A compact binary form of an <see cref="AccountBook"/> (accounts, bitmaps, per-market values, fixed borrows, and the undo
/// journal so a reorg that crosses a restart still rolls back exactly). Little-endian, versioned; about 70 bytes an account
/// with 3 markets.
/// </summary>
public static class AccountBookSnapshot
{
    private const int Version = 1;

    /// <summary>Writes <paramref name="book"/> to <paramref name="stream"/>.</summary>
    public static async Task WriteAsync(AccountBook book, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            book.Write(writer, Version);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a book written by <see cref="WriteAsync"/>.</summary>
    /// <exception cref="InvalidDataException">Not a book snapshot, or another version.</exception>
    public static async Task<AccountBook> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        using var reader = new BinaryReader(buffer);
        return AccountBook.Read(reader, Version);
    }

    internal static void Write(this BinaryWriter writer, UInt128 value)
    {
        writer.Write((ulong)value);
        writer.Write((ulong)(value >> 64));
    }

    internal static UInt128 ReadUInt128(this BinaryReader reader)
    {
        var low = reader.ReadUInt64();
        return new UInt128(reader.ReadUInt64(), low);
    }

    internal static void Write(this BinaryWriter writer, Address address) => writer.Write(address.Bytes);

    internal static Address ReadAddress(this BinaryReader reader) => new(reader.ReadBytes(20));
}
