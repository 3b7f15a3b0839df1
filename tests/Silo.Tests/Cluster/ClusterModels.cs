using FraudActors.Ml.Models;
using FraudActors.Testing;

namespace FraudActors.Silo.Tests.Cluster;

/// <summary>
/// The trained model (champion of the catalog the first silo publishes) and a second version in the same catalog, so
/// admin calls have something to promote and roll back. One per test class: training takes a couple of seconds.
/// </summary>
public sealed class ClusterModels : IDisposable
{
    public ClusterModels()
    {
        Second = Trained.AddVersion(rounds: 10, maxDepth: 3, createdAt: new DateTimeOffset(2018, 6, 2, 0, 0, 0, TimeSpan.Zero));
        Offline = new OfflineCustomerFeatures(Trained.Dataset);
    }

    /// <summary>The model, its data and the catalog directory.</summary>
    public TrainedModel Trained { get; } = new();

    /// <summary>A second version, registered but not champion.</summary>
    public ModelManifest Second { get; }

    /// <summary>The batch pipeline's customer features of every simulated transaction.</summary>
    internal OfflineCustomerFeatures Offline { get; }

    public void Dispose() => Trained.Dispose();
}
