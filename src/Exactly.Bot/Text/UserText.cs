using System.Globalization;
using System.Text;

namespace Exactly.Bot.Text;

/// <summary>
/// The one way a reply shows back something a user typed. Whatever the user wrote is clipped to
/// <see cref="MaxLength"/> characters, so a 5,000-character argument cannot push a reply's <c>Example:</c> line past a
/// transport's limit, and characters that would change how the rest of the reply reads are shown escaped: control
/// characters and NUL, bidirectional overrides and isolates (U+202E would reverse the sentence around it), zero-width and
/// other invisible format characters, and unpaired surrogates. White space of any kind becomes one plain space.
/// </summary>
public static class UserText
{
    /// <summary>The longest echo, in UTF-16 characters, the ellipsis included.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// <paramref name="text"/> made safe to quote in a reply: at most <see cref="MaxLength"/> characters (a clipped echo
    /// ends in <c>…</c>), invisible and control characters shown as <c>\u202E</c>-style escapes, white space runs as one space.
    /// </summary>
    public static string Echo(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var result = new StringBuilder(Math.Min(text.Length, MaxLength));
        var lastWasSpace = false;
        var index = 0;
        while (index < text.Length)
        {
            var piece = Render(text, index, out var consumed);
            index += consumed;
            if (piece == " ")
            {
                if (lastWasSpace)
                {
                    continue;
                }

                lastWasSpace = true;
            }
            else
            {
                lastWasSpace = false;
            }

            // Room for the ellipsis is kept whenever more text follows; an escape is never cut in half.
            var limit = index < text.Length ? MaxLength - 1 : MaxLength;
            if (result.Length + piece.Length > limit)
            {
                return result.Append('…').ToString();
            }

            result.Append(piece);
        }

        return result.ToString();
    }

    /// <summary>True for a character <see cref="Echo"/> never lets through as is.</summary>
    public static bool IsHidden(char c) => char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => true,
        _ => false,
    };

    private static string Render(string text, int index, out int consumed)
    {
        var c = text[index];
        consumed = 1;
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            // A whole astral character (an emoji): shown as is unless it is itself invisible (tags, private use planes).
            consumed = 2;
            var rune = new Rune(c, text[index + 1]);
            return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                ? string.Create(CultureInfo.InvariantCulture, $"\\U{rune.Value:X6}")
                : text.Substring(index, 2);
        }

        if (char.IsWhiteSpace(c))
        {
            return " ";
        }

        return IsHidden(c) ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}") : c.ToString();
    }
}
