using System.Text.Json;
using FraudActors.Gateway.Security;
using FraudActors.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FraudActors.Gateway.Tests.Cluster;

/// <summary>
/// The real gateway process (GatewayHost's Program) behind an in-memory HTTP server: a cluster client of the given
/// database and cluster id, reading membership every 200 ms, hosting no grain.
/// </summary>
public sealed class GatewayHostFactory : WebApplicationFactory<FraudActors.GatewayHost.Program>
{
    private readonly TemporaryDirectory _data = new();
    private readonly string _connectionString;
    private readonly string _clusterId;
    private readonly bool _keysFromFile;

    /// <param name="connectionString">The cluster's database.</param>
    /// <param name="clusterId">Which cluster's membership to read.</param>
    /// <param name="keysFromFile">Whether the API keys come from a key file (as fraudctl writes it) instead of settings.</param>
    public GatewayHostFactory(string connectionString, string clusterId, bool keysFromFile = false)
    {
        _connectionString = connectionString;
        _clusterId = clusterId;
        _keysFromFile = keysFromFile;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Cluster:PostgresConnectionString", _connectionString);
        builder.UseSetting("Cluster:ClusterId", _clusterId);
        builder.UseSetting("Cluster:RefreshPeriod", "00:00:00.200");
        if (_keysFromFile)
        {
            var file = _data.File("api-keys.json");
            File.WriteAllText(file, JsonSerializer.Serialize(
                new[] { new ApiKeyEntry { Name = "file-scorer", Role = "scorer", Hash = ApiKey.Hash(TestApiKeys.Scorer) } },
                new JsonSerializerOptions(JsonSerializerDefaults.Web)));
            builder.UseSetting("Security:ApiKeysFile", file);
        }
        else
        {
            foreach (var (key, value) in TestApiKeys.Settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _data.Dispose();
        }
    }
}
