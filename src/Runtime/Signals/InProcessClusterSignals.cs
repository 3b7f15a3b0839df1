using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FraudActors.Runtime.Signals;

/// <summary>Signals within one process: handlers run on the thread pool, never on the publisher's turn.</summary>
public sealed partial class InProcessClusterSignals(ILogger<InProcessClusterSignals> logger) : IClusterSignals
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Subscription, byte>> _channels = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask PublishAsync(string channel, CancellationToken cancellationToken)
    {
        if (_channels.TryGetValue(channel, out var subscriptions))
        {
            foreach (var subscription in subscriptions.Keys)
            {
                _ = Task.Run(() => InvokeAsync(channel, subscription), CancellationToken.None);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public IDisposable Subscribe(string channel, Func<CancellationToken, Task> handler)
    {
        var subscription = new Subscription(this, channel, handler);
        _channels.GetOrAdd(channel, _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    private async Task InvokeAsync(string channel, Subscription subscription)
    {
        try
        {
            await subscription.Handler(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogHandlerFailed(logger, exception, channel);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A handler of signal channel {Channel} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string channel);

    private sealed class Subscription(InProcessClusterSignals owner, string channel, Func<CancellationToken, Task> handler) : IDisposable
    {
        public Func<CancellationToken, Task> Handler { get; } = handler;

        public void Dispose()
        {
            if (owner._channels.TryGetValue(channel, out var subscriptions))
            {
                subscriptions.TryRemove(this, out _);
            }
        }
    }
}
