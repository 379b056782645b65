namespace Exactly.Bot.Signing;

/// <summary>The page connected a wallet: its account and the chain it reports (<c>eth_chainId</c>).</summary>
public sealed record ConnectRequest(string? Account, long ChainId);

/// <summary>The page's signatures (0x, 65 bytes each, in the order the permits were given), with its page token and chain.</summary>
public sealed record SignRequest(string? Token, long ChainId, IReadOnlyList<string>? Signatures);

/// <summary>The wallet returned a transaction hash (the main transaction, or a follow-up step).</summary>
public sealed record SubmittedRequest(string? Token, string? Hash);
