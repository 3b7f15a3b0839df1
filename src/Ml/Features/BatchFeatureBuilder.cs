using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FraudActors.Ml.Data;

namespace FraudActors.Ml.Features;

/// <summary>
/// The offline twin of the grains: computes the 15 features of every transaction in one streaming pass over a
/// time-sorted sequence, with the same <see cref="CustomerWindows"/> and <see cref="TerminalWindows"/> the grains use
/// (labels known at insertion, as in the handbook), so training features equal online ones transaction for transaction.
/// </summary>
/// <remarks>
/// Customer and terminal ids index dense arrays: they must be 0 to 16,777,215, and memory grows with the largest id.
/// Transactions with an equal time are taken in input order (the handbook's transaction order).
/// </remarks>
public static class BatchFeatureBuilder
{
    private const int ReportEvery = 1 << 16;
    private static readonly int MaxRows = Array.MaxLength / FeatureSchema.Count;

    /// <summary>Computes the features of time-sorted transactions.</summary>
    /// <param name="transactions">Transactions sorted by time (non-decreasing <see cref="Transaction.UnixSeconds"/>).</param>
    /// <param name="progress">Receives the number of transactions done, every 65,536 and at the end.</param>
    /// <param name="cancellationToken">Checked every 65,536 transactions.</param>
    /// <returns>One row per transaction, in input order.</returns>
    /// <exception cref="ArgumentException">
    /// A transaction is out of time order (the message names the first one), or has a time, amount or id out of range.
    /// </exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    [OverloadResolutionPriority(1)]
    public static FeatureMatrix Build(
        ReadOnlySpan<Transaction> transactions, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var values = AllocateRows(transactions.Length);
        var stream = new FeatureStream();
        for (int i = 0; i < transactions.Length; i++)
        {
            if ((i & (ReportEvery - 1)) == 0 && i > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(i);
            }

            stream.Write(transactions[i], values.AsSpan(i * FeatureSchema.Count, FeatureSchema.Count));
        }

        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(transactions.Length);
        return new FeatureMatrix(values);
    }

    /// <summary>Computes the features of time-sorted transactions read as a stream.</summary>
    /// <param name="transactions">Transactions sorted by time (non-decreasing <see cref="Transaction.UnixSeconds"/>).</param>
    /// <param name="progress">Receives the number of transactions done, every 65,536 and at the end.</param>
    /// <param name="cancellationToken">Checked every 65,536 transactions.</param>
    /// <returns>One row per transaction, in input order.</returns>
    /// <exception cref="ArgumentException">
    /// A transaction is out of time order (the message names the first one), or has a time, amount or id out of range.
    /// </exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static FeatureMatrix Build(
        IEnumerable<Transaction> transactions, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        switch (transactions)
        {
            case Transaction[] array:
                return Build(new ReadOnlySpan<Transaction>(array), progress, cancellationToken);
            case List<Transaction> list:
                return Build((ReadOnlySpan<Transaction>)CollectionsMarshal.AsSpan(list), progress, cancellationToken);
        }

        var values = AllocateRows(transactions.TryGetNonEnumeratedCount(out int known) ? known : ReportEvery);
        var stream = new FeatureStream();
        int rows = 0;
        foreach (var transaction in transactions)
        {
            if ((rows & (ReportEvery - 1)) == 0 && rows > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(rows);
            }

            if ((rows + 1) * (long)FeatureSchema.Count > values.Length)
            {
                var larger = AllocateRows((int)Math.Min(MaxRows + 1L, Math.Max(rows * 2L, ReportEvery)));
                values.AsSpan(0, rows * FeatureSchema.Count).CopyTo(larger);
                values = larger;
            }

            stream.Write(transaction, values.AsSpan(rows * FeatureSchema.Count, FeatureSchema.Count));
            rows++;
        }

        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(rows);
        if (values.Length != rows * FeatureSchema.Count)
        {
            Array.Resize(ref values, rows * FeatureSchema.Count);
        }

        return new FeatureMatrix(values);
    }

    private static double[] AllocateRows(int rows)
    {
        if (rows > MaxRows)
        {
            throw new ArgumentException($"More than {MaxRows} transactions: one feature matrix cannot hold them.");
        }

        // Every value is written before it is read.
        return GC.AllocateUninitializedArray<double>(rows * FeatureSchema.Count);
    }
}
