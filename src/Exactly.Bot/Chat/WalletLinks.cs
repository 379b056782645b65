using QRCoder;

namespace Exactly.Bot.Chat;

/// <summary>
/// The ways into the signing page (PLATFORMS.md, "Wallet hand-off"): the plain HTTPS URL, one-tap links that open it inside
/// MetaMask, Coinbase Wallet and Trust Wallet, and a QR code for a desktop chat and a phone wallet. Chat renders them as reply
/// buttons and an image; the page's URL comes from Signing's <see cref="Signing.SigningLinks"/>.
/// </summary>
public static class WalletLinks
{
    /// <summary>The links, plain URL first (it always works; deep links sometimes open an app store instead).</summary>
    public static IReadOnlyList<ReplyLink> For(Uri pageUrl)
    {
        ArgumentNullException.ThrowIfNull(pageUrl);
        var url = pageUrl.AbsoluteUri;
        var encoded = Uri.EscapeDataString(url);
        var hostAndPath = url[(pageUrl.Scheme.Length + 3)..];
        return
        [
            new ReplyLink("Review and sign", pageUrl),
            new ReplyLink("Open in MetaMask", new Uri($"https://link.metamask.io/dapp/{hostAndPath}")),
            new ReplyLink("Open in Coinbase Wallet", new Uri($"https://go.cb-w.com/dapp?cb_url={encoded}")),
            new ReplyLink("Open in Trust Wallet", new Uri($"https://link.trustwallet.com/open_url?coin_id=60&url={encoded}")),
        ];
    }

    /// <summary>A PNG QR code of the page URL (error correction M, 8 px modules).</summary>
    public static ReplyImage QrCode(Uri pageUrl)
    {
        ArgumentNullException.ThrowIfNull(pageUrl);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(pageUrl.AbsoluteUri, QRCodeGenerator.ECCLevel.M);
        using var png = new PngByteQRCode(data);
        return new ReplyImage("sign.png", "image/png", png.GetGraphic(8), "QR code of the signing link: scan it with your phone's wallet.");
    }
}
