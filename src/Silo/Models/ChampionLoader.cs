using FraudActors.Grains.Scoring;
using FraudActors.Ml.Artifacts;
using FraudActors.Ml.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FraudActors.Silo.Models;

/// <summary>
/// Loads the champion model into the model cache before the node serves: the catalog names it, the artifact
/// store supplies its bytes, and the bytes must hash to what the manifest says.
/// </summary>
internal sealed partial class ChampionLoader(ModelCatalog catalog, IArtifactStore artifacts, ModelCache cache, ILogger<ChampionLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var version = await catalog.GetChampionAsync(cancellationToken).ConfigureAwait(false);
        if (version is null)
        {
            LogNoChampion(logger);
            return;
        }

        var manifest = await catalog.FindAsync(version, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The champion pointer names model {version}, which has no manifest.");
        var bytes = await artifacts.GetAsync(manifest.ArtifactSha256, cancellationToken).ConfigureAwait(false);
        cache.Serve(ScoringModel.Load(manifest, bytes));
        LogLoaded(logger, manifest.Version, manifest.Holdout?.AveragePrecision);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Champion model {Version} loaded (holdout AP {AveragePrecision})")]
    private static partial void LogLoaded(ILogger logger, string version, double? averagePrecision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No champion model: the node is not ready and refuses to score until one is trained (fraudctl train)")]
    private static partial void LogNoChampion(ILogger logger);
}
