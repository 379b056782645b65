using System.Numerics;
using Exactly.Bot.Ethereum;
using Exactly.Bot.Ethereum.Abi;
using Exactly.Bot.Ethereum.Rpc;

namespace Exactly.Bot.Devnet;

/// <summary>Sends transactions from anvil's unlocked dev accounts and insists on success.</summary>
sealed class DevnetSender(JsonRpcClient rpc)
{
    /// <summary>
    /// Sends and returns the mined receipt. Without an explicit gas limit the transaction is estimated first (a revert
    /// surfaces there as <see cref="RevertException"/> with its data) and sent with 50 % headroom: anvil estimates at one
    /// timestamp and mines at a later one, and code that does more work when time has passed (interest accrual, Uniswap's
    /// oracle observation) then runs out of an exact estimate — seen under load as reverted deployments.
    /// </summary>
    public async Task<TransactionReceipt> SendAsync(TransactionRequest transaction, CancellationToken cancellationToken)
    {
        if (transaction.Gas is null)
        {
            var estimate = await rpc.EstimateGasAsync(transaction, cancellationToken).ConfigureAwait(false);
            transaction = transaction with { Gas = estimate * 3 / 2 };
        }
        var hash = await rpc.SendTransactionAsync(transaction, cancellationToken).ConfigureAwait(false);
        var receipt = await rpc.WaitForReceiptAsync(hash, TimeSpan.FromMilliseconds(10), cancellationToken: cancellationToken).ConfigureAwait(false);
        return receipt.Succeeded
            ? receipt
            : throw new InvalidOperationException($"Transaction {hash} from {transaction.From} to {transaction.To} reverted ({receipt.GasUsed} of {transaction.Gas} gas used).");
    }

    /// <summary>Calls <paramref name="function"/> on <paramref name="to"/> from <paramref name="from"/>.</summary>
    public Task<TransactionReceipt> SendAsync(Address from, Address to, AbiFunction function, object?[] arguments, CancellationToken cancellationToken) =>
        SendAsync(new TransactionRequest(to, function.Encode(arguments), from), cancellationToken);

    /// <summary>Deploys creation code and returns the new contract's address.</summary>
    public async Task<Address> DeployAsync(Address from, byte[] creationCode, CancellationToken cancellationToken)
    {
        var receipt = await SendAsync(new TransactionRequest(null, creationCode, from), cancellationToken).ConfigureAwait(false);
        return receipt.ContractAddress ?? throw new InvalidOperationException($"Deployment {receipt.TransactionHash} created no contract.");
    }

    /// <summary>Reads a view function.</summary>
    public Task<object?[]> CallAsync(Address contract, AbiFunction function, object?[] arguments, CancellationToken cancellationToken) =>
        rpc.CallAsync(contract, function, arguments, cancellationToken: cancellationToken);

    /// <summary>Mints <paramref name="amount"/> (smallest units) of a devnet MockERC20 to <paramref name="to"/>; anyone may mint.</summary>
    public Task<TransactionReceipt> MintAsync(Address from, Address token, Address to, BigInteger amount, CancellationToken cancellationToken) =>
        SendAsync(from, token, DevnetAbi.Mint, [to, amount], cancellationToken);
}
