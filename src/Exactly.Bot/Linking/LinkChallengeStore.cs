using System.Security.Cryptography;
using Dapper;
using Exactly.Bot.Alerts;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Hosting;
using Exactly.Bot.Storage;
using Microsoft.Data.Sqlite;

namespace Exactly.Bot.Linking;

/// <summary>A <c>/link</c> challenge: whose it is, where to tell them, and for how long it may be used (once).</summary>
/// <param name="Id">128 random bits as 32 lowercase hex digits: the page's path segment and the Sign-In with Ethereum nonce.</param>
/// <param name="Owner">The chat user the wallet will be linked to.</param>
/// <param name="ChatId">The user's private chat, where the outcome is posted.</param>
/// <param name="Label">The label the user asked for, or null for the default (<c>wallet1</c>…).</param>
/// <param name="ExpiresAt">After this the challenge is void (creation + <see cref="LinkChallengeStore.Lifetime"/>).</param>
/// <param name="UsedAt">When a wallet was linked with it, or null while unused.</param>
public sealed record LinkChallenge(string Id, WalletOwner Owner, string ChatId, string? Label, DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt);

/// <summary>What completing a challenge came to.</summary>
public enum LinkOutcome
{
    /// <summary>The wallet is linked (newly watched, or an already watched one now marked linked).</summary>
    Linked,

    /// <summary>The challenge is unknown, replaced by a newer <c>/link</c>, used, or expired: nothing was stored.</summary>
    Spent,

    /// <summary>The user watches the most wallets already: nothing was stored and the challenge stays unused.</summary>
    LimitReached,
}

/// <summary>
/// The <c>/link</c> challenges in the bot's SQLite file: created by the chat command, consumed once by the link page together
/// with the linked wallet (one transaction), so a nonce can never link twice, also across restarts.
/// </summary>
public sealed class LinkChallengeStore(Database database, UnitOfWork unitOfWork, TimeProvider time)
{
    /// <summary>How long a challenge (and the message signed with it) is valid: 5 minutes.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>Creates a challenge for <paramref name="owner"/>; their older challenges are deleted (a new link replaces the old).</summary>
    public async Task<LinkChallenge> CreateAsync(WalletOwner owner, string chatId, string? label, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var challenge = new LinkChallenge(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), owner, chatId, label, time.GetUtcNow() + Lifetime, null);
        await using var connection = database.Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM link_challenges WHERE transport = @Transport AND user_id = @UserId;
            INSERT INTO link_challenges (id, transport, user_id, chat_id, label, created_at, expires_at)
            VALUES (@Id, @Transport, @UserId, @chatId, @label, @created, @expires);
            """,
            new { challenge.Id, owner.Transport, owner.UserId, chatId, label, created = time.GetUtcNow().ToUnixTimeMilliseconds(), expires = challenge.ExpiresAt.ToUnixTimeMilliseconds() },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return challenge;
    }

    /// <summary>The challenge with this id, or null.</summary>
    public async Task<LinkChallenge?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        var row = await connection.QueryFirstOrDefaultAsync<(string Id, string Transport, string UserId, string ChatId, string? Label, long ExpiresAt, long? UsedAt)?>(new CommandDefinition(
            "SELECT id, transport, user_id, chat_id, label, expires_at, used_at FROM link_challenges WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row is { } r
            ? new LinkChallenge(r.Id, new WalletOwner(r.Transport, r.UserId), r.ChatId, r.Label, DateTimeOffset.FromUnixTimeMilliseconds(r.ExpiresAt),
                r.UsedAt is { } used ? DateTimeOffset.FromUnixTimeMilliseconds(used) : null)
            : null;
    }

    /// <summary>
    /// Uses the challenge (only if it is still unused and unexpired now), links <paramref name="address"/> to its owner and
    /// queues <paramref name="notice"/>'s outbox rows for the owner's transport, in ONE transaction (<see cref="UnitOfWork"/>):
    /// the link and the "wallet linked" message exist together or not at all, so a crash or a failed write in between can
    /// neither link silently nor tell about a link that was rolled back. A label the user already uses falls back to the
    /// default label. A refusal writes nothing: the checks come before the first write.
    /// </summary>
    /// <param name="challenge">The challenge the page signed.</param>
    /// <param name="address">The proven account.</param>
    /// <param name="notice">The message rows for the linked wallet (empty for a transport that prints after the commit, the console).</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">A write failed: nothing was stored, the challenge stays unused.</exception>
    public Task<(LinkOutcome Outcome, WatchedWallet? Wallet)> CompleteAsync(
        LinkChallenge challenge, Address address, Func<WatchedWallet, IReadOnlyList<OutboxMessage>> notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(notice);
        return unitOfWork.RunAsync<(LinkOutcome, WatchedWallet?)>(tx =>
        {
            var (connection, transaction, now) = (tx.Connection, tx.Transaction, tx.NowMs);
            var usable = connection.ExecuteScalar<long>(
                "SELECT COUNT(*) FROM link_challenges WHERE id = @Id AND used_at IS NULL AND expires_at > @now", new { now, challenge.Id }, transaction);
            if (usable != 1)
            {
                return (LinkOutcome.Spent, null);
            }

            var (outcome, wallet) = WatchStore.Watch(connection, transaction, challenge.Owner, address, challenge.Label, linked: true, now);
            if (outcome == WatchOutcome.LabelTaken)
            {
                (outcome, wallet) = WatchStore.Watch(connection, transaction, challenge.Owner, address, null, linked: true, now);
            }

            if (outcome == WatchOutcome.LimitReached)
            {
                // Nothing written yet: the nonce stays unused, and the same link works once the user has made room.
                return (LinkOutcome.LimitReached, null);
            }

            connection.Execute(
                "UPDATE link_challenges SET used_at = @now, address = @address WHERE id = @Id",
                new { now, address = address.ToString(), challenge.Id }, transaction);
            tx.Enqueue(challenge.Owner.Transport, notice(wallet!), $"link:{challenge.Id}");
            return (LinkOutcome.Linked, wallet);
        }, cancellationToken);
    }
}
