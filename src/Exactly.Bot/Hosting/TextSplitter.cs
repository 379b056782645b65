namespace Exactly.Bot.Hosting;

/// <summary>Splits text into parts a platform accepts (Telegram 4,096, Discord 2,000 characters).</summary>
public static class TextSplitter
{
    /// <summary>
    /// Parts of at most <paramref name="max"/> UTF-16 units, cut at a blank line when one is in the window's second half, else at a line break when possible and never inside a surrogate
    /// pair; never empty (an empty text becomes one space, since platforms refuse empty messages).
    /// </summary>
    public static IReadOnlyList<string> Split(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 2);
        var parts = new List<string>();
        var rest = text.Length == 0 ? " " : text;
        while (rest.Length > max)
        {
            // A blank line in the second half of the window is a better cut than the last line break: replies made of blocks
            // (one per wallet) then split between blocks, not inside one.
            var paragraph = rest.LastIndexOf("\n\n", max - 2, StringComparison.Ordinal);
            if (paragraph > max / 2)
            {
                parts.Add(rest[..paragraph]);
                rest = rest[(paragraph + 2)..];
                continue;
            }

            var cut = rest.LastIndexOf('\n', max - 1);
            if (cut <= 0)
            {
                cut = char.IsHighSurrogate(rest[max - 1]) ? max - 1 : max;
                parts.Add(rest[..cut]);
                rest = rest[cut..];
            }
            else
            {
                parts.Add(rest[..cut]);
                rest = rest[(cut + 1)..];
            }
        }

        parts.Add(rest.Length == 0 ? " " : rest);
        return parts;
    }
}
