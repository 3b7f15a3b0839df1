using System.Diagnostics.Metrics;
using FraudActors.Runtime.Activation;
using FraudActors.Runtime.Cluster.Routing;
using FraudActors.Runtime.Diagnostics;
using FraudActors.Runtime.Invocation;
using FraudActors.Runtime.Messaging;
using FraudActors.Runtime.Metadata;
using FraudActors.Runtime.Persistence;
using FraudActors.Runtime.Reminders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FraudActors.Runtime;

/// <summary>
/// The runtime of one silo: the parts activations, dispatch and calls share. One per process in embedded mode.
/// </summary>
internal sealed class SiloRuntime : IAsyncDisposable
{
    private readonly ITimer _collector;
    private readonly IServiceProvider _services;

    public SiloRuntime(
        IServiceProvider services,
        IOptions<RuntimeOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IMeterFactory meterFactory,
        GrainInterfaceRegistry interfaces,
        IGrainStateSerializer stateSerializer,
        IEnumerable<GrainRegistration> registrations)
    {
        _services = services;
        Options = options.Value;
        TimeProvider = timeProvider;
        Log = loggerFactory.CreateLogger("FraudActors.Runtime");
        Instruments = new RuntimeInstruments(meterFactory);
        Interfaces = interfaces;
        GrainClasses = new GrainClassRegistry(registrations, interfaces);
        Directory = new ActivationDirectory();
        Calls = new CallRegistry(timeProvider, Options.DeadlineSweepPeriod);
        Activator = new GrainActivator(services, stateSerializer);
        Dispatcher = new MessageDispatcher(this);

        // Registered only in a cluster (AddFraudActorsCluster); embedded, every call is local as it always was.
        RemoteCalls = services.GetService(typeof(RemoteGrainCaller)) as RemoteGrainCaller;
        Invoker = new GrainCallInvoker(this);
        GrainFactory = new GrainFactory(interfaces, Invoker);
        _collector = timeProvider.CreateTimer(
            static state => ((SiloRuntime)state!).CollectIdleActivations(), this, Options.CollectionQuantum, Options.CollectionQuantum);
    }

    public RuntimeOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public ILogger Log { get; }

    public RuntimeInstruments Instruments { get; }

    public GrainInterfaceRegistry Interfaces { get; }

    public GrainClassRegistry GrainClasses { get; }

    public ActivationDirectory Directory { get; }

    public CallRegistry Calls { get; }

    public GrainActivator Activator { get; }

    public MessageDispatcher Dispatcher { get; }

    public IGrainCallInvoker Invoker { get; }

    /// <summary>Sends calls to grains owned by other silos; null in embedded mode.</summary>
    public RemoteGrainCaller? RemoteCalls { get; }

    public IGrainFactory GrainFactory { get; }

    /// <summary>
    /// The reminder service, resolved on first use (it depends on this runtime); throws when reminders are not
    /// configured.
    /// </summary>
    public ReminderService Reminders => _services.GetService(typeof(ReminderService)) as ReminderService
        ?? throw new InvalidOperationException("Reminders are not configured in this silo: call AddSqliteReminders or AddPostgresReminders.");

    /// <summary>Deactivates activations idle for longer than their collection age. Runs every collection quantum.</summary>
    internal int CollectIdleActivations()
    {
        var now = TimeProvider.GetTimestamp();
        var collected = 0;
        foreach (var activation in Directory.All)
        {
            var age = activation.GrainClass.CollectionAge ?? Options.CollectionAge;
            if (activation.IsIdle && TimeProvider.GetElapsedTime(activation.LastActivity, now) >= age)
            {
                activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.IdleCollection, $"idle for {age}"));
                collected++;
            }
        }

        if (collected > 0)
        {
            Log.IdleCollected(collected);
        }

        return collected;
    }

    /// <summary>
    /// Graceful stop: no new activations; every activation finishes its running calls, runs OnDeactivateAsync
    /// and goes; waits up to <see cref="RuntimeOptions.ShutdownTimeout"/>.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Dispatcher.Stop();
        _collector.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var started = TimeProvider.GetTimestamp();
        Log.Stopping(Directory.Count);

        // Activations created just before the dispatcher stopped can appear after a snapshot: loop until none is left.
        while (Directory.Count > 0)
        {
            var remaining = Options.ShutdownTimeout - TimeProvider.GetElapsedTime(started);
            var activations = Directory.All.ToArray();
            foreach (var activation in activations)
            {
                activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ShuttingDown, "the silo is stopping"));
            }

            try
            {
                await Task.WhenAll(activations.Select(a => a.Deactivated))
                    .WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, TimeProvider, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Log.StopTimedOut(Directory.Count, Options.ShutdownTimeout);
                break;
            }
        }

        Log.Stopped();
    }

    public async ValueTask DisposeAsync()
    {
        await _collector.DisposeAsync().ConfigureAwait(false);
        await Calls.DisposeAsync().ConfigureAwait(false);
    }
}
