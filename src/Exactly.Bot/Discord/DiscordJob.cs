namespace Exactly.Bot.Discord;

/// <summary>An acknowledged (deferred) interaction whose reply is still to be produced; stored, so a restart resumes it.</summary>
/// <param name="InteractionId">Dedupe key.</param>
/// <param name="Token">Interaction token (15 minutes).</param>
/// <param name="UserId">Who asked.</param>
/// <param name="Text">The chat line.</param>
/// <param name="Ephemeral">Whether the deferred answer was ephemeral.</param>
public sealed record DiscordJob(string InteractionId, string Token, string UserId, string Text, bool Ephemeral);
