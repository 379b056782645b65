namespace Exactly.Bot.Chat;

/// <summary>A link the transport renders as a button (Telegram inline URL button, Discord link button) or a plain line.</summary>
/// <param name="Label">What the button says.</param>
/// <param name="Url">Absolute URL.</param>
public sealed record ReplyLink(string Label, Uri Url);

/// <summary>A transport-neutral answer: text, links, and whether it reports a mistake.</summary>
/// <param name="Text">Plain text, at most 4,096 characters (Telegram's limit), lines aligned for a monospace block.</param>
/// <param name="Links">Buttons/links, in order.</param>
/// <param name="IsError">True when the reply says what was wrong with the command.</param>
/// <param name="Image">An optional image (the signing link's QR code), or null.</param>
public sealed record Reply(string Text, IReadOnlyList<ReplyLink> Links, bool IsError = false, ReplyImage? Image = null)
{
    /// <summary>The longest text any transport accepts in one message.</summary>
    public const int MaxTextLength = 4096;

    /// <summary>A reply with text only.</summary>
    public static Reply Plain(string text) => new(text, []);

    /// <summary>An error: what was wrong, then an example that works.</summary>
    public static Reply Error(string problem, string example) => new($"{problem}\nExample: {example}", [], IsError: true);
}
