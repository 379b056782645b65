using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Exactly.Bot.FakePlatforms;

/// <summary>Telegram's HTML parse mode as strictly as the server applies it, and inline keyboard validation.</summary>
public static class TelegramHtml
{
    private static readonly HashSet<string> Tags = new(StringComparer.Ordinal) { "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a", "tg-spoiler", "blockquote" };

    /// <summary>Parses HTML: only supported tags, properly nested; only &amp;lt; &amp;gt; &amp;amp; &amp;quot; and numeric entities; a bare &lt; or &amp; is an error.</summary>
    public static bool TryParse(string html, out string visible, out string error)
    {
        var text = new StringBuilder();
        var open = new Stack<string>();
        visible = string.Empty;
        error = string.Empty;
        for (var i = 0; i < html.Length; i++)
        {
            var c = html[i];
            if (c == '<')
            {
                var end = html.IndexOf('>', i);
                if (end < 0)
                {
                    error = $"unclosed start tag at byte offset {i}";
                    return false;
                }

                var tag = html[(i + 1)..end].Trim();
                var closing = tag.StartsWith('/');
                var name = (closing ? tag[1..] : tag).Split(' ', 2)[0].ToLowerInvariant();
                if (!Tags.Contains(name))
                {
                    error = $"unsupported start tag \"{name}\" at byte offset {i}";
                    return false;
                }

                if (closing)
                {
                    if (open.Count == 0 || open.Pop() != name)
                    {
                        error = $"unmatched end tag at byte offset {i}, expected \"</{(open.Count == 0 ? "" : open.Peek())}>\", found \"</{name}>\"";
                        return false;
                    }
                }
                else
                {
                    open.Push(name);
                }

                i = end;
            }
            else if (c == '&')
            {
                var end = html.IndexOf(';', i);
                var entity = end < 0 ? string.Empty : html[i..(end + 1)];
                if (entity is not ("&lt;" or "&gt;" or "&amp;" or "&quot;") && !(entity.StartsWith("&#", StringComparison.Ordinal) && entity.Length > 3))
                {
                    error = $"unsupported entity at byte offset {i}";
                    return false;
                }

                text.Append(WebUtility.HtmlDecode(entity));
                i = end;
            }
            else if (c == '>')
            {
                error = $"bare '>' is allowed but counted: ok";
                text.Append(c);
                error = string.Empty;
            }
            else
            {
                text.Append(c);
            }
        }

        if (open.Count > 0)
        {
            error = $"can't find end tag corresponding to start tag \"{open.Peek()}\"";
            return false;
        }

        visible = text.ToString();
        return true;
    }

    /// <summary>Null when valid, otherwise the error.</summary>
    public static string? ValidateKeyboard(JsonNode markup)
    {
        if (markup["inline_keyboard"] is not JsonArray rows)
        {
            return "reply markup must have inline_keyboard";
        }

        foreach (var row in rows)
        {
            if (row is not JsonArray buttons || buttons.Count is 0 or > 8)
            {
                return "inline keyboard rows must have 1-8 buttons";
            }

            foreach (var button in buttons)
            {
                var text = button?["text"]?.GetValue<string>();
                var url = button?["url"]?.GetValue<string>();
                var data = button?["callback_data"]?.GetValue<string>();
                if (string.IsNullOrEmpty(text))
                {
                    return "BUTTON_TEXT_EMPTY";
                }

                if ((url is null) == (data is null))
                {
                    return "a button needs exactly one of url or callback_data";
                }

                if (data is not null && Encoding.UTF8.GetByteCount(data) is < 1 or > 64)
                {
                    return "BUTTON_DATA_INVALID";
                }

                Uri? uri = null;
                if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out uri) || uri.Scheme is not ("http" or "https" or "tg") || string.IsNullOrEmpty(uri.Host)))
                {
                    return "BUTTON_URL_INVALID";
                }

                if (uri is not null && uri.Host == "t.me" && uri.Query.Contains("start=", StringComparison.Ordinal))
                {
                    var payload = uri.Query[(uri.Query.IndexOf("start=", StringComparison.Ordinal) + 6)..];
                    if (payload.Length is < 1 or > 64 || !payload.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-'))
                    {
                        return "BUTTON_URL_INVALID: bad start parameter";
                    }
                }
            }
        }

        return null;
    }
}
