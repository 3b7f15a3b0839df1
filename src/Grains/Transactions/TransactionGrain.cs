using FraudActors.Grains.Decisions;
using FraudActors.Grains.Interfaces;
using FraudActors.Grains.Interfaces.Training;
using FraudActors.Grains.Labels;
using FraudActors.Grains.Scoring;
using FraudActors.Runtime;

namespace FraudActors.Grains.Transactions;

/// <summary>
/// One decided transaction: serves its logged decision and records its labels (durably, then into the terminal's
/// risk windows). Activations are short-lived; a decision, once logged, never changes, so it is cached.
/// </summary>
internal sealed class TransactionGrain(IDecisionLog log, ILabelStore labels) : Grain, ITransactionGrain
{
    private LoggedDecision? _decision;

    public async ValueTask<LoggedDecision?> GetDecisionAsync() =>
        _decision ??= await log.FindAsync(GetPrimaryKeyString(), CancellationToken.None).ConfigureAwait(true);

    public async ValueTask<LabelResult> LabelAsync(LabelRequest label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var decision = await GetDecisionAsync().ConfigureAwait(true)
            ?? throw new TransactionNotFoundException(GetPrimaryKeyString());

        var outcome = await labels.RecordAsync(
            new TransactionLabel(decision.Request.TransactionId, label.IsFraud, label.Source, label.Comment, TimeProvider.GetUtcNow()),
            CancellationToken.None).ConfigureAwait(true);

        if (outcome.Changed)
        {
            await GrainFactory.GetGrain<ITerminalGrain>(decision.Request.TerminalId)
                .LabelAsync(TransactionKey.Of(decision.Request.TransactionId), label.IsFraud).ConfigureAwait(true);
            await GrainFactory.GetGrain<IFeedbackGrain>(IFeedbackGrain.Key).LabelRecordedAsync(label.IsFraud).ConfigureAwait(true);
        }

        return new LabelResult(decision.Request.TransactionId, label.IsFraud, outcome.Changed, outcome.Previous?.IsFraud);
    }
}
