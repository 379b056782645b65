using Exactly.Bot.Hosting;

namespace Exactly.Bot.Discord;

/// <summary>What a Discord outbox row sends.</summary>
/// <param name="Path">REST path (edit, follow-up, channel message); null for a DM.</param>
/// <param name="RecipientId">The user to DM (kind <c>dm</c>).</param>
/// <param name="Body">The message.</param>
/// <param name="Image">An image uploaded with the message (the signing link's QR code), or null.</param>
public sealed record DiscordOutboxPayload(string? Path, string? RecipientId, MessageBody Body, DiscordImage? Image = null)
{
    /// <summary>Edit the deferred original response (PATCH).</summary>
    public const OutboxKind Edit = OutboxKind.Edit;

    /// <summary>A further part after the original (POST to the interaction webhook).</summary>
    public const OutboxKind Followup = OutboxKind.Followup;

    /// <summary>A direct message to a user.</summary>
    public const OutboxKind DirectMessage = OutboxKind.DirectMessage;

    /// <summary>A message in a channel.</summary>
    public const OutboxKind Channel = OutboxKind.Channel;
}

/// <summary>An image in an outbox row (bytes in base64, JSON-friendly).</summary>
/// <param name="FileName">File name.</param>
/// <param name="ContentType">MIME type.</param>
/// <param name="Base64">The bytes.</param>
public sealed record DiscordImage(string FileName, string ContentType, string Base64)
{
    /// <summary>The file to upload.</summary>
    public DiscordFile ToFile() => new(FileName, ContentType, Convert.FromBase64String(Base64));
}
