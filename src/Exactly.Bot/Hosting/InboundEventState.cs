namespace Exactly.Bot.Hosting;

/// <summary>Where an inbound event is; stored in <c>inbound_events.state</c> as the lower-case word.</summary>
public enum InboundEventState
{
    /// <summary>Acknowledged, its effect still to do (a Discord deferred job, a Telegram quote with its placeholder) (<c>accepted</c>).</summary>
    Accepted,

    /// <summary>Its effect committed; final (<c>done</c>).</summary>
    Done,
}

/// <summary>The words <see cref="InboundEventState"/> is stored as.</summary>
public static class InboundEventStateNames
{
    /// <summary>The stored word.</summary>
    public static string ToDb(this InboundEventState state) => state switch
    {
        InboundEventState.Accepted => "accepted",
        InboundEventState.Done => "done",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown inbound event state."),
    };

    /// <summary>The state a stored word names.</summary>
    /// <exception cref="FormatException">The word is not one this code writes (a corrupt row).</exception>
    public static InboundEventState Parse(string stored) => stored switch
    {
        "accepted" => InboundEventState.Accepted,
        "done" => InboundEventState.Done,
        _ => throw new FormatException($"Unknown inbound event state '{stored}'."),
    };
}

/// <summary>An inbound event's dedupe key: the transport and its id there (Telegram <c>update_id</c>, Discord interaction id).</summary>
/// <param name="Transport">The transport name (<c>telegram</c>, <c>discord</c>).</param>
/// <param name="EventId">The platform's id for the event, as text.</param>
public readonly record struct InboundEvent(string Transport, string EventId);
