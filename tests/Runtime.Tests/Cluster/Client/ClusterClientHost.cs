using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Client;
using FraudActors.Runtime.Cluster.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FraudActors.Runtime.Tests.Cluster.Client;

/// <summary>A cluster client host in the test process, reading the membership of a <see cref="TestCluster"/>'s database.</summary>
internal sealed class ClusterClientHost : IAsyncDisposable
{
    private ClusterClientHost(IHost host) => Host = host;

    public IHost Host { get; }

    public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    public IClusterMembership Membership => Host.Services.GetRequiredService<IClusterMembership>();

    /// <summary>Builds a client (not started) of <paramref name="clusterId"/> on <paramref name="connectionString"/>.</summary>
    /// <param name="connectionString">The cluster's database.</param>
    /// <param name="clusterId">Which cluster's rows to read.</param>
    /// <param name="responseTimeout">Deadline of calls without their own.</param>
    /// <param name="configure">More registrations (the test's own).</param>
    public static ClusterClientHost Build(
        string connectionString, string clusterId = TestCluster.ClusterId, TimeSpan? responseTimeout = null, Action<IServiceCollection>? configure = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.Configure<RuntimeOptions>(o => o.ResponseTimeout = responseTimeout ?? TestCluster.ResponseTimeout);
        builder.Services.AddFraudActorsClusterClient(o =>
        {
            o.PostgresConnectionString = connectionString;
            o.ClusterId = clusterId;
            o.RefreshPeriod = TimeSpan.FromMilliseconds(200);
        });
        configure?.Invoke(builder.Services);
        return new ClusterClientHost(builder.Build());
    }

    /// <summary>Builds and starts a client.</summary>
    public static async Task<ClusterClientHost> StartAsync(string connectionString, string clusterId = TestCluster.ClusterId, TimeSpan? responseTimeout = null)
    {
        var client = Build(connectionString, clusterId, responseTimeout);
        await client.Host.StartAsync(TestContext.Current.CancellationToken);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(CancellationToken.None);
        Host.Dispose();
    }
}
