using System.Text;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Tests;

/// <summary>
/// A minimal ERC-1271 contract wallet, deployed by a real creation transaction. No npm package in tools/ carries a deployable
/// ERC-1271 wallet (only interfaces), so its runtime is hand-written (the same code as the Ethereum suite's SIWE test):
/// <c>isValidSignature(bytes32 hash, bytes sig)</c> answers <c>0x1626ba7e</c> when <c>ecrecover(hash, v, r, s)</c> of the
/// 65-byte signature is the owner, else <c>0x00000000</c>.
/// </summary>
public static class Erc1271Wallet
{
    /// <summary>Deploys a wallet owned by <paramref name="owner"/> from <paramref name="from"/> (an unlocked anvil account).</summary>
    public static async Task<Address> DeployAsync(JsonRpcClient rpc, Address from, Address owner)
    {
        var runtime = Hex.Decode(Runtime(owner));
        // Creation code: codecopy(0, 12, len); return(0, len) — then the runtime itself (12 = this prefix's length).
        var prefix = Hex.Decode($"61{runtime.Length:x4}80600c6000396000f3");
        var hash = await rpc.SendTransactionAsync(new TransactionRequest(null, [.. prefix, .. runtime], from));
        var receipt = await rpc.WaitForReceiptAsync(hash, TimeSpan.FromMilliseconds(10));
        Assert.True(receipt.Succeeded);
        var wallet = receipt.ContractAddress!.Value;
        Assert.Equal(runtime, await rpc.GetCodeAsync(wallet));
        return wallet;
    }

    private static string Runtime(Address owner) => new StringBuilder()
        .Append("600435600052")               // mstore(0x00, hash)
        .Append("60a43560f81c602052")         // mstore(0x20, v = byte at calldata 0xa4)
        .Append("6064356040526084356060")     // mstore(0x40, r); push s
        .Append("52")                         // mstore(0x60, s)
        .Append("602060806080600060015afa50") // staticcall(gas, ecrecover, 0, 0x80, 0x80, 0x20); pop
        .Append("60805173").Append(owner.ToLowerHex()[2..]).Append("14") // mload(0x80) == owner
        .Append("631626ba7e02")               // × magic
        .Append("60e01b600052")               // << 224, mstore(0)
        .Append("60206000f3")                 // return(0, 32)
        .ToString();
}
