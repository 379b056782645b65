using Exactly.Bot.Protocol.Transactions;

namespace Exactly.Bot.Signing;

/// <summary>
/// The wallet steps a plan needs before its permits are signed: for a Permit2 deposit whose token allowance to Permit2 is short,
/// <c>asset.approve(Permit2, exactly the deposit)</c> (<see cref="SigningPlan.Permit2Approval"/>, checked by PermitGuard). Like
/// every transaction the bot hands to a wallet it is simulated first and carries the simulator's gas limit; the page sends it
/// and waits for its receipt before asking for signatures, because the DebtManager call is simulated with that allowance in place.
/// </summary>
public static class Permit2Steps
{
    /// <summary>The steps as the page takes them: <c>{kind: "approve", label, tx}</c>, or none; a sentence when the approval would revert.</summary>
    /// <exception cref="Ethereum.Rpc.RpcException">The node failed (not a revert).</exception>
    public static async Task<Protocol.Outcome<IReadOnlyList<object>>> BeforeSigningAsync(SigningPlan plan, TransactionSimulator simulator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(simulator);
        if (plan.Permit2Approval is not { } approval)
        {
            return Protocol.Outcome<IReadOnlyList<object>>.Ok([]);
        }

        var simulated = await simulator.SimulateAsync(approval, cancellationToken).ConfigureAwait(false);
        if (!simulated.IsSuccess)
        {
            return Protocol.Outcome<IReadOnlyList<object>>.Fail($"The approval of Permit2 would fail: {simulated.Error}");
        }

        var market = plan.Operation.Market;
        var label = $"Allow Permit2 ({plan.Permit2}) to move exactly {Ethereum.Units.Format(plan.Operation.Amount, market.Decimals)} {market.Symbol} "
            + $"({market.Symbol} has no permit of its own; approve, not unlimited)";
        return Protocol.Outcome<IReadOnlyList<object>>.Ok([new { kind = "approve", label, tx = (approval with { Gas = simulated.Value }).ToJson() }]);
    }
}
