namespace Exactly.Bot.Protocol.Transactions;

/// <summary>
/// Which DebtManager permit overloads a plan is built for, chosen from the selectors the configured implementation really
/// dispatches (<see cref="Contracts.DebtManagerProbe"/>), never from configuration.
/// </summary>
public enum DebtManagerCallShape
{
    /// <summary>
    /// 0.2.14–0.2.15: the share permit's value travels as an argument (<c>borrowAssets</c>/<c>permitAssets</c>) and
    /// <c>Permit</c> = <c>(account, deadline, v, r, s)</c> (<see cref="DebtManagerPermitAbi"/>).
    /// </summary>
    V0215,

    /// <summary>
    /// 0.2.16 and later: <c>Permit</c> = <c>(account, value, deadline, v, r, s)</c>, the leverage deposit is the asset permit's
    /// value, and at most 1 % of each permit's value may stay unused (<c>AllowanceSurplus</c>) (<see cref="DebtManagerCurrentAbi"/>).
    /// </summary>
    Current,
}
