using System.Text.Json;
using System.Text.RegularExpressions;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Devnet;

/// <summary>Creation bytecode and recorded constructor arguments of one contract from an npm deployment/build artifact.</summary>
/// <param name="Path">The artifact file.</param>
/// <param name="Bytecode">Creation code (no constructor arguments).</param>
/// <param name="Args">The constructor arguments recorded by hardhat-deploy (an empty array for plain build artifacts).</param>
sealed partial record ContractArtifact(string Path, byte[] Bytecode, JsonElement Args)
{
    /// <summary>Reads a hardhat-deploy (<c>deployments/*/X.json</c>) or hardhat build artifact.</summary>
    /// <exception cref="NotSupportedException">The bytecode has unlinked library placeholders (<c>__$…$__</c>).</exception>
    public static ContractArtifact Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var bytecode = root.GetProperty("bytecode").GetString() ?? throw new InvalidDataException($"{path} has no bytecode.");
        // None of the artifacts the devnet deploys links libraries (checked for 0.2.15 and Uniswap V3); fail loudly if one ever does.
        var placeholder = LibraryPlaceholder().Match(bytecode);
        if (placeholder.Success)
            throw new NotSupportedException($"{path} needs library {placeholder.Value} linked; the devnet does not link libraries.");
        var args = root.TryGetProperty("args", out var a) ? a.Clone() : JsonDocument.Parse("[]").RootElement.Clone();
        return new ContractArtifact(path, Hex.Decode(bytecode), args);
    }

    /// <summary>Creation code followed by the ABI-encoded constructor arguments.</summary>
    public byte[] CreationCode(string constructorTypes = "", params object?[] arguments)
    {
        if (constructorTypes.Length == 0)
            return Bytecode;
        var encoded = AbiFunction.Parse($"constructor({constructorTypes})").Encode(arguments).AsSpan(4);
        return [.. Bytecode, .. encoded];
    }

    [GeneratedRegex(@"__\$[0-9a-fA-F]{34}\$__")]
    private static partial Regex LibraryPlaceholder();
}
