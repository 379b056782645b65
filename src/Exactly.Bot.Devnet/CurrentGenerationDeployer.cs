using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Devnet;

/// <summary>
/// The parts of the current generation (0.2.24 artifacts, package alias <c>exactly-protocol-0.2.24</c>) that differ from
/// 0.2.15: Market.initialize takes the asset symbol first; an InterestRateModel takes its parameters as a struct AND its
/// market's address (deployed before the market proxy, whose address is predicted from the deployer's nonce); DebtManager
/// has no Uniswap factory; DebtPreviewer has no quoter and no initializer.
/// </summary>
sealed class CurrentGenerationDeployer(NpmTools tools, JsonRpcClient rpc, DevnetSender sender, Address deployer)
{
    public const string Package = "exactly-protocol-0.2.24";

    static readonly BigInteger Wad = BigInteger.Pow(10, 18);
    static readonly AbiFunction MarketInitialize = AbiFunction.Parse("initialize(string,uint8,uint128,address,uint256,uint256,uint128,uint256,uint256)");

    public ContractArtifact Artifact(string name) => ContractArtifact.Load(tools.PackageFile(Package, $"deployments/optimism/{name}.json"));

    /// <summary>Deploys the interest rate model for the market proxy that will be created right after it, then returns the proxy's initialization.</summary>
    public async Task<(Address Irm, byte[] Initialization)> InterestRateModelAsync(string symbol, CancellationToken cancellationToken)
    {
        var path = tools.PackageFile(Package, $"deployments/optimism/InterestRateModel{symbol}.json");
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
        var constructor = json.RootElement.GetProperty("abi").EnumerateArray().First(e => e.GetProperty("type").GetString() == "constructor");
        var parameters = constructor.GetProperty("inputs")[0].GetProperty("components").EnumerateArray()
            .Select(c => (Name: c.GetProperty("name").GetString()!, Type: c.GetProperty("type").GetString()!)).ToArray();
        var values = json.RootElement.GetProperty("args")[0];
        var tuple = parameters.Select(p => (object?)BigInteger.Parse(values.GetProperty(p.Name).GetString()!, CultureInfo.InvariantCulture)).ToArray();

        // The IRM is the next transaction (nonce n); the market proxy the one after (nonce n + 1).
        var nonce = (long)EthMethods.Quantity(await rpc.RequestAsync(
            "eth_getTransactionCount", [JsonValue.Create(deployer.ToLowerHex()), JsonValue.Create("pending")], cancellationToken).ConfigureAwait(false));
        var market = CreateAddress(deployer, nonce + 1);
        var types = $"({string.Join(',', parameters.Select(p => p.Type))}),address";
        var irm = await sender.DeployAsync(deployer, Artifact($"InterestRateModel{symbol}").CreationCode(types, tuple, market), cancellationToken).ConfigureAwait(false);
        // Optimism's current USDC proxy: 7 pools, smooth 2, penalty 0.45 %/day, backup fee 10 %, reserve 5 %, damp 0.0046 / 0.4.
        var init = MarketInitialize.Encode(symbol, 7, Wad * 2, irm, Wad * 45 / 10_000 / 86_400, Wad / 10, Wad / 20, Wad * 46 / 10_000, Wad * 4 / 10);
        return (irm, init);
    }

    /// <summary>The address a CREATE from <paramref name="sender"/> at <paramref name="nonce"/> gets: keccak256(rlp([sender, nonce]))[12:].</summary>
    internal static Address CreateAddress(Address sender, long nonce)
    {
        byte[] nonceRlp = nonce switch
        {
            0 => [0x80],
            < 0x80 => [(byte)nonce],
            < 0x100 => [0x81, (byte)nonce],
            < 0x10000 => [0x82, (byte)(nonce >> 8), (byte)nonce],
            _ => throw new NotSupportedException("The devnet deployer never sends 65,536 transactions."),
        };
        byte[] list = [(byte)(0xc0 + 21 + nonceRlp.Length), 0x94, .. sender.Bytes, .. nonceRlp];
        return new Address(Keccak256.Hash(list).AsSpan(12));
    }
}
