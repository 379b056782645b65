using Exactly.Bot.Chat;
using Exactly.Bot.Hosting;

namespace Exactly.Bot.Discord;

/// <summary>
/// A <see cref="Reply"/> as Discord messages: the text in a code block (columns stay aligned, nothing is parsed as
/// markdown or mentions), split to fit 2,000 characters, links as link buttons (style 5) on the last part.
/// </summary>
public static class DiscordRenderer
{
    /// <summary>Discord's content limit.</summary>
    public const int MaxContent = 2000;

    /// <summary>The ephemeral flag.</summary>
    public const int Ephemeral = 64;

    /// <summary>Renders <paramref name="reply"/>; <paramref name="ephemeral"/> sets flag 64 on every part.</summary>
    public static IReadOnlyList<MessageBody> Render(Reply reply, bool ephemeral)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var text = reply.Text.Replace("```", "`\u200b`\u200b`", StringComparison.Ordinal);
        var parts = TextSplitter.Split(text, MaxContent - 8);
        var rows = reply.Links
            .Select(l => new LinkButton(l.Label.Length > 80 ? l.Label[..79] + "…" : l.Label, l.Url.AbsoluteUri))
            .Chunk(5)
            .Take(5)
            .Select(b => new ActionRow(b))
            .ToArray();
        return parts.Select((p, i) => new MessageBody("```\n" + p + "\n```", i == parts.Count - 1 && rows.Length > 0 ? rows : null, ephemeral ? Ephemeral : null)).ToArray();
    }
}
