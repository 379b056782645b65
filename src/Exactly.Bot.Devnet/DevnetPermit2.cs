using System.Text.RegularExpressions;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Devnet;

/// <summary>
/// Uniswap Permit2 on the devnet. No npm package ships a Permit2 deployment artifact, but <c>@uniswap/universal-router@1.6.0</c>
/// carries Permit2's creation code in its typechain factory (<c>typechain/factories/Permit2__factory.ts</c>, <c>_bytecode</c>;
/// the constructor takes no arguments). Deployed at an ordinary address, not the canonical <c>0x0000…22D473…8BA3</c>: Permit2
/// caches its domain separator with <c>address(this)</c> at construction, so copying its runtime elsewhere would break it.
/// </summary>
static partial class DevnetPermit2
{
    /// <summary>The package and file the creation code is read from.</summary>
    public const string Package = "@uniswap/universal-router";

    /// <summary>Deploys Permit2 from <paramref name="from"/> and returns its address.</summary>
    /// <exception cref="InvalidDataException">The factory file has no <c>_bytecode</c> constant.</exception>
    public static async Task<Address> DeployAsync(NpmTools tools, DevnetSender sender, Address from, CancellationToken cancellationToken)
    {
        var source = await File.ReadAllTextAsync(tools.PackageFile(Package, "typechain/factories/Permit2__factory.ts"), cancellationToken).ConfigureAwait(false);
        var match = Bytecode().Match(source);
        if (!match.Success)
            throw new InvalidDataException($"{Package}'s typechain/factories/Permit2__factory.ts has no _bytecode constant.");
        return await sender.DeployAsync(from, Hex.Decode(match.Groups[1].Value), cancellationToken).ConfigureAwait(false);
    }

    [GeneratedRegex("const _bytecode =\\s*\"(0x[0-9a-fA-F]+)\"")]
    private static partial Regex Bytecode();
}
