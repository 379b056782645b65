namespace Exactly.Bot.Hosting;

/// <summary>
/// The transport edge's DI scope: one per inbound event (a polled Telegram update, a resumed Discord job, a console line),
/// so the scoped handler and everything it uses (the chat bot, the command table) live exactly as long as that event.
/// HTTP endpoints need none of this: ASP.NET Core already gives each request its scope.
/// </summary>
public sealed class EventScopes(IServiceScopeFactory scopes)
{
    /// <summary>Resolves <typeparamref name="THandler"/> in a new scope, runs <paramref name="handle"/> with it, then ends the scope.</summary>
    public async Task<TResult> RunAsync<THandler, TResult>(Func<THandler, Task<TResult>> handle)
        where THandler : notnull
    {
        ArgumentNullException.ThrowIfNull(handle);
        await using var scope = scopes.CreateAsyncScope();
        return await handle(scope.ServiceProvider.GetRequiredService<THandler>());
    }
}
