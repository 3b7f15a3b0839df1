using System.Diagnostics.Metrics;

namespace FraudActors.Silo.Storage.Journal;

/// <summary>
/// Metrics of the decision log (meter <c>FraudActors.DecisionLog</c>): how many appends share each journal flush and
/// what it costs, what the appends did, how far the indexer lags behind the journal and what its commits cost.
/// </summary>
internal sealed class DecisionLogInstruments
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "FraudActors.DecisionLog";

    /// <summary>Appends taken in one journal batch (histogram).</summary>
    public const string BatchSizeName = "fraudactors.decision_log.batch.size";

    /// <summary>Time of one batch's write and fdatasync (histogram, seconds).</summary>
    public const string FlushDurationName = "fraudactors.decision_log.journal.flush.duration";

    /// <summary>Bytes written to the journal (counter).</summary>
    public const string JournalBytesName = "fraudactors.decision_log.journal.bytes";

    /// <summary>Decisions made durable (counter).</summary>
    public const string AppendedName = "fraudactors.decision_log.appended";

    /// <summary>Appends refused as duplicates (counter).</summary>
    public const string DuplicatesName = "fraudactors.decision_log.duplicates";

    /// <summary>Appends failed by a journal write failure (counter).</summary>
    public const string FailedName = "fraudactors.decision_log.failed";

    /// <summary>Decisions durable in the journal, not yet in SQLite: the index lag (gauge).</summary>
    public const string TailSizeName = "fraudactors.decision_log.tail.size";

    /// <summary>Rows per indexer transaction (histogram).</summary>
    public const string IndexBatchSizeName = "fraudactors.decision_log.index.batch.size";

    /// <summary>Time of one indexer transaction, inserts and commit (histogram, seconds).</summary>
    public const string IndexDurationName = "fraudactors.decision_log.index.batch.duration";

    /// <summary>Indexer transactions that failed and will be retried (counter).</summary>
    public const string IndexFailuresName = "fraudactors.decision_log.index.failures";

    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _flushDuration;
    private readonly Counter<long> _journalBytes;
    private readonly Counter<long> _appended;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _failed;
    private readonly Histogram<int> _indexBatchSize;
    private readonly Histogram<double> _indexDuration;
    private readonly Counter<long> _indexFailures;

    public DecisionLogInstruments(IMeterFactory meterFactory, Func<int> tailSize)
    {
        var meter = meterFactory.Create(MeterName);
        _batchSize = meter.CreateHistogram<int>(BatchSizeName, unit: "{append}",
            description: "Appends taken in one journal batch (sharing one write and one fdatasync).",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096] });
        _flushDuration = meter.CreateHistogram<double>(FlushDurationName, unit: "s",
            description: "Time to write one batch to the journal and fdatasync it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.5] });
        _journalBytes = meter.CreateCounter<long>(JournalBytesName, unit: "By", description: "Bytes written to the journal.");
        _appended = meter.CreateCounter<long>(AppendedName, unit: "{decision}", description: "Decisions made durable.");
        _duplicates = meter.CreateCounter<long>(DuplicatesName, unit: "{decision}", description: "Appends refused because the transaction id was already logged.");
        _failed = meter.CreateCounter<long>(FailedName, unit: "{decision}", description: "Appends failed because the journal could not be written.");
        meter.CreateObservableGauge(TailSizeName, tailSize, unit: "{decision}",
            description: "Decisions durable in the journal and not yet indexed in SQLite (held in memory): the index lag.");
        _indexBatchSize = meter.CreateHistogram<int>(IndexBatchSizeName, unit: "{decision}",
            description: "Decisions committed to SQLite in one indexer transaction.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 10, 100, 1000, 5000, 10_000, 20_000, 50_000] });
        _indexDuration = meter.CreateHistogram<double>(IndexDurationName, unit: "s",
            description: "Time of one indexer transaction, from BEGIN to the end of COMMIT's flush.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.004, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1, 2, 5] });
        _indexFailures = meter.CreateCounter<long>(IndexFailuresName, unit: "{transaction}", description: "Indexer transactions that failed (retried).");
    }

    /// <param name="taken">Appends in the batch.</param>
    /// <param name="appended">Those written (the rest were duplicates).</param>
    /// <param name="bytes">Bytes written.</param>
    /// <param name="flush">Write and fdatasync time; null when nothing was written.</param>
    public void BatchWritten(int taken, int appended, int bytes, TimeSpan? flush)
    {
        _batchSize.Record(taken);
        if (flush is { } duration)
        {
            _flushDuration.Record(duration.TotalSeconds);
            _journalBytes.Add(bytes);
        }

        _appended.Add(appended);
        if (taken > appended)
        {
            _duplicates.Add(taken - appended);
        }
    }

    public void AppendsFailed(int count)
    {
        if (count > 0)
        {
            _failed.Add(count);
        }
    }

    public void BatchIndexed(int rows, TimeSpan duration)
    {
        _indexBatchSize.Record(rows);
        _indexDuration.Record(duration.TotalSeconds);
    }

    public void IndexBatchFailed() => _indexFailures.Add(1);
}
