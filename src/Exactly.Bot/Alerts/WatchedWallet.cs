using System.Numerics;
using Exactly.Bot.Ethereum;

namespace Exactly.Bot.Alerts;

/// <summary>A chat user as the alerts know them: the transport and the user's id on it (never a group chat).</summary>
/// <param name="Transport"><c>telegram</c>, <c>discord</c> or <c>console</c>.</param>
/// <param name="UserId">The user's id as the transport identifies them.</param>
public sealed record WalletOwner(string Transport, string UserId);

/// <summary>One wallet a chat user watches, with its alert rules.</summary>
/// <param name="Id">Row id.</param>
/// <param name="Owner">Who watches it.</param>
/// <param name="Address">The watched account.</param>
/// <param name="Label">The user's name for it (unique per user); what groups see instead of the address.</param>
/// <param name="LinkedAt">When the user proved ownership with Sign-In with Ethereum (EIP-4361), Unix ms; null when watch-only.</param>
/// <param name="Thresholds">Alert tiers (health factor WAD) and the re-arm margin.</param>
/// <param name="FixTarget">The health factor a fix link aims for, WAD (default 1.5e18).</param>
/// <param name="AlertsOn">False when the user turned this wallet's alerts off (it is still evaluated for <c>/alerts</c>).</param>
/// <param name="CreatedAt">When it was added, Unix ms.</param>
public sealed record WatchedWallet(
    long Id, WalletOwner Owner, Address Address, string Label, long? LinkedAt, AlertThresholds Thresholds, BigInteger FixTarget, bool AlertsOn, long CreatedAt)
{
    /// <summary>The fix target a wallet starts with: health factor 1.5.</summary>
    public static BigInteger DefaultFixTarget { get; } = Units.Wad * 3 / 2;

    /// <summary>True once ownership was proven (a linked wallet is the default account for quotes and <c>/position</c>).</summary>
    public bool Linked => LinkedAt is not null;
}

/// <summary>What <see cref="WatchStore.WatchAsync"/> came to.</summary>
public enum WatchOutcome
{
    /// <summary>A new wallet is watched.</summary>
    Added,

    /// <summary>The user already watches this address (its label is unchanged; a link marks it linked).</summary>
    AlreadyWatched,

    /// <summary>The user already uses this label for another address.</summary>
    LabelTaken,

    /// <summary>The user watches <see cref="WatchStore.MaxWalletsPerUser"/> wallets already.</summary>
    LimitReached,
}
