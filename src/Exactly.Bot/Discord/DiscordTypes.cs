using System.Text.Json;
using System.Text.Json.Serialization;

namespace Exactly.Bot.Discord;

/// <summary>An interaction Discord posts to the endpoint (only the fields the bot reads).</summary>
/// <param name="Id">Snowflake; the dedupe key.</param>
/// <param name="ApplicationId">Our application.</param>
/// <param name="Type">1 PING, 2 APPLICATION_COMMAND, 3 MESSAGE_COMPONENT, 4 AUTOCOMPLETE, 5 MODAL_SUBMIT.</param>
/// <param name="Token">Continuation token, valid 15 minutes, for the follow-up webhooks. A secret: never logged.</param>
/// <param name="Data">The command and its options.</param>
/// <param name="ChannelId">Where it was invoked.</param>
/// <param name="GuildId">The server, absent in DMs.</param>
/// <param name="Member">The invoking member (in a server).</param>
/// <param name="User">The invoking user (in a DM).</param>
public sealed record Interaction(
    string Id, string? ApplicationId, int Type, string? Token, InteractionData? Data, string? ChannelId, string? GuildId, GuildMember? Member, DiscordUser? User)
{
    /// <summary>The invoking user's id, from <see cref="Member"/> or <see cref="User"/>.</summary>
    public string? UserId => Member?.User?.Id ?? User?.Id;
}

/// <summary>Command data (types 2 and 4), or component / modal data (types 3 and 5: <see cref="CustomId"/>, no name).</summary>
/// <param name="Name">Command name (absent for components and modals).</param>
/// <param name="Options">Typed option values.</param>
public sealed record InteractionData(string? Name, IReadOnlyList<InteractionOption>? Options)
{
    /// <summary>The developer-defined id of the component or modal (types 3 and 5).</summary>
    public string? CustomId { get; init; }
}

/// <summary>One option value.</summary>
/// <param name="Name">Option name.</param>
/// <param name="Type">3 string, 4 integer, 10 number, 5 boolean.</param>
/// <param name="Value">The value as sent (string or number; in an autocomplete, what the user has typed so far).</param>
public sealed record InteractionOption(string Name, int Type, JsonElement Value)
{
    /// <summary>Autocomplete only: the option the user is typing in.</summary>
    public bool Focused { get; init; }
}

/// <summary>A guild member.</summary>
/// <param name="User">The user.</param>
public sealed record GuildMember(DiscordUser? User);

/// <summary>A user.</summary>
/// <param name="Id">Snowflake.</param>
public sealed record DiscordUser(string Id);

/// <summary>A DM channel.</summary>
/// <param name="Id">Channel snowflake.</param>
public sealed record DiscordChannel(string Id);

/// <summary>A message as returned by Discord.</summary>
/// <param name="Id">Message snowflake.</param>
public sealed record DiscordMessage(string Id);

/// <summary>A message body (interaction response data, webhook edit, channel message).</summary>
/// <param name="Content">At most 2,000 characters.</param>
/// <param name="Components">Action rows of link buttons.</param>
/// <param name="Flags">64 = ephemeral.</param>
public sealed record MessageBody(string Content, IReadOnlyList<ActionRow>? Components, int? Flags)
{
    /// <summary>Never ping anyone from text the bot echoes.</summary>
    public AllowedMentions AllowedMentions { get; init; } = new([]);

    /// <summary>Files uploaded with the message (multipart <c>files[id]</c>), or null.</summary>
    public IReadOnlyList<AttachmentRef>? Attachments { get; init; }

    /// <summary>
    /// Channel messages only: up to 25 characters that identify this message (we use the outbox row id). With
    /// <see cref="EnforceNonce"/>, Discord checks it for uniqueness over the past few minutes: a repeat by the same author
    /// returns the message created first instead of creating another (Create Message, <c>enforce_nonce</c>).
    /// </summary>
    public string? Nonce { get; init; }

    /// <summary>True: a repeated <see cref="Nonce"/> returns the existing message (what makes a resend after a crash safe).</summary>
    public bool? EnforceNonce { get; init; }
}

/// <summary>Describes an uploaded file.</summary>
/// <param name="Id">Index of the <c>files[id]</c> part.</param>
/// <param name="Filename">File name.</param>
/// <param name="Description">Alt text.</param>
public sealed record AttachmentRef(int Id, string Filename, string Description);

/// <summary>Which mentions may ping.</summary>
/// <param name="Parse">Mention kinds to parse; empty = none.</param>
public sealed record AllowedMentions(IReadOnlyList<string> Parse);

/// <summary>A row of up to five buttons (component type 1).</summary>
/// <param name="Components">The buttons.</param>
public sealed record ActionRow(IReadOnlyList<LinkButton> Components)
{
    /// <summary>Always 1.</summary>
    public int Type => 1;
}

/// <summary>A link button (component type 2, style 5): opens <paramref name="Url"/>, sends nothing to the bot.</summary>
/// <param name="Label">At most 80 characters.</param>
/// <param name="Url">At most 512 characters.</param>
public sealed record LinkButton(string Label, string Url)
{
    /// <summary>Always 2.</summary>
    public int Type => 2;

    /// <summary>Always 5 (link).</summary>
    public int Style => 5;
}

/// <summary>An interaction response.</summary>
/// <param name="Type">1 PONG, 4 CHANNEL_MESSAGE_WITH_SOURCE, 5 DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, 8 APPLICATION_COMMAND_AUTOCOMPLETE_RESULT.</param>
/// <param name="Data">Message, or flags only for a deferred answer.</param>
public sealed record InteractionResponse(int Type, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Data);

/// <summary>A slash command definition for bulk overwrite.</summary>
/// <param name="Name">1–32 lowercase chars.</param>
/// <param name="Description">1–100 chars.</param>
/// <param name="Options">Typed options.</param>
public sealed record ApplicationCommand(string Name, string Description, IReadOnlyList<ApplicationCommandOption> Options)
{
    /// <summary>1 = CHAT_INPUT (slash command).</summary>
    public int Type => 1;
}

/// <summary>A typed option.</summary>
/// <param name="Type">3 string, 4 integer, 10 number.</param>
/// <param name="Name">1–32 lowercase chars.</param>
/// <param name="Description">1–100 chars.</param>
/// <param name="Required">Required options come first.</param>
public sealed record ApplicationCommandOption(int Type, string Name, string Description, bool Required)
{
    /// <summary>Lowest value for numbers.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MinValue { get; init; }

    /// <summary>True: Discord sends autocomplete interactions (type 4) while the user types this option.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Autocomplete { get; init; }
}
