using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FraudActors.Runtime.Cluster.Transport;

/// <summary>
/// The silo-to-silo endpoint: Kestrel speaking HTTP/2 without TLS on <see cref="ClusterOptions.SiloPort"/>, in its
/// own small web application so that it does not depend on (or interfere with) whatever public endpoints the host
/// serves.
/// </summary>
/// <remarks>
/// Lifecycle: listens from <see cref="StartAsync"/>, i.e. before the membership service marks the silo active (in
/// <c>StartedAsync</c>), so no peer places a grain here before calls can arrive; stops in <see cref="StoppedAsync"/>,
/// i.e. after the runtime has deactivated its grains, so calls that reach this silo while it is leaving are still
/// answered or forwarded to the new owner. Kestrel's graceful stop sends GOAWAY and lets calls in progress finish.
/// </remarks>
internal sealed class SiloTransportServer(
    IncomingCallHandler handler,
    IOptions<ClusterOptions> options,
    ILoggerFactory loggerFactory) : IHostedLifecycleService, IAsyncDisposable, IDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<SiloTransportServer>();
    private WebApplication? _app;

    /// <summary>Where the endpoint listens, once started.</summary>
    public string? ListeningOn { get; private set; }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var cluster = options.Value;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());

        // The host's logging, so the endpoint's logs go where the silo's go (the instance is not disposed by this app).
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddLogging();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // Calls wait on grains, not on the network: more concurrent streams per connection keep a busy pair of
            // silos on one connection before the client opens another.
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;

            // Listen where peers are told to connect when that is an address (on one machine: loopback only, so the
            // unauthenticated silo port is not exposed); on every interface when it is a host name.
            var address = IPAddress.TryParse(cluster.AdvertisedHost, out var parsed) ? parsed : IPAddress.Any;
            kestrel.Listen(address, cluster.SiloPort, listen => listen.Protocols = HttpProtocols.Http2);
        });

        var app = builder.Build();
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var listening = addresses is { Count: > 0 } ? string.Join(", ", addresses) : $"{cluster.AdvertisedHost}:{cluster.SiloPort}";
        ListeningOn = listening;
        _logger.Listening(listening);
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (_app is null)
        {
            return;
        }

        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        _logger.EndpointStopped();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }

    // For hosts disposed synchronously: the container refuses a service that can only be disposed asynchronously.
    public void Dispose()
    {
        ((IDisposable?)_app)?.Dispose();
        _app = null;
    }
}
