namespace Exactly.Bot.Discord;

/// <summary>What a Discord outbox row sends.</summary>
/// <param name="Path">REST path (edit, follow-up, channel message); null for a DM.</param>
/// <param name="RecipientId">The user to DM (kind <c>dm</c>).</param>
/// <param name="Body">The message.</param>
public sealed record DiscordOutboxPayload(string? Path, string? RecipientId, MessageBody Body)
{
    /// <summary>Edit the deferred original response (PATCH).</summary>
    public const string Edit = "edit";

    /// <summary>A further part after the original (POST to the interaction webhook).</summary>
    public const string Followup = "followup";

    /// <summary>A direct message to a user.</summary>
    public const string DirectMessage = "dm";

    /// <summary>A message in a channel.</summary>
    public const string Channel = "channel";
}
