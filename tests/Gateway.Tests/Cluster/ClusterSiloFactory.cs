using System.Net;
using System.Net.Sockets;
using FraudActors.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;

namespace FraudActors.Gateway.Tests.Cluster;

/// <summary>
/// The real silo process (Silo's Program) in cluster mode behind an in-memory HTTP server: all state in the given
/// PostgreSQL database, its silo-to-silo endpoint on its own free loopback port, fast membership timings.
/// </summary>
public sealed class ClusterSiloFactory : WebApplicationFactory<Program>
{
    private readonly TemporaryDirectory _data = new();
    private readonly string _connectionString;
    private readonly string? _artifacts;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Barrier? _startTogether;

    /// <param name="connectionString">The cluster's database.</param>
    /// <param name="artifactsDirectory">This silo's local model catalog; null for none (models come from the cluster).</param>
    /// <param name="settings">Settings that replace the defaults below (e.g. <c>Models:PollInterval</c>).</param>
    /// <param name="startTogether">
    /// When given, the host is built and then waits for the barrier's other participants before it starts, so silos
    /// created on several threads start at the same moment rather than whenever each finished building.
    /// </param>
    public ClusterSiloFactory(string connectionString, string? artifactsDirectory, IReadOnlyDictionary<string, string?>? settings = null, Barrier? startTogether = null)
    {
        _connectionString = connectionString;
        _artifacts = artifactsDirectory;
        _settings = settings ?? new Dictionary<string, string?>();
        _startTogether = startTogether;
        SiloPort = FreeLoopbackPort();
    }

    /// <summary>Port of this silo's silo-to-silo endpoint.</summary>
    public int SiloPort { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Cluster:PostgresConnectionString", _connectionString);
        builder.UseSetting("Cluster:ClusterId", "gateway-tests");
        builder.UseSetting("Cluster:SiloPort", SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Cluster:HeartbeatPeriod", "00:00:00.200");
        builder.UseSetting("Cluster:RefreshPeriod", "00:00:00.200");
        builder.UseSetting("Cluster:DeathTimeout", "00:00:03");
        builder.UseSetting("Models:PollInterval", "00:00:00.500");
        builder.UseSetting("Node:ArtifactsDirectory", _artifacts ?? _data.File("no-artifacts"));
        foreach (var (key, value) in TestApiKeys.Settings)
        {
            builder.UseSetting(key, value);
        }

        // Last, so a test's settings replace the defaults above.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var host = builder.Build();
        if (_startTogether is not null && !_startTogether.SignalAndWait(TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException("The other silos were not built within 60 s.");
        }

        host.Start();
        return host;
    }

    /// <summary>A client presenting <paramref name="apiKey"/>.</summary>
    public HttpClient CreateClient(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _data.Dispose();
        }
    }

    // Free when asked for; another process could take it before the silo binds, which then fails its start loudly.
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
