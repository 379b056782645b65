using Dapper;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Alerts;

/// <summary>The monitor's last reading of a wallet, as the commands show it.</summary>
/// <param name="State">The stored tier state (its <see cref="TierState.LastBlock"/> is the block evaluated).</param>
/// <param name="EvaluatedAt">When the monitor stored it (the bot's clock).</param>
public sealed record WalletEvaluation(TierState State, DateTimeOffset EvaluatedAt);

/// <summary>Reads for the chat commands (<c>/wallets</c>, <c>/alerts</c>, the default account): each its own short read.</summary>
public sealed partial class WatchStore
{
    /// <summary>The monitor's last reading of each of the user's wallets that has one, by wallet id.</summary>
    public async Task<IReadOnlyDictionary<long, WalletEvaluation>> EvaluationsAsync(WalletOwner owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await using var connection = database.Open();
        var ids = await connection.QueryAsync<(long Id, long UpdatedAt)>(new CommandDefinition(
            """
            SELECT s.wallet_id, s.updated_at FROM wallet_tier_state s JOIN watched_wallets w ON w.id = s.wallet_id
            WHERE w.transport = @Transport AND w.user_id = @UserId
            """,
            owner, cancellationToken: cancellationToken));
        return ids.ToDictionary(r => r.Id, r => new WalletEvaluation(ReadTierState(connection, null, r.Id), DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAt)));
    }

    /// <summary>Until when the user's alerts are held, or null when they are not.</summary>
    public async Task<DateTimeOffset?> SnoozedUntilAsync(WalletOwner owner, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        cancellationToken.ThrowIfCancellationRequested();
        return SnoozedUntil(connection, null, owner, time.GetUtcNow());
    }

    /// <summary>
    /// The user's default account for quotes and <c>/position</c>: the wallet they linked most recently (proven with
    /// Sign-In with Ethereum), or null. A watch-only wallet never is: anyone may watch any address.
    /// </summary>
    public async Task<Address?> DefaultAccountAsync(WalletOwner owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await using var connection = database.Open();
        var text = await connection.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT address FROM watched_wallets WHERE transport = @Transport AND user_id = @UserId AND linked_at IS NOT NULL ORDER BY linked_at DESC, id DESC LIMIT 1",
            owner, cancellationToken: cancellationToken));
        return text is null ? null : Address.Parse(text);
    }
}
