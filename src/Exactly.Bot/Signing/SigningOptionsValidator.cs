using Microsoft.Extensions.Options;

namespace Exactly.Bot.Signing;

/// <summary>
/// Checks <c>Signing:PublicBaseUrl</c> at start: every signing link and wallet deep link is built from it, so it must be an
/// absolute https URL (plain http only for a loopback host, where no network sits between the phone and the page), with no
/// credentials, query or fragment. In <c>run</c> mode it is required; the demo uses the page's own loopback address.
/// </summary>
/// <param name="required">True in run mode: a missing URL stops the bot.</param>
public sealed class SigningOptionsValidator(bool required) : IValidateOptions<SigningOptions>
{
    private const string Fix = "set Signing__PublicBaseUrl to where phones reach the signing page, e.g. https://bot.example.com";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SigningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PublicBaseUrl is not { } url)
        {
            return required ? ValidateOptionsResult.Fail($"Signing:PublicBaseUrl is not set: {Fix}.") : ValidateOptionsResult.Success;
        }

        if (!url.IsAbsoluteUri)
        {
            return ValidateOptionsResult.Fail($"Signing:PublicBaseUrl is not an absolute URL: {Fix}.");
        }

        if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
        {
            return ValidateOptionsResult.Fail($"Signing:PublicBaseUrl must use https (plain http only for a loopback address such as http://127.0.0.1:8080): {Fix}.");
        }

        if (url.UserInfo.Length > 0 || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            return ValidateOptionsResult.Fail($"Signing:PublicBaseUrl must carry no user name, query or fragment: {Fix}.");
        }

        return ValidateOptionsResult.Success;
    }
}
