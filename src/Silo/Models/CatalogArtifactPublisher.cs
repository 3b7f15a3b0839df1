using FraudActors.Ml.Artifacts;
using FraudActors.Ml.Models;

namespace FraudActors.Silo.Models;

/// <summary>
/// In a cluster, copies a catalog model's bytes from this machine's filesystem store into the shared store before
/// the model is registered: the catalog (<c>fraudctl train</c>'s output) is local to a machine, but every silo
/// loads the registry's models from the shared store. Content-addressed, so silos publishing the same model at
/// once store it once.
/// </summary>
internal sealed class CatalogArtifactPublisher(FileSystemArtifactStore local, IArtifactStore shared)
{
    /// <summary>Whether the model's bytes are now in the shared store (false when this machine does not have them).</summary>
    public async Task<bool> PublishAsync(ModelManifest manifest, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await local.GetAsync(manifest.ArtifactSha256, cancellationToken).ConfigureAwait(false);
        }
        catch (ArtifactNotFoundException)
        {
            return false;
        }

        await shared.PutAsync(bytes, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
