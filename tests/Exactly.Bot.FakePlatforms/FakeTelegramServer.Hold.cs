using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Exactly.Bot.FakePlatforms;

/// <summary>Where a held sendMessage waits: before Telegram took it, or after it took it and before its answer leaves.</summary>
public enum HoldStage
{
    /// <summary>
    /// The request is still on its way: if the bot dies now, Telegram never got it (nothing is delivered). Models a request
    /// stuck in the network, the only way a request the bot sent can be lost without Telegram acting on it.
    /// </summary>
    BeforeAccept,

    /// <summary>Telegram accepted the message (the chat shows it) and its answer has not left: the bot cannot know it was sent.</summary>
    AfterAccept,
}

/// <summary>One held sendMessage (<see cref="FakeTelegramServer.Hold"/>): the first request whose visible text matches.</summary>
public sealed class SendHold(Func<string, bool> match, HoldStage stage)
{
    private readonly TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int taken;
    private volatile bool abandoned;

    /// <summary>Where the request waits.</summary>
    public HoldStage Stage => stage;

    /// <summary>Completes when the matching request reached the hold (for <see cref="HoldStage.AfterAccept"/>: accepted).</summary>
    public Task Arrived => arrived.Task;

    /// <summary>True when the held request's connection closed before it was released (the bot died holding it).</summary>
    public bool Abandoned => abandoned;

    /// <summary>Lets the held request go on (or, if none arrived yet, lets the matching one through unheld).</summary>
    public void Release() => released.TrySetResult();

    /// <summary>True for the first request that matches (each hold takes one request; later ones pass).</summary>
    internal bool Takes(string visible) => match(visible) && Interlocked.CompareExchange(ref taken, 1, 0) == 0;

    /// <summary>Waits until released; false when the client went away first.</summary>
    internal async Task<bool> WaitAsync(CancellationToken aborted)
    {
        arrived.TrySetResult();
        try
        {
            await released.Task.WaitAsync(aborted);
            return true;
        }
        catch (OperationCanceledException)
        {
            abandoned = true;
            return false;
        }
    }
}

/// <summary>The test's hold on one sendMessage, so a kill can be placed exactly around Telegram's acceptance.</summary>
public sealed partial class FakeTelegramServer
{
    private readonly List<SendHold> holds = [];

    /// <summary>
    /// Holds the first sendMessage whose visible text matches <paramref name="match"/> at <paramref name="stage"/>, until
    /// <see cref="SendHold.Release"/> or until the client's connection closes. Telegram's rules apply as without a hold.
    /// </summary>
    public SendHold Hold(Func<string, bool> match, HoldStage stage)
    {
        var hold = new SendHold(match, stage);
        lock (gate)
        {
            holds.Add(hold);
        }

        return hold;
    }

    private async Task<IResult> SendMessageAsync(JsonObject body, CancellationToken aborted)
    {
        var chatId = body["chat_id"]?.GetValue<long>() ?? 0;
        if (ValidateText(body, "Bad Request: message is too long", out var visible) is { } invalid)
        {
            return invalid;
        }

        if (TakeHold(visible, HoldStage.BeforeAccept) is { } before && !await before.WaitAsync(aborted))
        {
            return Results.Empty; // the connection is gone: nothing reached Telegram
        }

        var result = Admit(chatId, visible, body["parse_mode"]?.GetValue<string>(), body["reply_markup"], photo: false);
        // A refused request (429, 403) is answered at once and does not take an after-accept hold: that hold is for a message.
        var accepted = result is not IStatusCodeHttpResult { StatusCode: not (null or 200) };
        if (accepted && TakeHold(visible, HoldStage.AfterAccept) is { } after)
        {
            await after.WaitAsync(aborted); // accepted either way; only the answer is lost if the client died
        }

        return result;
    }

    private SendHold? TakeHold(string visible, HoldStage stage)
    {
        lock (gate)
        {
            return holds.FirstOrDefault(h => h.Stage == stage && h.Takes(visible));
        }
    }
}
