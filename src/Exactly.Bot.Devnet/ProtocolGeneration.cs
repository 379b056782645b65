namespace Exactly.Bot.Devnet;

/// <summary>Which Exactly Protocol generation the devnet deploys (PROTOCOL.md, "Two protocol generations").</summary>
public enum ProtocolGeneration
{
    /// <summary>0.2.15 (<c>@exactly/protocol</c>): same- and cross-asset DebtManager, Uniswap V3 pool, as in the articles.</summary>
    V0215,

    /// <summary>
    /// The current generation from the 0.2.24 artifacts (<c>exactly-protocol-0.2.24</c>): its Auditor, Markets, interest rate
    /// models, DebtManager (same asset only, 1 % <c>AllowanceSurplus</c> rule), DebtPreviewer and Previewer. No Uniswap pool.
    /// </summary>
    Current,
}
