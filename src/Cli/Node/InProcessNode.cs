using FraudActors.Runtime;
using FraudActors.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FraudActors.Cli.Node;

/// <summary>
/// An embedded node inside fraudctl, without HTTP: the same composition the node process uses (SQLite, runtime,
/// grains, the champion from the artifact store), for replay and in-process benchmarks.
/// </summary>
internal sealed class InProcessNode : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessNode(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host.Services;

    public static async Task<InProcessNode> StartAsync(string artifactsDirectory, string databasePath, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Node:ArtifactsDirectory"] = artifactsDirectory,
            ["Node:DatabasePath"] = databasePath,

            // Replays and benchmarks feed historical labels: retraining on them would compete with what is measured.
            ["Retraining:RetrainEveryLabels"] = "0",
        });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddEmbeddedNode(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new InProcessNode(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
    }
}
