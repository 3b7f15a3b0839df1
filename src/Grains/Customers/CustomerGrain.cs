using FraudActors.Grains.Decisions;
using FraudActors.Grains.Interfaces;
using FraudActors.Grains.Scoring;
using FraudActors.Ml.Features;
using FraudActors.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FraudActors.Grains.Customers;

/// <summary>
/// One card. Holds its 1/7/30-day windows in memory, scores each transaction with the champion model, and answers
/// only after the decision is in the decision log. The log is also its persistence: on activation the windows are
/// rebuilt from the customer's recent logged transactions, so there is no second write per score.
/// </summary>
internal sealed class CustomerGrain(
    IDecisionLog log,
    ModelCache models,
    TransactionScorer scorer,
    ScoringInstruments instruments,
    IOptions<ScoringOptions> options,
    ILogger<CustomerGrain> logger) : Grain, ICustomerGrain
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(FeatureSchema.WindowDays[^1]);
    private readonly ScoringOptions _options = options.Value;
    private CustomerWindows _windows = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var entries = new List<CustomerWindowEntry>();
        await foreach (var entry in log.ReadCustomerHistoryAsync(GetPrimaryKeyString(), Retention + _options.CustomerAllowedLateness, cancellationToken)
                           .ConfigureAwait(true))
        {
            entries.Add(new CustomerWindowEntry(entry.Timestamp.ToUnixTimeSeconds(), entry.AmountCents, TransactionKey.Of(entry.TransactionId)));
        }

        _windows = CustomerWindows.Import(entries.ToArray(), allowedLateness: _options.CustomerAllowedLateness);
    }

    public async ValueTask<ScoreResult> ScoreAsync(ScoreRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = TransactionKey.Of(request.TransactionId);
        if (_windows.Contains(key) && await FindEarlierAnswerAsync(request).ConfigureAwait(true) is { } replay)
        {
            return replay;
        }

        var serving = models.Current;
        if (serving.Champion is null)
        {
            throw new TransactionRejectedException(RejectionKind.NoModel, string.Empty, "No model is loaded yet; retry shortly.");
        }

        var (decider, shadow) = serving.For(request.CustomerId);
        var customer = AddToWindows(request, key);

        var terminalGrain = GrainFactory.GetGrain<ITerminalGrain>(request.TerminalId);
        TerminalFeatures terminal;
        try
        {
            terminal = await terminalGrain.ObserveAsync(new TerminalObservation(key, request.Timestamp)).ConfigureAwait(true);
        }
        catch
        {
            _windows.Remove(key);
            throw;
        }

        var result = scorer.Score(decider, shadow, request, customer, ToWindowFeatures(terminal), TimeProvider.GetUtcNow());
        AppendOutcome outcome;
        try
        {
            outcome = await log.AppendAsync(new LoggedDecision(request, result), CancellationToken.None).ConfigureAwait(true);
        }
        catch
        {
            // Not durable, so not acknowledged: take the transaction back out of the windows.
            await CompensateAsync(key, terminalGrain).ConfigureAwait(true);
            throw;
        }

        if (outcome == AppendOutcome.Appended)
        {
            instruments.Decided(result);
            return result;
        }

        // The id is in the log already (a transaction older than the windows, or another customer's): the log decides.
        await CompensateAsync(key, terminalGrain).ConfigureAwait(true);
        return await FindEarlierAnswerAsync(request).ConfigureAwait(true)
            ?? throw new InvalidOperationException($"The decision log reported {request.TransactionId} as a duplicate but does not hold it.");
    }

    public ValueTask<CustomerFeatures> GetFeaturesAsync(DateTimeOffset? asOf)
    {
        var at = asOf ?? TimeProvider.GetUtcNow();
        var seconds = at.ToUnixTimeSeconds();
        if (_windows.IsTooLate(seconds))
        {
            throw new TransactionRejectedException(RejectionKind.TooLate, "asOf",
                $"asOf must not be earlier than {_options.CustomerAllowedLateness} before the customer's latest transaction.");
        }

        var windows = _windows.FeaturesAt(seconds);

        // Not LatestUnixSeconds: that is the lateness clock, which a taken-back transaction does not rewind.
        long? latest = _windows.Count == 0 ? null : _windows.ExportEntries()[^1].UnixSeconds;
        return ValueTask.FromResult(new CustomerFeatures(
            GetPrimaryKeyString(),
            at,
            [
                new(FeatureSchema.Names[FeatureSchema.CustomerNbTx1Day], windows.Count1Day),
                new(FeatureSchema.Names[FeatureSchema.CustomerAvgAmount1Day], windows.AverageAmount1Day),
                new(FeatureSchema.Names[FeatureSchema.CustomerNbTx7Day], windows.Count7Day),
                new(FeatureSchema.Names[FeatureSchema.CustomerAvgAmount7Day], windows.AverageAmount7Day),
                new(FeatureSchema.Names[FeatureSchema.CustomerNbTx30Day], windows.Count30Day),
                new(FeatureSchema.Names[FeatureSchema.CustomerAvgAmount30Day], windows.AverageAmount30Day),
            ],
            _windows.Count,
            latest is { } unix ? DateTimeOffset.FromUnixTimeSeconds(unix) : null));
    }

    private CustomerWindowFeatures AddToWindows(ScoreRequest request, long key)
    {
        try
        {
            return _windows.Add(request.Timestamp.ToUnixTimeSeconds(), request.AmountCents, key);
        }
        catch (LateTransactionException late)
        {
            throw new TransactionRejectedException(RejectionKind.TooLate, "timestamp",
                $"The timestamp is {late.Lateness} earlier than this customer's latest transaction; at most {late.AllowedLateness} is accepted.");
        }
        catch (ArgumentOutOfRangeException range)
        {
            throw new TransactionRejectedException(RejectionKind.OutOfRange,
                range.ParamName is { } name && name.Contains("amount", StringComparison.OrdinalIgnoreCase) ? "amount" : "timestamp",
                range.Message);
        }
    }

    /// <summary>The logged answer to an earlier request with this id, if it was the same transaction.</summary>
    private async Task<ScoreResult?> FindEarlierAnswerAsync(ScoreRequest request)
    {
        var logged = await log.FindAsync(request.TransactionId, CancellationToken.None).ConfigureAwait(true);
        if (logged is null)
        {
            // A fingerprint collision with another id: score it as new.
            return null;
        }

        var earlier = logged.Request;
        if (earlier.CustomerId != request.CustomerId
            || earlier.TerminalId != request.TerminalId
            || earlier.AmountCents != request.AmountCents
            || earlier.Timestamp != request.Timestamp)
        {
            throw new TransactionRejectedException(RejectionKind.Conflict, "transactionId",
                $"Transaction id '{request.TransactionId}' was already used for a different transaction.");
        }

        return logged.Result with { Replayed = true };
    }

    private async Task CompensateAsync(long key, ITerminalGrain terminal)
    {
        _windows.Remove(key);
        try
        {
            await terminal.ForgetAsync(key).ConfigureAwait(true);
        }
        catch (Exception exception)
        {
            // The terminal keeps a phantom observation until it next rebuilds from the log; it only counts a week from now.
            logger.LogWarning(exception, "Terminal could not forget transaction fingerprint {Key}", key);
        }
    }

    private static TerminalWindowFeatures ToWindowFeatures(TerminalFeatures terminal) => new(
        terminal.Count1Day, terminal.Frauds1Day, terminal.Count7Day, terminal.Frauds7Day, terminal.Count30Day, terminal.Frauds30Day);
}
