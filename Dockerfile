# Exactly Bot, 'run' mode: the configured chain (Chain__RpcUrls__0 etc.), the signing page, the transports.
# Build: docker build -t exactly-bot .   Run: docker run -e Chain__RpcUrls__0=https://… -p 8080:8080 -v bot-data:/data exactly-bot

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so the layer is cached until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig ./
COPY src/Exactly.Bot.Ethereum/Exactly.Bot.Ethereum.csproj src/Exactly.Bot.Ethereum/
COPY src/Exactly.Bot.Protocol/Exactly.Bot.Protocol.csproj src/Exactly.Bot.Protocol/
COPY src/Exactly.Bot/Exactly.Bot.csproj src/Exactly.Bot/
RUN dotnet restore src/Exactly.Bot/Exactly.Bot.csproj
# Only the production projects: the devnet (anvil installer) and the demo are not part of the image.
COPY src/Exactly.Bot.Ethereum/ src/Exactly.Bot.Ethereum/
COPY src/Exactly.Bot.Protocol/ src/Exactly.Bot.Protocol/
COPY src/Exactly.Bot/ src/Exactly.Bot/
COPY appsettings.json ./
RUN dotnet publish src/Exactly.Bot/Exactly.Bot.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The SQLite file lives on a volume owned by the image's non-root 'app' user.
RUN mkdir -p /data && chown app:app /data
USER app
# Unprefixed so it overrides appsettings.json (ASPNETCORE_URLS would lose to the file's loopback Urls).
ENV Urls=http://+:8080 \
    Storage__Path=/data/exactly-bot.db \
    DOTNET_gcServer=0
VOLUME ["/data"]
# Orchestrators probe GET /healthz on this port.
EXPOSE 8080
ENTRYPOINT ["dotnet", "Exactly.Bot.dll", "run"]
