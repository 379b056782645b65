using System.Text.Json;
using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Protocol.Contracts;

/// <summary>
/// Previewer's <c>exactly(account)</c> → <c>MarketAccount[]</c>: every market with price, adjust factor, rates, liquidity and
/// the account's position. Its tuple differs between generations (0.2.24 adds fields), so each generation's ABI entry is
/// loaded from the package's own JSON (embedded) and fields are read by name, not position.
/// </summary>
public sealed class PreviewerAbi
{
    private readonly Dictionary<string, int> fields;
    private readonly Dictionary<string, int> rewardFields;

    private PreviewerAbi(string resource)
    {
        using var stream = typeof(PreviewerAbi).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded ABI {resource} is missing from the build.");
        using var json = JsonDocument.Parse(stream);
        Exactly = ContractAbi.FunctionFromJson(json.RootElement);
        var components = json.RootElement.GetProperty("outputs")[0].GetProperty("components");
        fields = components.EnumerateArray().Select((c, i) => (c.GetProperty("name").GetString()!, i)).ToDictionary(p => p.Item1, p => p.i);
        var rewards = components.EnumerateArray().First(c => c.GetProperty("name").GetString() == "rewardRates").GetProperty("components");
        rewardFields = rewards.EnumerateArray().Select((c, i) => (c.GetProperty("name").GetString()!, i)).ToDictionary(p => p.Item1, p => p.i);
    }

    /// <summary>0.2.14–0.2.15's Previewer.</summary>
    public static PreviewerAbi V0215 { get; } = new("Previewer.exactly.0.2.15.json");

    /// <summary>0.2.16+ (0.2.24) Previewer.</summary>
    public static PreviewerAbi V0224 { get; } = new("Previewer.exactly.0.2.24.json");

    /// <summary><c>exactly(address account) returns (MarketAccount[])</c>.</summary>
    public AbiFunction Exactly { get; }

    /// <summary>The generation matching a DebtManager's features (cross asset ⇒ 0.2.15).</summary>
    public static PreviewerAbi For(DebtManagerFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return features.CrossAsset ? V0215 : V0224;
    }

    /// <summary>Field <paramref name="name"/> of one decoded <c>MarketAccount</c> tuple.</summary>
    /// <exception cref="KeyNotFoundException">This generation has no such field.</exception>
    public T Field<T>(object?[] marketAccount, string name)
    {
        ArgumentNullException.ThrowIfNull(marketAccount);
        return (T)marketAccount[fields[name]]!;
    }

    /// <summary>Field <paramref name="name"/> of one decoded <c>RewardRate</c> tuple.</summary>
    public T RewardField<T>(object?[] rewardRate, string name)
    {
        ArgumentNullException.ThrowIfNull(rewardRate);
        return (T)rewardRate[rewardFields[name]]!;
    }
}
