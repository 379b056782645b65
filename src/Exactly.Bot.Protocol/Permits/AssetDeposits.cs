using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Eip712;
using Exactly.Bot.Ethereum.Rpc;
using Exactly.Bot.Protocol.Contracts;
using Exactly.Bot.Protocol.Markets;

namespace Exactly.Bot.Protocol.Permits;

/// <summary>
/// How a leverage's deposit leaves the wallet. An asset with EIP-2612 (<c>DOMAIN_SEPARATOR()</c> and <c>nonces(owner)</c>) gets
/// an EIP-2612 permit in its verified domain. One without (canonical WETH on Optimism) goes through Permit2: the configured
/// Permit2, only while the DebtManager was built with it (<c>DebtManager.permit2()</c> names the same address), which must have code and whose
/// <c>DOMAIN_SEPARATOR()</c> must equal <c>{name: "Permit2", chainId, verifyingContract: permit2}</c>, plus an explicit
/// <c>approve(Permit2, deposit)</c> wallet step when the token's allowance to Permit2 is below the deposit (never unlimited).
/// </summary>
public static class AssetDeposits
{
    /// <summary><c>DebtManager.permit2()</c> (0.2.15 and current): the Permit2 its <c>permitTransfer</c> modifier calls.</summary>
    public static readonly AbiFunction Permit2 = AbiFunction.Parse("permit2() view returns (address)");

    /// <summary><c>asset.approve(permit2, amount)</c> from <paramref name="account"/>: the exact approval a Permit2 deposit needs, never unlimited.</summary>
    public static TransactionRequest Permit2Approval(Address asset, Address permit2, BigInteger amount, Address account) =>
        new(asset, Erc20Abi.Approve.Encode(permit2, amount), account);

    /// <summary>Plans the deposit permit for <paramref name="amount"/> (asset base units) of <paramref name="market"/>'s asset.</summary>
    /// <param name="rpc">The chain.</param>
    /// <param name="deployment">The configured deployment: DebtManager (spender) and chain id.</param>
    /// <param name="market">A market of the configured Auditor.</param>
    /// <param name="account">The owner of the deposit.</param>
    /// <param name="amount">The deposit, asset base units.</param>
    /// <param name="deadline">The permit's deadline, Unix seconds.</param>
    /// <param name="block">The block to read allowance and nonce at.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The permit (and for Permit2 its address and the approval step, if any), or a sentence saying why nothing can be signed.</returns>
    /// <exception cref="RpcException">The chain could not be read (not a revert).</exception>
    public static async Task<Outcome<AssetDeposit>> PlanAsync(
        JsonRpcClient rpc, ProtocolDeployment deployment, MarketInfo market, Address account, BigInteger amount, BigInteger deadline,
        BlockParameter block, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(market);
        var nonce = await Eip2612NonceAsync(rpc, market.Asset, account, block, cancellationToken).ConfigureAwait(false);
        if (nonce is not null)
        {
            var domain = await PermitDomains.ReadAssetAsync(rpc, market, deployment.ChainId, cancellationToken).ConfigureAwait(false);
            return domain.IsSuccess
                ? Outcome<AssetDeposit>.Ok(new AssetDeposit(
                    PermitToSign.Eip2612(PermitRole.Asset, market.Asset, new Eip2612Permit(account, deployment.DebtManager, amount, nonce.Value, deadline), domain.Value!), null, null))
                : Outcome<AssetDeposit>.Fail(domain.Error!);
        }

        var permit2 = await ReadPermit2Async(rpc, deployment, cancellationToken).ConfigureAwait(false);
        if (!permit2.IsSuccess)
        {
            return Outcome<AssetDeposit>.Fail($"{market.Symbol} has no EIP-2612 permit, so the deposit needs Permit2: {permit2.Error}");
        }

        var allowance = (BigInteger)(await rpc.CallAsync(market.Asset, Erc20Abi.Allowance, [account, permit2.Value], block, cancellationToken: cancellationToken).ConfigureAwait(false))[0]!;
        var approval = allowance >= amount ? null : Permit2Approval(market.Asset, permit2.Value, amount, account);
        var permit = Permit2Permits.ForDebtManager(account, market.Asset, amount, deadline, deployment.DebtManager, deployment.ChainId, permit2.Value);
        return Outcome<AssetDeposit>.Ok(new AssetDeposit(permit, permit2.Value, approval));
    }

