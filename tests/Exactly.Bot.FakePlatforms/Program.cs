using Exactly.Bot.FakePlatforms;

// scripts/crash-test.sh and scripts/burst.sh run the harnesses through this program.
return args.FirstOrDefault() switch
{
    "crash" => await CrashHarness.MainAsync(args[1..]),
    "burst" => await BurstHarness.MainAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    System.Console.Error.WriteLine("usage: Exactly.Bot.FakePlatforms crash --bot <Exactly.Bot.dll> [--runs 200] | burst [--messages 10000] [--chats 2000]");
    return 2;
}
