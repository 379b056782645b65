using System.Numerics;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Alerts;

/// <summary>
/// A wallet's alert tiers as health factors (WAD) and the re-arm margin. Liquidatable is not a setting: it is the
/// Auditor's own line, collateral &lt; debt.
/// </summary>
/// <param name="Warning">Warn below this health factor, WAD (default 1.25e18).</param>
/// <param name="Danger">Danger below this health factor, WAD (default 1.10e18); at most <paramref name="Warning"/>.</param>
/// <param name="RearmMargin">A tier re-arms only once health is above its threshold plus this, WAD (default 0.05e18).</param>
public sealed record AlertThresholds(BigInteger Warning, BigInteger Danger, BigInteger RearmMargin)
{
    /// <summary>The defaults a watched wallet starts with: warning 1.25, danger 1.10, margin 0.05.</summary>
    public static AlertThresholds Default { get; } = new(Units.Wad * 125 / 100, Units.Wad * 110 / 100, Units.Wad * 5 / 100);

    /// <summary>The tier of a reading (collateral and debt adjusted, USD WAD, as <c>accountLiquidity</c> returns them).</summary>
    public HealthTier Classify(BigInteger collateral, BigInteger debt) => Classify(collateral, debt, BigInteger.Zero);

    /// <summary>
    /// The tier a reading is in when every threshold is raised by <paramref name="raise"/>: with the re-arm margin this tells
    /// whether health is clearly out of a tier, not just across its line.
    /// </summary>
    public HealthTier Classify(BigInteger collateral, BigInteger debt, BigInteger raise)
    {
        if (debt.IsZero)
        {
            return HealthTier.Safe;
        }

        if (collateral < debt)
        {
            return HealthTier.Liquidatable;
        }

        // health factor < t  ⇔  collateral·1e18 < t·debt (exact, no division).
        var scaled = collateral * Units.Wad;
        return scaled < (Danger + raise) * debt ? HealthTier.Danger
            : scaled < (Warning + raise) * debt ? HealthTier.Warning
            : HealthTier.Safe;
    }
}
