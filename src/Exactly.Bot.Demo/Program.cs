using Exactly.Bot.Demo;

using var shutdown = new CancellationTokenSource();
System.Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    shutdown.Cancel();
};

return await DemoApplication.RunAsync(args, System.Console.In, System.Console.Out, shutdown.Token);
