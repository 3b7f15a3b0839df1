using FraudActors.Grains.Interfaces.Training;
using FraudActors.Runtime;
using FraudActors.Runtime.Persistence;
using FraudActors.Runtime.Timers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FraudActors.Grains.Training;

/// <summary>
/// Counts labels and asks for retraining every k. The counters are written every few seconds when they moved and
/// when the grain deactivates, not on every label: the labels are already durable in the label store, and a crash
/// loses at most a few seconds of counting, which only delays the next retraining slightly. A retraining request that
/// fails is logged, not thrown: the label that crossed the threshold is durable and must be acknowledged.
/// </summary>
internal sealed partial class FeedbackGrain(
    [PersistentState("feedback")] IPersistentState<FeedbackState> state,
    IOptions<RetrainingOptions> options,
    ILogger<FeedbackGrain> logger) : Grain, IFeedbackGrain
{
    private static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(5);
    private IGrainTimer? _flush;
    private bool _dirty;

    private FeedbackState Counters => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _flush = RegisterGrainTimer(FlushAsync, FlushPeriod, FlushPeriod);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _flush?.Dispose();
        return FlushAsync(cancellationToken);
    }

    public async ValueTask LabelRecordedAsync(bool isFraud)
    {
        Counters.Labels++;
        Counters.SinceRetraining++;
        if (isFraud)
        {
            Counters.Frauds++;
        }

        _dirty = true;
        var every = options.Value.RetrainEveryLabels;
        if (every > 0 && Counters.SinceRetraining >= every)
        {
            Counters.SinceRetraining = 0;
            try
            {
                await GrainFactory.GetGrain<IRetrainingGrain>(IRetrainingGrain.Key)
                    .RequestAsync(new RetrainingRequest($"{every} new labels", "feedback")).ConfigureAwait(true);
            }
            catch (Exception exception)
            {
                LogRequestFailed(logger, exception, every);
            }

            await FlushAsync(CancellationToken.None).ConfigureAwait(true);
        }
    }

    public ValueTask<FeedbackCounters> GetAsync() =>
        ValueTask.FromResult(new FeedbackCounters(Counters.Labels, Counters.Frauds, Counters.SinceRetraining, options.Value.RetrainEveryLabels));

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            _dirty = false;
            await state.WriteStateAsync(cancellationToken).ConfigureAwait(true);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Retraining after {Every} labels could not be requested; the next request comes after as many more")]
    private static partial void LogRequestFailed(ILogger logger, Exception exception, int every);
}
