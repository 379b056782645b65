using System.Text.Json.Nodes;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Health;
using Exactly.Bot.Protocol.Health.Local;

namespace Exactly.Bot.Protocol.Tests.LocalHealth;

/// <summary>
/// A listed market emits a known event that does not have the event's shape (an upgrade could): the engine must not state a
/// number it cannot derive. Data it cannot read: the accounts the log names are read from chain, the others stay local.
/// Topics that do not name an account as the event does: no account can be refused alone, so the log is refused whole.
/// </summary>
public sealed class LogHealthEngineMalformedLogTests
{
    static readonly Address Auditor = new(Keccak256.Hash("auditor").AsSpan(12));
    static readonly Address Market = new(Keccak256.Hash("market").AsSpan(12));
    static readonly Address Holder = new(Keccak256.Hash("holder").AsSpan(12));

    [Fact]
    public async Task Evaluate_ListedMarketEmitsATransferWithoutItsAmount_ReadsTheNamedAccountFromChainAndTheRestLocally()
    {
        await using var devnet = await Devnet.Devnet.StartAsync();
        var deployment = devnet.Deployment.ToProtocolDeployment();
        var history = new DevnetHistory(devnet, 6, 5);
        await history.SetUpAsync();
        var watched = history.Accounts.ToArray();
        var (indexer, batched) = (new LogIndexer(devnet.Rpc, deployment), new BatchedLiquidityEngine(devnet.Rpc, deployment));
        var engine = new LogHealthEngine(devnet.Rpc, deployment, indexer, batched, new LogHealthOptions { SampleSize = watched.Length });
        await engine.EvaluateAsync(watched, await BlockHeader.ReadAsync(devnet.Rpc));

        // The WETH market's own address emits Transfer(0, affected) with no data: its code swapped for one LOG3 and back.
        var (weth, affected) = (devnet.Deployment.Market("WETH").Market, watched[2]);
        var code = await devnet.Rpc.GetCodeAsync(weth);
        await SetCodeAsync(devnet, weth, [0x7f, .. Word(affected), 0x60, 0, 0x7f, .. MarketEvents.Transfer.Topic0.ToArray(), 0x60, 0, 0x60, 0, 0xa3, 0]);
        Assert.True((await devnet.SendAsync(new TransactionRequest(weth, [], devnet.Deployer))).Succeeded);
        await SetCodeAsync(devnet, weth, code);
        var block = await BlockHeader.ReadAsync(devnet.Rpc);

        var evaluation = await engine.EvaluateAsync(watched, block);
        var chain = await batched.EvaluateAsync([affected], block);

        Assert.Equal(1, indexer.RefusedLogs);
        Assert.True(indexer.Book.IsUntrusted(indexer.Book.IdOf(affected)), "the account the log names is still computed locally");
        Assert.Equal(chain.Readings[affected], evaluation.Readings[affected]);
        Assert.True(evaluation.Local, "one refused log put every account on the batched reads");
        Assert.False(engine.Diverged, engine.Divergence);
        Assert.Equal(watched.Length, evaluation.Readings.Count);
    }

    [Fact]
    public void Apply_TransferNamingAnAddressWithDirtyHighBytes_RefusesTheLogInsteadOfCreditingTheLow20Bytes()
    {
        var (book, applier) = Listed();
        byte[] dirty = [.. Enumerable.Repeat((byte)0xff, 12), .. Holder.Bytes.ToArray()];

        Assert.Throws<AbiException>(() => applier.Apply(Log(MarketEvents.Transfer, [new byte[32], dirty], Word(Units.Wad))));
        Assert.True(book.IdOf(Holder) < 0, "the truncated address was credited");
    }

    [Fact]
    public void Apply_BorrowWithShortDataAndTransferWithLongData_DistrustTheAccountsTheyNameUntilRolledBack()
    {
        var (book, applier) = Listed();
        var receiver = new Address(Keccak256.Hash("receiver").AsSpan(12));

        Assert.Equal(LogEffect.Refused, applier.Apply(Log(MarketEvents.Borrow, [new byte[32], new byte[32], Word(Holder)], Word(Units.Wad))));
        Assert.Equal(
            LogEffect.Refused, applier.Apply(Log(MarketEvents.Transfer, [new byte[32], Word(receiver)], [.. Word(Units.Wad), .. Word(Units.Wad)])));

        Assert.True(book.IsUntrusted(book.IdOf(Holder)) && book.IsUntrusted(book.IdOf(receiver)));
        Assert.Equal((UInt128.Zero, UInt128.Zero), (book.BorrowShares(0, book.IdOf(Holder)), book.Shares(0, book.IdOf(receiver))));
        book.Rollback(Block - 1);
        Assert.False(book.IsUntrusted(book.IdOf(Holder)) || book.IsUntrusted(book.IdOf(receiver)), "a rollback past the log kept the distrust");
    }

    const long Block = 100;

    static (AccountBook, LogApplier) Listed()
    {
        var book = new AccountBook();
        var applier = new LogApplier(book, Auditor);
        applier.List(Market);
        return (book, applier);
    }

    static ChainLog Log(AbiEvent e, byte[][] topics, byte[] data) =>
        new(new Log(Market, [e.Topic0.ToArray(), .. topics], data), Block, new byte[32], 0, false);

    static byte[] Word(Address address) => [.. new byte[12], .. address.Bytes.ToArray()];

    static byte[] Word(System.Numerics.BigInteger value)
    {
        var bytes = new byte[32];
        value.TryWriteBytes(bytes.AsSpan(32 - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return bytes;
    }

    static async Task SetCodeAsync(Devnet.Devnet devnet, Address account, byte[] code) =>
        await devnet.Rpc.RequestAsync("anvil_setCode", [JsonValue.Create(account.ToLowerHex()), JsonValue.Create(Hex.Encode(code))]);
}