    /// <summary>
    /// Reads <c>DebtManager.permit2()</c> and checks that it is the configured Permit2 (<see cref="ProtocolDeployment.Permit2"/>),
    /// that it has code, and that its <c>DOMAIN_SEPARATOR()</c> is Permit2's domain on the configured chain at that address.
    /// </summary>
    /// <returns>The Permit2 address, or a sentence (none configured; another than the configured; no code there; a domain that does not match).</returns>
    /// <exception cref="RpcException">The chain could not be read (not a revert).</exception>
    public static async Task<Outcome<Address>> ReadPermit2Async(JsonRpcClient rpc, ProtocolDeployment deployment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        if (deployment.Permit2 is not { } configured)
        {
            return Outcome<Address>.Fail("no Permit2 is configured (Chain:Permit2); nothing will be signed.");
        }

        // The node's answer alone is not trusted: a lying RPC could name any contract to approve. It must name the configured one.
        var permit2 = (Address)(await rpc.CallAsync(deployment.DebtManager, Permit2, [], cancellationToken: cancellationToken).ConfigureAwait(false))[0]!;
        if (permit2 != configured)
        {
            return Outcome<Address>.Fail($"the DebtManager's permit2() is {permit2}, not the configured Permit2 {configured}; nothing will be signed.");
        }

        if ((await rpc.GetCodeAsync(permit2, cancellationToken: cancellationToken).ConfigureAwait(false)).Length == 0)
        {
            return Outcome<Address>.Fail($"the DebtManager's Permit2 ({permit2}) has no code on chain {deployment.ChainId}; nothing will be signed.");
        }

        byte[] separator;
        try
        {
            separator = (byte[])(await rpc.CallAsync(permit2, PermitAbi.DomainSeparator, [], cancellationToken: cancellationToken).ConfigureAwait(false))[0]!;
        }
        catch (RevertException)
        {
            return Outcome<Address>.Fail($"the DebtManager's Permit2 ({permit2}) has no DOMAIN_SEPARATOR(); it is not Permit2, nothing will be signed.");
        }

        var domain = Permit2TransferFrom.Domain(deployment.ChainId, permit2);
        return PermitDomains.Matches(domain, separator)
            ? Outcome<Address>.Ok(permit2)
            : Outcome<Address>.Fail(
                $"Permit2's DOMAIN_SEPARATOR() at {permit2} ({Hex.Encode(separator)}) is not {{name \"Permit2\", chain {deployment.ChainId}, {permit2}}} ({Hex.Encode(domain.Separator())}); nothing will be signed.");
    }

    /// <summary>The token's EIP-2612 nonce, or null when it has no <c>DOMAIN_SEPARATOR()</c> or no <c>nonces(owner)</c>.</summary>
    private static async Task<BigInteger?> Eip2612NonceAsync(JsonRpcClient rpc, Address token, Address owner, BlockParameter block, CancellationToken cancellationToken)
    {
        try
        {
            await rpc.CallAsync(token, PermitAbi.DomainSeparator, [], block, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (BigInteger)(await rpc.CallAsync(token, PermitAbi.Nonces, [owner], block, cancellationToken: cancellationToken).ConfigureAwait(false))[0]!;
        }
        catch (RevertException)
        {
            return null;
        }
    }
}

/// <summary>The asset side of a leverage plan.</summary>
/// <param name="Permit">What the wallet signs: an EIP-2612 <c>Permit</c> or a Permit2 <c>PermitTransferFrom</c> of exactly the deposit.</param>
/// <param name="Permit2">For Permit2: <c>DebtManager.permit2()</c>, checked (code, domain). Null for EIP-2612.</param>
/// <param name="Approval">
/// For Permit2 when the token's allowance to Permit2 is below the deposit: <c>token.approve(Permit2, deposit)</c> from the account,
/// a wallet step before the DebtManager transaction. Null otherwise.
/// </param>
public sealed record AssetDeposit(PermitToSign Permit, Address? Permit2, TransactionRequest? Approval);
