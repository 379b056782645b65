using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Exactly.Bot.Signing;

/// <summary>
/// Where links point: the configured public URL, or (in the demo, where none is set) the address Kestrel actually bound,
/// which is only known after start because the demo binds a free port.
/// </summary>
public sealed class SigningBaseUrl(IOptions<SigningOptions> options, IServer server)
{
    /// <summary>The base URL, without a trailing slash.</summary>
    public Uri BaseUrl
    {
        get
        {
            if (options.Value.PublicBaseUrl is { } configured)
            {
                return configured;
            }

            var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Signing:PublicBaseUrl is not set and the web server has not bound an address yet.");
            return new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    /// <summary>The page URL of a session: <c>{base}/s/{id}</c>.</summary>
    public Uri PageUrl(string id) => new(BaseUrl, $"/s/{id}");
}
