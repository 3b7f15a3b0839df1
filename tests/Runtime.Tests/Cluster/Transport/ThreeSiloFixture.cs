namespace FraudActors.Runtime.Tests.Cluster.Transport;

/// <summary>
/// One three-silo cluster shared by the tests of a class (they run one after another and use their own grain keys):
/// starting silos costs seconds, the tests milliseconds.
/// </summary>
public sealed class ThreeSiloFixture : IAsyncLifetime
{
    private TestCluster? _cluster;

    internal TestCluster Cluster => _cluster ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() => _cluster = await TestCluster.StartAsync(3, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
