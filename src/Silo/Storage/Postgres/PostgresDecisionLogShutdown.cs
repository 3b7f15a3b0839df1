using Microsoft.Extensions.Hosting;

namespace FraudActors.Silo.Storage.Postgres;

/// <summary>
/// Drains the decision log when the host stops: after every hosted service's StopAsync (so grains deactivating
/// during the runtime's stop can still append), the log stops accepting appends and commits what is queued.
/// </summary>
internal sealed class PostgresDecisionLogShutdown(PostgresDecisionLog log) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken) => await log.DisposeAsync().ConfigureAwait(false);
}
