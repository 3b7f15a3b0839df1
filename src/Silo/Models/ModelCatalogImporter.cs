using FraudActors.Grains.Interfaces.Models;
using FraudActors.Ml.Models;
using FraudActors.Runtime;
using Microsoft.Extensions.Logging;

namespace FraudActors.Silo.Models;

/// <summary>
/// Brings models trained by <c>fraudctl train</c> (manifests in the artifact catalog) into the registry, and makes
/// the catalog's champion the registry's when the registry has none yet: how a fresh node bootstraps. After that
/// the registry decides; the catalog's champion pointer is not consulted again. In a cluster a
/// <see cref="CatalogArtifactPublisher"/> first copies each new model's bytes into the shared store, so any silo
/// started beside a catalog brings its models to all (embedded mode has none: the catalog's store is the store).
/// </summary>
internal sealed partial class ModelCatalogImporter(
    ModelCatalog catalog,
    IGrainFactory grains,
    ILogger<ModelCatalogImporter> logger,
    CatalogArtifactPublisher? publisher = null)
{
    private const string Actor = "artifact catalog";

    /// <summary>Registers every catalog version the registry lacks; returns how many were new.</summary>
    public async Task<int> ImportAsync(CancellationToken cancellationToken)
    {
        var registry = grains.GetGrain<IModelRegistryGrain>(IModelRegistryGrain.Key);
        var known = (await registry.GetAsync().ConfigureAwait(false)).Versions.Select(v => v.Description.Version).ToHashSet(StringComparer.Ordinal);
        var imported = 0;
        foreach (var manifest in await catalog.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (known.Contains(manifest.Version))
            {
                continue;
            }

            if (publisher is not null && !await publisher.PublishAsync(manifest, cancellationToken).ConfigureAwait(false))
            {
                LogImportRefused(logger, manifest.Version, "its artifact is not in this machine's store");
                continue;
            }

            try
            {
                await registry.RegisterAsync(ModelDescriptions.From(manifest), Actor).ConfigureAwait(false);
                imported++;
            }
            catch (ModelRegistryException exception)
            {
                LogImportRefused(logger, manifest.Version, exception.Message);
            }
        }

        var assignment = await registry.GetAssignmentAsync().ConfigureAwait(false);
        if (assignment.Champion is null && await catalog.GetChampionAsync(cancellationToken).ConfigureAwait(false) is { } champion)
        {
            await registry.PromoteAsync(champion, Actor, "bootstrap: the catalog's champion").ConfigureAwait(false);
        }

        return imported;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Version} from the catalog was not registered: {Reason}")]
    private static partial void LogImportRefused(ILogger logger, string version, string reason);
}
