using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Eip712;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Markets;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Protocol.Permits;

/// <summary>
/// The one check every money path goes through. Refuses a plan or a transaction unless: the chain is the configured one; the
/// market is listed by the configured Auditor (same market, same asset); the spender is the configured DebtManager; each
/// permit's owner is the acting account; deadlines are in the future and at most <see cref="MaxDeadline"/> away; the share
/// permit is verified by the Market implementation with value = the call's <c>borrowAssets</c>/<c>permitAssets</c>; the asset
/// permit is for exactly the deposit; the typed data says exactly what the record says; and the transaction goes to the
/// DebtManager from the account with the plan's own arguments, decoded with the overload of the plan's
/// <see cref="SigningPlan.Shape"/> (on the current generation the permits' values travel inside the calldata's permits and must
/// equal the signed ones, and the interest margin must stay under half of the 1 % <c>AllowanceSurplus</c>). Cross-asset plans
/// (0.2.15 only) must name two different markets, BOTH listed by the configured Auditor; the share permit is on marketOut for
/// <c>crossLeverage</c> and on marketIn for <c>crossDeleverage</c>, the asset permit on marketIn's asset. Pure: reads nothing
/// from the chain.
/// </summary>
public sealed class PermitGuard(ProtocolDeployment deployment, TimeProvider time)
{
    /// <summary>The longest a permit may stay valid: 30 minutes.</summary>
    public static readonly TimeSpan MaxDeadline = TimeSpan.FromMinutes(30);

    /// <summary>Checks a plan before anyone is asked to sign it.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="listed">The configured Auditor's markets (<see cref="MarketCatalogue"/>).</param>
    /// <returns>Ok, or the first rule broken as a sentence.</returns>
    public Outcome<SigningPlan> Check(SigningPlan plan, IReadOnlyList<MarketInfo> listed)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(listed);
        var op = plan.Operation;
        foreach (var market in op.Cross is { } leg ? [op.Market, leg.Borrow] : new[] { op.Market })
        {
            if (!listed.Any(m => m.Market == market.Market && m.Asset == market.Asset))
            {
                return Fail($"{market.Market} is not a market of the configured Auditor");
            }
        }

        if (op.IsCross != op.Cross is not null || (op.IsCross && (op.Cross!.Borrow.Market == op.Market.Market || plan.Shape != DebtManagerCallShape.V0215)))
        {
            return Fail("a cross-asset operation needs two different markets and the 0.2.15 overloads; a same-asset one names one market");
        }

        var expectedRoles = op.Deposits ? 2 : 1;
        if (plan.Permits.Count != expectedRoles || plan.Permits[0].Role != PermitRole.MarketShares)
        {
            return Fail($"a {op.Kind} needs {expectedRoles} permit(s), the Market share permit first");
        }

        // Current generation: AllowanceSurplus reverts when > 1 % of a permit is unused; keep the margin under half of that.
        if (plan.Shape == DebtManagerCallShape.Current && plan.InterestMargin * Units.Wad * 2 > plan.ExpectedAssets * DebtManagerCurrentAbi.MaxAllowanceSurplus)
        {
            return Fail("the interest margin exceeds half of the 1 % allowance surplus the DebtManager accepts");
        }

        if (Permit2Rules.Check(plan, deployment.Permit2) is { } permit2Problem)
        {
            return Fail(permit2Problem);
        }

        foreach (var permit in plan.Permits)
        {
            if (CheckPermit(permit, plan) is { } problem)
            {
                return Fail(problem);
            }
        }

