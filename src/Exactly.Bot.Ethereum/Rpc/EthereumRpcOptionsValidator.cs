using Microsoft.Extensions.Options;

namespace Exactly.Bot.Ethereum.Rpc;

/// <summary>Checks <see cref="EthereumRpcOptions"/> at start; each failure is a sentence naming the setting and how to fix it.</summary>
public sealed class EthereumRpcOptionsValidator : IValidateOptions<EthereumRpcOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EthereumRpcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var section = EthereumRpcOptions.Section;
        if (options.Urls.Count == 0)
        {
            failures.Add($"{section}:Urls is empty: set at least one JSON-RPC URL, e.g. Ethereum__Rpc__Urls__0=https://mainnet.optimism.io.");
        }

        for (var i = 0; i < options.Urls.Count; i++)
        {
            if (!Uri.TryCreate(options.Urls[i], UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                // Never the value itself: an RPC URL usually carries an API key in its path or query.
                failures.Add($"{section}:Urls:{i} is not an absolute http(s) URL (its value is not shown: it may carry an API key).");
            }
        }

        if (options.AttemptTimeout < TimeSpan.FromMilliseconds(100) || options.AttemptTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{section}:AttemptTimeout is {options.AttemptTimeout}; use a value between 00:00:00.1 and 00:05:00.");
        }

        if (options.MaxAttempts is < 1 or > 20)
        {
            failures.Add($"{section}:MaxAttempts is {options.MaxAttempts}; use 1 to 20 (1 means no retry).");
        }

        if (options.BaseDelay < TimeSpan.Zero || options.BaseDelay > TimeSpan.FromSeconds(30))
        {
            failures.Add($"{section}:BaseDelay is {options.BaseDelay}; use 0 to 30 s.");
        }

        if (options.MaxRetryAfter < TimeSpan.Zero)
        {
            failures.Add($"{section}:MaxRetryAfter is negative.");
        }

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add($"{section}:TotalTimeout ({options.TotalTimeout}) is shorter than AttemptTimeout ({options.AttemptTimeout}); raise it.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
