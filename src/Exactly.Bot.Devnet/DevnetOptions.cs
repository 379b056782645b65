namespace Exactly.Bot.Devnet;

/// <summary>How the devnet's anvil node is started.</summary>
public sealed record DevnetOptions
{
    /// <summary>anvil's default mnemonic: account #0 is <c>0xf39F…2266</c>, #1 is <c>0x7099…79C8</c>.</summary>
    public const string DefaultMnemonic = "test test test test test test test test test test test junk";

    /// <summary>EIP-155 chain id; 10 (Optimism) so addresses and permits match what the bot signs for there.</summary>
    public long ChainId { get; init; } = 10;

    /// <summary>BIP-39 mnemonic of the unlocked dev accounts. Fixed so addresses are the same every run.</summary>
    public string Mnemonic { get; init; } = DefaultMnemonic;

    /// <summary>The clock anvil's start-up polls and shutdown wait run on (real time: anvil is a real process).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Number of unlocked dev accounts (#0 deploys, #1 is the demo wallet, #2 lends).</summary>
    public int Accounts { get; init; } = 10;

    /// <summary>Ether balance of each dev account, in whole ether.</summary>
    public int AccountBalanceEther { get; init; } = 10_000;

    /// <summary>
    /// Block gas limit (also anvil's cap for <c>eth_call</c>); null keeps anvil's 30M default, which like public RPCs
    /// forces large Multicall3 batches to be chunked.
    /// </summary>
    public long? BlockGasLimit { get; init; }

    /// <summary>The protocol generation to deploy: 0.2.15 (default, cross asset) or the current one from the 0.2.24 artifacts.</summary>
    public ProtocolGeneration Generation { get; init; } = ProtocolGeneration.V0215;
}