        return Outcome<SigningPlan>.Ok(plan);
    }

    /// <summary>Checks the transaction built from a checked plan before it is simulated or handed to the wallet.</summary>
    public Outcome<TransactionRequest> CheckTransaction(TransactionRequest transaction, SigningPlan plan)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(plan);
        var op = plan.Operation;
        if (transaction.To != deployment.DebtManager)
        {
            return Outcome<TransactionRequest>.Fail($"Refused: the transaction must go to the configured DebtManager {deployment.DebtManager}.");
        }

        if (transaction.From != op.Account || transaction.Value is { IsZero: false })
        {
            return Outcome<TransactionRequest>.Fail($"Refused: the transaction must come from {op.Account} and carry no ETH.");
        }

        var function = plan.Call;
        object?[] args;
        try
        {
            args = function.DecodeInput(transaction.Data ?? []);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or Ethereum.Abi.AbiException)
        {
            return Outcome<TransactionRequest>.Fail($"Refused: the calldata is not {function.Signature}.");
        }

        var amount = op.Kind == OperationKind.Deleverage && op.WithdrawAll ? BigInteger.Zero : op.Amount;
        var ok = op.IsCross ? MatchesCross(args, plan)
            : plan.Permit2 is not null ? DebtManagerPermit2Calls.Matches(args, plan)
            : plan.Shape == DebtManagerCallShape.Current ? MatchesCurrent(args, plan, amount) : MatchesV0215(args, plan, amount);
        return ok
            ? Outcome<TransactionRequest>.Ok(transaction)
            : Outcome<TransactionRequest>.Fail("Refused: the transaction's market, amounts, ratio or permits differ from what was signed.");
    }

    /// <summary>0.2.15: <c>(market, deposit|withdraw, ratio, borrowAssets|permitAssets, (account, deadline, v, r, s)…)</c>.</summary>
    private static bool MatchesV0215(object?[] args, SigningPlan plan, BigInteger amount)
    {
        var op = plan.Operation;
        var permits = args.Skip(4).Cast<object?[]>().ToArray();
        return (Address)args[0]! == op.Market.Market && (BigInteger)args[1]! == amount && (BigInteger)args[2]! == op.Ratio
            && (BigInteger)args[3]! == plan.SharePermitValue
            && permits.All(p => (Address)p[0]! == op.Account && (BigInteger)p[1]! == plan.Deadline);
    }

    /// <summary>
    /// 0.2.15 cross: <c>(marketIn, marketOut, fee, deposit|withdraw, ratio, sqrtPriceLimitX96, borrowAssets|permitAssets, permits…)</c>,
    /// every argument the plan's own (markets from the configured Auditor, fee and price limit from the quote).
    /// </summary>
    private static bool MatchesCross(object?[] args, SigningPlan plan)
    {
        var op = plan.Operation;
        var leg = op.Cross!;
        var permits = args.Skip(7).Cast<object?[]>().ToArray();
        return (Address)args[0]! == op.Market.Market && (Address)args[1]! == leg.Borrow.Market && (BigInteger)args[2]! == leg.Fee
            && (BigInteger)args[3]! == op.Amount && (BigInteger)args[4]! == op.Ratio && (BigInteger)args[5]! == leg.SqrtPriceLimitX96
            && (BigInteger)args[6]! == plan.SharePermitValue
            && permits.All(p => (Address)p[0]! == op.Account && (BigInteger)p[1]! == plan.Deadline);
    }

    /// <summary>
    /// Current: leverage <c>(market, ratio, marketPermit, assetPermit)</c>, the deposit being <c>assetPermit.value</c>; deleverage
    /// <c>(market, withdraw, ratio, p)</c>. Permits are <c>(account, value, deadline, v, r, s)</c>; each value must be the signed one.
    /// </summary>
    private static bool MatchesCurrent(object?[] args, SigningPlan plan, BigInteger amount)
    {
        var op = plan.Operation;
        bool Permit(object? tuple, BigInteger value) =>
            tuple is object?[] p && (Address)p[0]! == op.Account && (BigInteger)p[1]! == value && (BigInteger)p[2]! == plan.Deadline;
        return (Address)args[0]! == op.Market.Market && op.Kind switch
        {
            OperationKind.Leverage => (BigInteger)args[1]! == op.Ratio && Permit(args[2], plan.SharePermitValue) && Permit(args[3], amount),
            _ => (BigInteger)args[1]! == amount && (BigInteger)args[2]! == op.Ratio && Permit(args[3], plan.SharePermitValue),
        };
    }

    private string? CheckPermit(PermitToSign permit, SigningPlan plan)
    {
        var op = plan.Operation;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var domain = permit.TypedData.Domain;
        if (domain.ChainId != deployment.ChainId)
        {
            return $"the permit is for chain {domain.ChainId}, not the configured chain {deployment.ChainId}";
        }

        if (permit.Spender != deployment.DebtManager)
        {
            return $"the spender {permit.Spender} is not the configured DebtManager {deployment.DebtManager}";
        }

        if (permit.Owner != op.Account)
        {
            return $"the permit's owner {permit.Owner} is not the acting account {op.Account}";
        }

        if (permit.Deadline != plan.Deadline || permit.Deadline <= now || permit.Deadline > now + (long)MaxDeadline.TotalSeconds)
        {
            return "the deadline must be in the future and at most 30 minutes away";
        }

        var (token, value, verifying) = permit.Role switch
        {
            PermitRole.MarketShares => (op.SharesMarket.Market, plan.SharePermitValue, plan.MarketImplementation),
            PermitRole.Asset => (op.Market.Asset, op.Amount, op.Market.Asset),
            _ => (op.Market.Asset, op.Amount, plan.Permit2 ?? Address.Zero),
        };
        if (!op.Deposits && permit.Role != PermitRole.MarketShares)
        {
            return "a deleverage only needs the Market share permit";
        }

        if (permit.Token != token || domain.VerifyingContract != verifying || permit.Value != value || value.Sign <= 0)
        {
            return $"the {permit.Role} permit must be for {value} on {token}, verified by {verifying}";
        }

        if (permit.Role == PermitRole.MarketShares && (domain.Name != string.Empty || domain.Version != "1"))
        {
            return "the share permit domain must be name \"\", version \"1\"";
        }

        return SaysWhatItIs(permit) ? null : "the typed data does not say what the permit record says";
    }

    private static bool SaysWhatItIs(PermitToSign permit)
    {
        var m = permit.TypedData.Message;
        if (permit.Role == PermitRole.AssetPermit2)
        {
            var permitted = (IReadOnlyDictionary<string, object?>)m["permitted"]!;
            return permit.TypedData.PrimaryType == Permit2TransferFrom.PrimaryType
                && Equals(permitted["token"], permit.Token) && Equals(permitted["amount"], permit.Value)
                && Equals(m["spender"], permit.Spender) && Equals(m["deadline"], permit.Deadline)
                && Equals(m["nonce"], Permit2Permits.Nonce(permit.Owner, permit.Token, permit.Value, permit.Deadline));
        }

        return permit.TypedData.PrimaryType == Eip2612Permit.PrimaryType
            && Equals(m["owner"], permit.Owner) && Equals(m["spender"], permit.Spender)
            && Equals(m["value"], permit.Value) && Equals(m["deadline"], permit.Deadline);
    }

    private static Outcome<SigningPlan> Fail(string problem) => Outcome<SigningPlan>.Fail($"Refused before signing: {problem}.");
}
