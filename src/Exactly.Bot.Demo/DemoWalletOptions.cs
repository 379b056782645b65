namespace Exactly.Bot.Demo;

/// <summary>The demo wallet's one setting, read from section <c>Signing</c> (the demo sets it; the production bot has no such setting).</summary>
public sealed class DemoWalletOptions
{
    /// <summary>
    /// Devnet only: the unlocked anvil account the page offers as a "demo wallet" (<c>Signing:DemoWallet</c>). The page offers it
    /// only when the node also says it is anvil.
    /// </summary>
    public string? DemoWallet { get; set; }
}
