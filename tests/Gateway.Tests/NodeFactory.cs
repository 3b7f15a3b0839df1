using FraudActors.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FraudActors.Gateway.Tests;

/// <summary>
/// The real embedded node (Silo's Program) behind an in-memory HTTP server: real SQLite file, real model from the
/// artifact directory. Each factory gets its own database.
/// </summary>
public sealed class NodeFactory : WebApplicationFactory<Program>
{
    private readonly TemporaryDirectory _data = new();
    private readonly string? _artifacts;
    private readonly Dictionary<string, string?> _settings;

    public NodeFactory(string? artifactsDirectory, Dictionary<string, string?>? settings = null)
    {
        _artifacts = artifactsDirectory;
        _settings = settings ?? [];
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Node:ArtifactsDirectory", _artifacts ?? _data.File("no-artifacts"));
        builder.UseSetting("Node:DatabasePath", _data.File("node.db"));
        foreach (var (key, value) in TestApiKeys.Settings)
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
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

/// <summary>One node with a trained champion, shared by a test class.</summary>
public sealed class ServingNode : IDisposable
{
    public ServingNode()
    {
        Model = new TrainedModel();
        Factory = new NodeFactory(Model.ArtifactsPath);
        Client = Factory.CreateClient(TestApiKeys.Admin);
    }

    public TrainedModel Model { get; }

    public NodeFactory Factory { get; }

    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        Model.Dispose();
    }
}
