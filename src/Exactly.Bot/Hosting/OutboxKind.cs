namespace Exactly.Bot.Hosting;

/// <summary>
/// What a row asks its transport to do; stored in <c>outbox.kind</c> as the word in brackets (<see cref="OutboxKindNames"/>).
/// Telegram uses message, private, photo, private photo, placeholder and edit; Discord edit, follow-up, DM and channel.
/// </summary>
public enum OutboxKind
{
    /// <summary>A message to the chat it answers (<c>message</c>).</summary>
    Message,

    /// <summary>A personal message to the user's private chat (<c>private</c>).</summary>
    Private,

    /// <summary>A photo (the link's QR code) to the chat it answers (<c>photo</c>).</summary>
    Photo,

    /// <summary>A photo to the user's private chat (<c>private-photo</c>).</summary>
    PrivatePhoto,

    /// <summary>A progress line an edit later turns into the answer (<c>placeholder</c>).</summary>
    Placeholder,

    /// <summary>An edit of an earlier message: a placeholder, or Discord's original response (<c>edit</c>).</summary>
    Edit,

    /// <summary>A Discord follow-up to an interaction (<c>followup</c>).</summary>
    Followup,

    /// <summary>A Discord direct message (<c>dm</c>).</summary>
    DirectMessage,

    /// <summary>A Discord channel message (<c>channel</c>).</summary>
    Channel,
}

/// <summary>The words <see cref="OutboxKind"/> is stored as (the strings rows carry since the first migration).</summary>
public static class OutboxKindNames
{
    private static readonly string[] Words = ["message", "private", "photo", "private-photo", "placeholder", "edit", "followup", "dm", "channel"];

    /// <summary>The stored word.</summary>
    public static string ToDb(this OutboxKind kind) =>
        (uint)kind < (uint)Words.Length ? Words[(int)kind] : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown outbox kind.");

    /// <summary>The kind a stored word names.</summary>
    /// <exception cref="FormatException">The word is not one this code writes (a corrupt row).</exception>
    public static OutboxKind Parse(string stored)
    {
        var index = Array.IndexOf(Words, stored);
        return index >= 0 ? (OutboxKind)index : throw new FormatException($"Unknown outbox kind '{stored}'.");
    }
}
