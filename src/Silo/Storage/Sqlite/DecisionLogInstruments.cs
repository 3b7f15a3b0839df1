using System.Diagnostics.Metrics;

namespace FraudActors.Silo.Storage.Sqlite;

/// <summary>
/// Metrics of the decision log (meter <c>FraudActors.DecisionLog</c>): how many appends share each commit, what a
/// commit costs, and what the appends did.
/// </summary>
internal sealed class DecisionLogInstruments
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "FraudActors.DecisionLog";

    /// <summary>Name of the batch size histogram.</summary>
    public const string BatchSizeName = "fraudactors.decision_log.batch.size";

    /// <summary>Name of the commit duration histogram.</summary>
    public const string CommitDurationName = "fraudactors.decision_log.commit.duration";

    /// <summary>Name of the appended counter.</summary>
    public const string AppendedName = "fraudactors.decision_log.appended";

    /// <summary>Name of the duplicates counter.</summary>
    public const string DuplicatesName = "fraudactors.decision_log.duplicates";

    /// <summary>Name of the failed appends counter.</summary>
    public const string FailedName = "fraudactors.decision_log.failed";

    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _appended;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _failed;

    public DecisionLogInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _batchSize = meter.CreateHistogram<int>(BatchSizeName, unit: "{append}",
            description: "Appends written in one transaction (sharing one disk flush).",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096] });
        _commitDuration = meter.CreateHistogram<double>(CommitDurationName, unit: "s",
            description: "Time to write and commit one batch, from BEGIN to the end of COMMIT's flush.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1, 5] });
        _appended = meter.CreateCounter<long>(AppendedName, unit: "{decision}", description: "Decisions made durable.");
        _duplicates = meter.CreateCounter<long>(DuplicatesName, unit: "{decision}", description: "Appends refused because the transaction id was already logged.");
        _failed = meter.CreateCounter<long>(FailedName, unit: "{decision}", description: "Appends failed because their batch could not be committed.");
    }

    public void BatchCommitted(int size, TimeSpan duration, int appended, int duplicates)
    {
        _batchSize.Record(size);
        _commitDuration.Record(duration.TotalSeconds);
        _appended.Add(appended);
        if (duplicates > 0)
        {
            _duplicates.Add(duplicates);
        }
    }

    public void BatchFailed(int size) => _failed.Add(size);
}
