using System.Numerics;
using Exactly.Bot.Devnet;
using Exactly.Bot.Ethereum.Abi;

namespace Exactly.Bot.Ethereum.Tests;

public class AbiErrorsAndEventsTests
{
    [Fact]
    public void ErrorString_DecodesTheReason()
    {
        // require(false, "Not enough") as solc encodes it.
        var data = Hex.Decode("0x08c379a0" + "0000000000000000000000000000000000000000000000000000000000000020"
            + "000000000000000000000000000000000000000000000000000000000000000a" + "4e6f7420656e6f75676800000000000000000000000000000000000000000000");
        var reason = new RevertDecoder().Decode(data);
        Assert.Equal(RevertKind.Error, reason.Kind);
        Assert.Equal("Error(\"Not enough\")", reason.Message);
    }

    [Theory]
    [InlineData(0x01, "assert failed")]
    [InlineData(0x11, "arithmetic overflow or underflow")]
    [InlineData(0x12, "division or modulo by zero")]
    [InlineData(0x21, "conversion to an enum out of range")]
    [InlineData(0x32, "array index out of bounds")]
    [InlineData(0x41, "too much memory allocated")]
    public void Panic_SaysWhatTheCodeMeans(int code, string meaning)
    {
        var reason = new RevertDecoder().Decode(AbiError.Panic.Encode(new BigInteger(code)));
        Assert.Equal(RevertKind.Panic, reason.Kind);
        Assert.Equal($"Panic(0x{code:x2}: {meaning})", reason.Message);
    }

    [Fact]
    public async Task CustomErrors_FromTheDeploymentAbis_ReadByName()
    {
        var tools = await NpmTools.EnsureInstalledAsync();
        var decoder = new RevertDecoder();
        foreach (var file in Directory.GetFiles(tools.PackageFile("@exactly/protocol", "deployments/optimism"), "*.json"))
        {
            var text = await File.ReadAllTextAsync(file);
            // A few deployment files are bare address records without an ABI.
            if (text.Contains("\"abi\"", StringComparison.Ordinal))
            {
                decoder.Register(ContractAbi.Parse(text));
            }
        }

        var selector = Keccak256.Hash("InsufficientAccountLiquidity()").AsSpan(0, 4).ToArray();
        Assert.Equal("InsufficientAccountLiquidity()", decoder.Decode(selector).Message);
        Assert.Equal("unknown error 0xdeadbeef", decoder.Decode(Hex.Decode("0xdeadbeef")).Message);
        Assert.Equal("revert without data", decoder.Decode(Array.Empty<byte>()).Message);
        Assert.True(decoder.Count > 20, $"Only {decoder.Count} errors found in the deployment ABIs.");
    }

    [Fact]
    public void CustomError_WithArguments_FormatsThem()
    {
        var error = AbiError.Parse("error NotEnough(address account, uint256 needed)");
        var decoder = new RevertDecoder([error]);
        var reason = decoder.Decode(error.Encode("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", new BigInteger(42)));
        Assert.Equal("NotEnough(0x70997970C51812dc3A010C7d01b50e0d17dc79C8, 42)", reason.Message);
    }

    [Fact]
    public void Event_Transfer_DecodesTopicsAndData()
    {
        var transfer = AbiEvent.Parse("event Transfer(address indexed from, address indexed to, uint256 amount)");
        Assert.Equal("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", Hex.Encode(transfer.Topic0.Span));
        var from = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        var to = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        byte[][] topics = [transfer.Topic0.ToArray(), AbiEvent.EncodeTopic(AbiType.AddressType, from), AbiEvent.EncodeTopic(AbiType.AddressType, to)];
        var values = transfer.DecodeLog(topics, AbiEncoder.Encode(AbiType.UInt256, new BigInteger(7)));
        Assert.Equal([from, to, new BigInteger(7)], values);
    }

    [Fact]
    public void Event_IndexedString_DecodesToItsHash()
    {
        var named = AbiEvent.Parse("Named(string indexed name, bytes data)");
        var hash = Keccak256.Hash("exactly");
        var values = named.DecodeLog([named.Topic0.ToArray(), hash], AbiEncoder.Encode([AbiType.Parse("bytes")], [new byte[] { 1, 2 }]));
        Assert.Equal(hash, (byte[])values[0]!);
        Assert.Equal(new byte[] { 1, 2 }, (byte[])values[1]!);
    }

    [Fact]
    public void JsonAbi_TupleComponents_BecomeTupleTypes()
    {
        const string json = """
            {"abi": [
              {"type": "function", "name": "exactly", "inputs": [{"name": "account", "type": "address"}],
               "outputs": [{"name": "", "type": "tuple[]", "components": [
                 {"name": "market", "type": "address"},
                 {"name": "fixedPools", "type": "tuple[]", "components": [{"name": "maturity", "type": "uint256"}, {"name": "rate", "type": "int256"}]},
                 {"name": "symbol", "type": "string"}]}]},
              {"type": "error", "name": "InsufficientAccountLiquidity", "inputs": []},
              {"type": "event", "name": "Deposit", "anonymous": false, "inputs": [
                 {"name": "caller", "type": "address", "indexed": true}, {"name": "assets", "type": "uint256", "indexed": false}]},
              {"type": "constructor", "inputs": []}
            ]}
            """;
        var abi = ContractAbi.Parse(json);
        Assert.Equal("(address,(uint256,int256)[],string)[]", abi.Function("exactly").Outputs[0].Canonical);
        Assert.Equal("InsufficientAccountLiquidity()", abi.Errors.Single().Signature);
        Assert.True(abi.Event("Deposit").Inputs[0].Indexed);
        Assert.Equal("Deposit(address,uint256)", abi.Event("Deposit").Signature);
    }

    [Fact]
    public async Task JsonAbi_EveryDeploymentArtifact_Loads()
    {
        var tools = await NpmTools.EnsureInstalledAsync();
        var previewer = await ContractAbi.LoadAsync(tools.PackageFile("@exactly/protocol", "deployments/optimism/Previewer.json"));
        var exactly = previewer.Function("exactly");
        Assert.Equal("exactly(address)", exactly.Signature);
        Assert.Equal(AbiKind.Array, exactly.Outputs[0].Kind);
        Assert.Equal(AbiKind.Tuple, exactly.Outputs[0].Element!.Kind);
    }
}
