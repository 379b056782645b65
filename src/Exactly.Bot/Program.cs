using Exactly.Bot;

using var shutdown = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    shutdown.Cancel();
};

return await BotApplication.RunAsync(args, Console.Out, Console.Error, shutdown.Token);
