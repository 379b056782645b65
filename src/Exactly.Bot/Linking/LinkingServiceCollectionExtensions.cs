namespace Exactly.Bot.Linking;

/// <summary>Registers wallet linking (issue 12, <c>/link</c>): its challenges and the page's flow. Map the page with <see cref="LinkPage.MapLinkPage"/>.</summary>
public static class LinkingServiceCollectionExtensions
{
    /// <summary>Adds the challenge store and the flow (needs the database, the signing page's base URL, the chain and an outcome sender).</summary>
    public static IServiceCollection AddLinking(this IServiceCollection services)
    {
        services.AddSingleton<LinkChallengeStore>();
        services.AddSingleton<LinkFlow>();
        return services;
    }
}
