using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Protocol.Contracts;

/// <summary>
/// Detects <see cref="DebtManagerFeatures"/> of the configured DebtManager: follows the EIP-1967 implementation slot of the
/// proxy, reads the implementation's runtime code with <c>eth_getCode</c> and looks for the 4-byte selectors as
/// <c>PUSH4</c> operands of the dispatcher. Detected once, then cached (an upgrade needs a restart to be seen).
/// </summary>
public sealed class DebtManagerProbe(JsonRpcClient rpc, ProtocolDeployment deployment) : IDisposable
{
    /// <summary>EIP-1967 implementation slot: <c>bytes32(uint256(keccak256('eip1967.proxy.implementation')) - 1)</c>.</summary>
    public static readonly BigInteger ImplementationSlot = Hex.ToBigInteger("0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc");

    private static readonly AbiFunction BalancerVaultFunction = AbiFunction.Parse("balancerVault() view returns (address)");
    private static readonly AbiFunction UniswapV3FactoryFunction = AbiFunction.Parse("uniswapV3Factory() view returns (address)");
    private static readonly AbiFunction CrossLeverage = AbiFunction.Parse("crossLeverage(address,address,uint24,uint256,uint256,uint160)");
    private static readonly AbiFunction MaxAllowanceSurplus = AbiFunction.Parse("MAX_ALLOWANCE_SURPLUS() view returns (uint256)");
    private readonly SemaphoreSlim gate = new(1, 1);
    private DebtManagerFeatures? features;
    private byte[] runtime = [];

    /// <summary>The DebtManager's features (cached after the first call).</summary>
    /// <exception cref="RpcException">The node could not answer.</exception>
    public async Task<DebtManagerFeatures> GetAsync(CancellationToken cancellationToken = default)
    {
        if (features is { } known)
        {
            return known;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return features ??= await DetectAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// True when the DebtManager's implementation dispatches <paramref name="function"/>: the check that keeps the bot from
    /// asking anyone to sign for a call the configured contract does not have (e.g. 0.2.15 overloads on a 0.2.16+ proxy).
    /// </summary>
    /// <exception cref="RpcException">The node could not answer.</exception>
    public async Task<bool> OffersAsync(AbiFunction function, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        await GetAsync(cancellationToken).ConfigureAwait(false);
        return HasSelector(runtime, function.Selector.Span);
    }

    /// <summary>True when <paramref name="runtime"/> has <c>PUSH4 selector</c> (0x63 followed by the 4 bytes).</summary>
    public static bool HasSelector(ReadOnlySpan<byte> runtime, ReadOnlySpan<byte> selector)
    {
        Span<byte> needle = stackalloc byte[5];
        needle[0] = 0x63;
        selector.CopyTo(needle[1..]);
        return runtime.IndexOf(needle) >= 0;
    }

    private async Task<DebtManagerFeatures> DetectAsync(CancellationToken cancellationToken)
    {
        var slot = await rpc.GetStorageAtAsync(deployment.DebtManager, ImplementationSlot, cancellationToken: cancellationToken).ConfigureAwait(false);
        var implementation = new BigInteger(slot, isUnsigned: true, isBigEndian: true).IsZero
            ? deployment.DebtManager
            : new Address(slot.AsSpan(slot.Length - 20));
        var code = await rpc.GetCodeAsync(implementation, cancellationToken: cancellationToken).ConfigureAwait(false);
        runtime = code;
        var cross = HasSelector(code, CrossLeverage.Selector.Span);
        var surplus = HasSelector(code, MaxAllowanceSurplus.Selector.Span);
        var vault = (Address)(await rpc.CallAsync(deployment.DebtManager, BalancerVaultFunction, [], cancellationToken: cancellationToken).ConfigureAwait(false))[0]!;
        Address? factory = cross
            ? (Address)(await rpc.CallAsync(deployment.DebtManager, UniswapV3FactoryFunction, [], cancellationToken: cancellationToken).ConfigureAwait(false))[0]!
            : null;
        return new DebtManagerFeatures(cross, surplus, vault, factory);
    }

    /// <inheritdoc />
    public void Dispose() => gate.Dispose();
}
