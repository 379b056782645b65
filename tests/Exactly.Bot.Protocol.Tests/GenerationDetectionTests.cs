using System.Text.Json;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Protocol.Contracts;

namespace Exactly.Bot.Protocol.Tests;

/// <summary>
/// The bytecode probe and the typed ABI definitions against both generations' own artifacts (0.2.15 = @exactly/protocol,
/// 0.2.24 = the exactly-protocol-0.2.24 alias): what mainnet's current DebtManager offers is detected, not configured.
/// </summary>
public sealed class GenerationDetectionTests
{
    static string Artifact(string package, string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "tools", "node_modules")))
            dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("tools/node_modules not found above the test output."),
            "tools", "node_modules", package, "deployments", "optimism", name + ".json");
    }

    static (byte[] Runtime, ContractAbi Abi) Load(string package, string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Artifact(package, name)));
        return (Hex.Decode(json.RootElement.GetProperty("deployedBytecode").GetString()!), ContractAbi.FromJson(json.RootElement.GetProperty("abi")));
    }

    [Theory]
    [InlineData("@exactly/protocol", true, false)]
    [InlineData("exactly-protocol-0.2.24", false, true)]
    public void Probe_ReadsTheGenerationFromRuntimeBytecode(string package, bool crossAsset, bool allowanceSurplus)
    {
        var (runtime, _) = Load(package, "DebtManager_Implementation");
        Assert.Equal(crossAsset, DebtManagerProbe.HasSelector(runtime, DebtManagerAbi.CrossLeverage.Selector.Span));
        Assert.Equal(allowanceSurplus, DebtManagerProbe.HasSelector(runtime, AbiFunction.Parse("MAX_ALLOWANCE_SURPLUS()").Selector.Span));
        // The same-asset functions the bot sends exist in both.
        Assert.True(DebtManagerProbe.HasSelector(runtime, DebtManagerAbi.Leverage.Selector.Span));
        Assert.True(DebtManagerProbe.HasSelector(runtime, DebtManagerAbi.Deleverage.Selector.Span));
    }

    [Theory]
    [InlineData("@exactly/protocol")]
    [InlineData("exactly-protocol-0.2.24")]
    public void TypedPreviewDefinitions_MatchEachGenerationsAbi(string package)
    {
        var (_, abi) = Load(package, "DebtPreviewer");
        foreach (var typed in new[] { DebtPreviewerAbi.PreviewLeverage, DebtPreviewerAbi.PreviewDeleverage })
        {
            var fromJson = abi.Functions.Single(f => f.Signature == typed.Signature);
            Assert.Equal(fromJson.Selector.ToArray(), typed.Selector.ToArray());
            Assert.Equal(string.Join(',', fromJson.Outputs.Select(o => o.Canonical)), string.Join(',', typed.Outputs.Select(o => o.Canonical)));
        }
    }

    [Fact]
    public void PreviewerExactly_EmbeddedAbis_AreTheArtifacts()
    {
        Assert.Equal(Load("@exactly/protocol", "Previewer").Abi.Function("exactly").Outputs[0].Canonical, PreviewerAbi.V0215.Exactly.Outputs[0].Canonical);
        Assert.Equal(Load("exactly-protocol-0.2.24", "Previewer").Abi.Function("exactly").Outputs[0].Canonical, PreviewerAbi.V0224.Exactly.Outputs[0].Canonical);
    }
}
