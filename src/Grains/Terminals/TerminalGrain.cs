using FraudActors.Grains.Decisions;
using FraudActors.Grains.Interfaces;
using FraudActors.Grains.Scoring;
using FraudActors.Ml.Features;
using FraudActors.Runtime;
using Microsoft.Extensions.Options;

namespace FraudActors.Grains.Terminals;

/// <summary>
/// One terminal: its transactions and their fraud labels, serving the 7-day-delayed counts and frauds. Like the
/// customer grain it persists through the decision log (and the labels), rebuilding its windows on activation.
/// </summary>
internal sealed class TerminalGrain(IDecisionLog log, IOptions<ScoringOptions> options) : Grain, ITerminalGrain
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(FeatureSchema.WindowDays[^1] + FeatureSchema.TerminalDelayDays);
    private readonly ScoringOptions _options = options.Value;
    private TerminalWindows _windows = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var entries = new List<TerminalWindowEntry>();
        await foreach (var entry in log.ReadTerminalHistoryAsync(GetPrimaryKeyString(), Retention + _options.TerminalAllowedLateness, cancellationToken)
                           .ConfigureAwait(true))
        {
            entries.Add(new TerminalWindowEntry(entry.Timestamp.ToUnixTimeSeconds(), entry.IsFraud, TransactionKey.Of(entry.TransactionId)));
        }

        _windows = TerminalWindows.Import(entries.ToArray(), allowedLateness: _options.TerminalAllowedLateness);
    }

    public ValueTask<TerminalFeatures> ObserveAsync(TerminalObservation observation)
    {
        var seconds = observation.Timestamp.ToUnixTimeSeconds();
        var features = FeaturesAt(seconds);

        // Its own entry never counts for itself (it is not 7 days old), so it is added after the query.
        _windows.Add(seconds, isFraud: false, observation.TransactionKey);
        return ValueTask.FromResult(features);
    }

    public ValueTask ForgetAsync(long transactionKey)
    {
        _windows.Remove(transactionKey);
        return ValueTask.CompletedTask;
    }

    public ValueTask LabelAsync(long transactionKey, bool isFraud)
    {
        _windows.SetLabel(transactionKey, isFraud);
        return ValueTask.CompletedTask;
    }

    public ValueTask<TerminalFeatures> GetFeaturesAsync(DateTimeOffset at) => ValueTask.FromResult(FeaturesAt(at.ToUnixTimeSeconds()));

    private TerminalFeatures FeaturesAt(long seconds)
    {
        TerminalWindowFeatures windows;
        try
        {
            windows = _windows.FeaturesAt(seconds);
        }
        catch (LateTransactionException late)
        {
            throw new TransactionRejectedException(RejectionKind.TooLate, "timestamp",
                $"The timestamp is {late.Lateness} earlier than the terminal's latest transaction; at most {late.AllowedLateness} is accepted.");
        }

        return new TerminalFeatures(windows.Count1Day, windows.Frauds1Day, windows.Count7Day, windows.Frauds7Day, windows.Count30Day, windows.Frauds30Day);
    }
}
