using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Exactly.Bot.Chat;
using Exactly.Bot.Signing;
using Exactly.Bot.Text;

namespace Exactly.Bot.Demo;

/// <summary>
/// <c>/demo sign [link]</c>, devnet only: does in the console what "Use the demo wallet" does in a browser, over the same HTTP
/// endpoints the page's script calls (<c>/s/{id}/connect</c>, <c>/before</c>, <c>/sign</c>, <c>/submitted</c>, <c>/status</c>,
/// <c>/followup</c>), so the re-quote, <see cref="Protocol.Permits.PermitGuard"/>, the simulation and the receipt checks all
/// apply. Every signature and transaction goes through the page's demo wallet endpoint (<c>/s/{id}/demo-rpc</c>,
/// <see cref="DemoWallet"/>): anvil holds the demo dev account unlocked and signs with <c>eth_signTypedData_v4</c> exactly
/// the typed data the page shows, and only what the session's plan holds. The bot itself still holds no key: anvil does,
/// and only on the demo's local chain.
/// </summary>
public sealed class DemoSigner(SigningBaseUrl baseUrl, SigningSessionStore sessions, TimeProvider time)
{
    /// <summary>How long a reported transaction may stay unknown or unmined before giving up (the page's script waits ~3 minutes).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>Signs and sends the session <paramref name="linkOrId"/> names, or the asker's newest open one when null.</summary>
    public async Task<Reply> SignAsync(ChatMessage message, string? linkOrId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var session = linkOrId is null
            ? await sessions.LatestOpenAsync(message.Transport, message.UserId, cancellationToken).ConfigureAwait(false)
            : Id(linkOrId) is { } id ? await sessions.FindAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (session is null)
        {
            // The example must work now: "/demo sign" only when a link is waiting, else a quote that makes one.
            var waiting = linkOrId is not null && await sessions.LatestOpenAsync(message.Transport, message.UserId, cancellationToken).ConfigureAwait(false) is not null;
            return linkOrId is null
                ? Reply.Error("You have no signing link waiting: ask for a quote first (an alert's fix link counts too).", "/leverage 3x USDC 100")
                : Reply.Error($"'{UserText.Echo(linkOrId)}' is not a signing link the bot gave (…/s/<id>, or the id alone).", waiting ? "/demo sign" : "/leverage 3x USDC 100");
        }

        using var http = new HttpClient { BaseAddress = baseUrl.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var page = new PageClient(http, session.Id, time);
        try
        {
            return await new DemoSigning(page, session).RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PageRefusedException ex)
        {
            return Reply.Error($"The signing page refused: {ex.Message}", session.Command);
        }
    }

    /// <summary>The session id in a page URL (<c>…/s/{id}</c>) or the bare 22-character id, else null.</summary>
    private static string? Id(string text)
    {
        var candidate = Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Segments is [.., "s/", var last] ? last : text;
        return candidate.Length == 22 && candidate.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? candidate : null;
    }

    /// <summary>The page's API as its script calls it: JSON posts, <c>retry</c> answers asked again a second later.</summary>
    internal sealed class PageClient(HttpClient http, string id, TimeProvider time)
    {
        public async Task<JsonElement> CallAsync(string path, object? body, CancellationToken cancellationToken)
        {
            var deadline = time.GetUtcNow() + Patience;
            while (true)
            {
                using var response = body is null
                    ? await http.GetAsync(new Uri($"/s/{id}/{path}", UriKind.Relative), cancellationToken).ConfigureAwait(false)
                    : await http.PostAsJsonAsync(new Uri($"/s/{id}/{path}", UriKind.Relative), body, cancellationToken).ConfigureAwait(false);
                var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
                if (json.TryGetProperty("retry", out var retry) && retry.ValueKind == JsonValueKind.True && time.GetUtcNow() < deadline)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (!response.IsSuccessStatusCode || json.TryGetProperty("error", out _))
                {
                    throw new PageRefusedException(json.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String
                        ? e.GetString()!
                        : string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} from /s/{id}/{path}"));
                }

                return json;
            }
        }

        /// <summary>One EIP-1193 request to the page's demo wallet (anvil's unlocked demo account behind the plan check).</summary>
        public async Task<JsonElement> WalletAsync(string method, object[] parameters, CancellationToken cancellationToken) =>
            (await CallAsync("demo-rpc", new { method, @params = parameters }, cancellationToken).ConfigureAwait(false)).GetProperty("result");

        public Task DelayAsync(CancellationToken cancellationToken) => Task.Delay(TimeSpan.FromMilliseconds(700), time, cancellationToken);
    }
}

/// <summary>The page refused a step (its sentence): nothing more is signed or sent.</summary>
internal sealed class PageRefusedException(string message) : Exception(message);
