using FraudActors.Ml.Data;
using FraudActors.Ml.Features;

namespace FraudActors.Ml.Training;

/// <summary>
/// Time-ordered labelled transactions with their 15 features computed in one streaming pass: the input of training
/// and evaluation on the handbook protocol.
/// </summary>
public sealed class LabelledDataset
{
    private LabelledDataset(Transaction[] transactions, FeatureMatrix features, string source)
    {
        Transactions = transactions;
        Features = features;
        Source = source;
    }

    /// <summary>The transactions, sorted by time.</summary>
    public IReadOnlyList<Transaction> Transactions { get; }

    /// <summary>One feature row per transaction, same order.</summary>
    public FeatureMatrix Features { get; }

    /// <summary>Where the data came from (for manifests).</summary>
    public string Source { get; }

    /// <summary>Computes features for transactions already in memory.</summary>
    /// <exception cref="ArgumentException">The transactions are not sorted by time (the message names the first offender).</exception>
    public static LabelledDataset From(Transaction[] transactions, string source, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        return new LabelledDataset(transactions, BatchFeatureBuilder.Build(transactions, progress, cancellationToken), source);
    }

    /// <summary>Reads a transaction CSV and computes its features.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TransactionCsvException">A row is malformed (the message names the line).</exception>
    public static async Task<LabelledDataset> LoadAsync(string csvPath, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var transactions = await TransactionCsv.ReadAllAsync(csvPath, cancellationToken).ConfigureAwait(false);
        if (transactions.Length == 0)
        {
            throw new InvalidDataException($"{csvPath} holds no transactions.");
        }

        return From(transactions, Path.GetFullPath(csvPath), progress, cancellationToken);
    }
}
