using Microsoft.Extensions.Hosting;

namespace FraudActors.Runtime.Hosting;

/// <summary>Ties the runtime to the host: graceful deactivation of every grain when the host stops.</summary>
internal sealed class SiloRuntimeHostedService(SiloRuntime runtime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
}
