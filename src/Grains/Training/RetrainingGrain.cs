using System.Collections.Immutable;
using FraudActors.Grains.Interfaces.Models;
using FraudActors.Grains.Interfaces.Training;
using FraudActors.Ml.Artifacts;
using FraudActors.Ml.Features;
using FraudActors.Ml.Models;
using FraudActors.Ml.Training;
using FraudActors.Runtime;
using FraudActors.Runtime.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FraudActors.Grains.Training;

/// <summary>
/// Runs retraining jobs one at a time. The job (data, training, evaluation, registration, the gate) runs on the
/// thread pool, outside the grain's turn, so the grain keeps answering and the silo keeps scoring; it touches no
/// grain field and reports back through <see cref="IRetrainingGrain.CompleteAsync"/>, an ordinary turn.
/// </summary>
internal sealed partial class RetrainingGrain(
    [PersistentState("retraining")] IPersistentState<RetrainingState> state,
    ITrainingDataSource data,
    IArtifactStore artifacts,
    IOptions<RetrainingOptions> options,
    ILogger<RetrainingGrain> logger) : Grain, IRetrainingGrain
{
    private const int KeptReports = 50;
    private const string Actor = "retraining";
    private RetrainingRequest? _running;
    private DateTimeOffset? _since;

    public ValueTask<RetrainingStatus> RequestAsync(RetrainingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_running is null)
        {
            _running = request;
            _since = TimeProvider.GetUtcNow();
            var job = new Job(GrainFactory, data, artifacts, options.Value, TimeProvider, logger, request, _since.Value);
            _ = Task.Run(job.RunAsync);
            LogStarted(logger, request.Reason, request.Actor);
        }

        return GetStatusAsync();
    }

    public ValueTask<RetrainingStatus> GetStatusAsync() =>
        ValueTask.FromResult(new RetrainingStatus(_running, _since, state.State.Reports.ToImmutableArray()));

    public async ValueTask CompleteAsync(RetrainingReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _running = null;
        _since = null;
        state.State.Reports.Insert(0, report);
        if (state.State.Reports.Count > KeptReports)
        {
            state.State.Reports.RemoveRange(KeptReports, state.State.Reports.Count - KeptReports);
        }

        await state.WriteStateAsync().ConfigureAwait(true);
        LogFinished(logger, report.Outcome, report.ChallengerVersion, report.Verdict);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retraining started ({Reason}, asked by {Actor})")]
    private static partial void LogStarted(ILogger logger, string reason, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retraining {Outcome}: challenger {Challenger}; {Verdict}")]
    private static partial void LogFinished(ILogger logger, string outcome, string? challenger, string verdict);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retraining failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    /// <summary>One job, with everything it needs captured: it must not touch the grain.</summary>
    private sealed class Job(
        IGrainFactory grains,
        ITrainingDataSource data,
        IArtifactStore artifacts,
        RetrainingOptions options,
        TimeProvider time,
        ILogger logger,
        RetrainingRequest request,
        DateTimeOffset startedAt)
    {
        private IModelRegistryGrain Registry => grains.GetGrain<IModelRegistryGrain>(IModelRegistryGrain.Key);

        public async Task RunAsync()
        {
            RetrainingReport report;
            try
            {
                report = await TrainAndJudgeAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                LogFailed(logger, exception);
                report = Report("failed", null, null, null, null, exception.Message);
            }

            await grains.GetGrain<IRetrainingGrain>(IRetrainingGrain.Key).CompleteAsync(report).ConfigureAwait(false);
        }

        private async Task<RetrainingReport> TrainAndJudgeAsync()
        {
            var champion = (await Registry.GetAssignmentAsync().ConfigureAwait(false)).Champion;
            if (champion is null)
            {
                return Report("refused", null, null, null, null, "There is no champion to judge a challenger against.");
            }

            var settings = options.ToSettings(request.FineTune);
            var championBytes = await artifacts.GetAsync(champion.ArtifactSha256, CancellationToken.None).ConfigureAwait(false);
            var championModel = ScoringModel.Load(champion.Version, champion.ArtifactSha256, champion.FeatureSchemaHash, championBytes);
            var rows = await data.ReadRecentAsync(settings.LabelMaturityDays + settings.HoldoutDays + settings.TrainingDays, CancellationToken.None).ConfigureAwait(false);
            var outcome = RetrainingPipeline.Run(rows, championModel.Ensemble, championBytes, settings, CancellationToken.None);
            if (outcome.WasRefused)
            {
                return Report("refused", champion.Version, null, null, null, outcome.Verdict);
            }

            var sha = await artifacts.PutAsync(outcome.ChallengerModel, CancellationToken.None).ConfigureAwait(false);
            var createdAt = time.GetUtcNow();
            var training = outcome.Training!;
            var description = new ModelDescription(
                ModelManifest.NewVersion(createdAt, sha),
                sha,
                createdAt,
                $"retraining ({request.Reason})",
                champion.Version,
                training.From,
                training.To,
                training.Rows,
                training.Frauds,
                training.DataSha256,
                ModelTrainer.Describe(settings.FineTune ? settings.Parameters with { Rounds = settings.FineTuneRounds } : settings.Parameters),
                FeatureSchema.Hash,
                Scores(outcome.Challenger!));
            await Registry.RegisterAsync(description, Actor).ConfigureAwait(false);
            if (outcome.IsBetter)
            {
                await Registry.PromoteAsync(description.Version, Actor, outcome.Verdict).ConfigureAwait(false);
            }
            else
            {
                await Registry.RejectAsync(description.Version, outcome.Verdict, Actor).ConfigureAwait(false);
            }

            return Report(outcome.IsBetter ? "promoted" : "rejected", champion.Version, description.Version, Scores(outcome.Champion!), description.Holdout, outcome.Verdict);
        }

        private RetrainingReport Report(string outcome, string? champion, string? challenger, ModelScores? championScores, ModelScores? challengerScores, string verdict) =>
            new(request, startedAt, time.GetUtcNow(), outcome, champion, challenger, championScores, challengerScores, verdict);

        private static ModelScores Scores(HoldoutScores h) => new(h.From, h.To, h.Rows, h.Frauds, h.AucRoc, h.AveragePrecision, h.CardPrecisionAt100);
    }
}
