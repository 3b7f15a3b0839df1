using FraudActors.Grains.Interfaces.Models;
using FraudActors.Grains.Scoring;
using FraudActors.Grains.Training;
using FraudActors.Ml.Artifacts;
using FraudActors.Ml.Models;
using FraudActors.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FraudActors.Grains.Models;

/// <summary>
/// Compares champion and challenger on recent labelled decisions. The grain holds no state; the reading and scoring
/// run on the thread pool, so a comparison over weeks of decisions never occupies a turn of this or any other grain.
/// The models are those this silo serves when they match the registry's assignment, otherwise loaded and verified
/// from the artifact store, as retraining loads its champion.
/// </summary>
internal sealed partial class ModelComparisonGrain(
    ITrainingDataSource data,
    IArtifactStore artifacts,
    ModelCache cache,
    IOptions<ScoringOptions> scoring,
    ILogger<ModelComparisonGrain> logger) : Grain, IModelComparisonGrain
{
    public async ValueTask<ModelComparison> CompareAsync(int days)
    {
        if (days is < IModelComparisonGrain.MinDays or > IModelComparisonGrain.MaxDays)
        {
            throw new ModelRegistryException(ModelRegistryError.Invalid, $"A comparison covers {IModelComparisonGrain.MinDays} to {IModelComparisonGrain.MaxDays} days, not {days}.");
        }

        var assignment = await GrainFactory.GetGrain<IModelRegistryGrain>(IModelRegistryGrain.Key).GetAssignmentAsync().ConfigureAwait(true);
        if (assignment.Champion is not { } champion || assignment.Challenger is not { } challenger)
        {
            throw new ModelRegistryException(
                ModelRegistryError.NoChallenger,
                assignment.Champion is null ? "There is no champion to compare." : "There is no challenger to compare with the champion; set one first.");
        }

        var served = cache.Current;
        var thresholds = scoring.Value;
        var comparison = await Task.Run(async () =>
        {
            var championModel = await LoadAsync(champion, served).ConfigureAwait(false);
            var challengerModel = await LoadAsync(challenger, served).ConfigureAwait(false);
            var rows = await data.ReadRecentAsync(days, CancellationToken.None).ConfigureAwait(false);
            return ModelComparer.Compare(rows, championModel, challengerModel, days, thresholds.ReviewThreshold, thresholds.DeclineThreshold);
        }).ConfigureAwait(true);
        LogCompared(logger, champion.Version, challenger.Version, comparison.Rows, comparison.Agreement);
        return comparison;
    }

    private async Task<ScoringModel> LoadAsync(ServedModel model, ServingSet served)
    {
        foreach (var loaded in new[] { served.Champion, served.Challenger })
        {
            if (loaded is not null && loaded.Version == model.Version && loaded.ArtifactSha256 == model.ArtifactSha256)
            {
                return loaded;
            }
        }

        try
        {
            var bytes = await artifacts.GetAsync(model.ArtifactSha256, CancellationToken.None).ConfigureAwait(false);
            return ScoringModel.Load(model.Version, model.ArtifactSha256, model.FeatureSchemaHash, bytes);
        }
        catch (Exception exception) when (exception is ArtifactCorruptedException or ArtifactNotFoundException or InvalidDataException)
        {
            throw new ModelRegistryException(ModelRegistryError.CorruptArtifact, $"Model {model.Version} cannot be loaded: {exception.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Compared champion {Champion} with challenger {Challenger} on {Rows} decisions; agreement {Agreement}")]
    private static partial void LogCompared(ILogger logger, string champion, string challenger, int rows, double? agreement);
}
