using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Eip712;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Protocol.Permits;

/// <summary>
/// <see cref="PermitGuard"/>'s Permit2-only rules, on top of those every permit meets (chain, spender = DebtManager, owner,
/// deadline ≤ 30 min, token = the market's asset, amount = the deposit, nonce = the derived one): a Permit2 permit only with
/// the plan's checked <c>DebtManager.permit2()</c>, which must be the configured Permit2, only for a leverage, in the domain <c>{name "Permit2", chainId, permit2}</c>
/// (no version), and the approval step, if any, is exactly <c>asset.approve(Permit2, deposit)</c> from the account with no ETH.
/// Pure.
/// </summary>
internal static class Permit2Rules
{
    /// <summary>The first Permit2 rule <paramref name="plan"/> breaks, or null. <paramref name="configured"/> is the deployment's Permit2.</summary>
    public static string? Check(SigningPlan plan, Address? configured)
    {
        var op = plan.Operation;
        var permit2Permits = plan.Permits.Where(p => p.Role == PermitRole.AssetPermit2).ToList();
        if (plan.Permit2 is not { } permit2)
        {
            return permit2Permits.Count == 0 && plan.Permit2Approval is null
                ? null
                : "a Permit2 permit needs the Permit2 read from the DebtManager and checked against its DOMAIN_SEPARATOR()";
        }

        if (permit2 != configured)
        {
            return $"the plan's Permit2 {permit2} is not the configured Permit2 {(configured?.ToString() ?? "(none)")}";
        }

        if (op.Kind != OperationKind.Leverage || permit2Permits.Count != 1 || plan.Permits.Any(p => p.Role == PermitRole.Asset))
        {
            return "a Permit2 plan is a leverage with exactly one Permit2 asset permit";
        }

        var domain = permit2Permits[0].TypedData.Domain;
        if (domain.Name != "Permit2" || domain.Version is not null || domain.VerifyingContract != permit2 || domain.Salt is not null)
        {
            return $"the Permit2 permit's domain must be {{name \"Permit2\", chainId, {permit2}}}";
        }

        if (plan.Permit2Approval is { } approval
            && (approval.To != op.Market.Asset || approval.From != op.Account || approval.Value is { IsZero: false }
                || !(approval.Data ?? []).AsSpan().SequenceEqual(Erc20Abi.Approve.Encode(permit2, op.Amount))))
        {
            return $"the only approval this bot asks for is {op.Market.Symbol}.approve(Permit2 {permit2}, exactly the deposit {op.Amount})";
        }

        return null;
    }
}
