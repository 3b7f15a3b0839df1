using System.Collections.Concurrent;
using FraudActors.Runtime;
using FraudActors.Runtime.Reminders;

namespace FraudActors.Runtime.Tests.TestGrains;

/// <summary>A grain with reminders.</summary>
public interface IReminderGrain : IGrainWithStringKey
{
    Task RegisterAsync(string name, TimeSpan dueTime, TimeSpan period);

    Task UnregisterAsync(string name);

    Task<IReadOnlyList<string>> GetReminderNamesAsync();

    Task<int> GetTickCountAsync();

    Task DeactivateAsync();
}

/// <summary>What reminder grains saw, shared across activations (and silos of one test process).</summary>
public sealed class ReminderProbe
{
    public ConcurrentQueue<(string Silo, string Grain, string Name, TickStatus Status, int Activation)> Ticks { get; } = new();

    public int Activations;

    public int TicksOf(string grain) => Ticks.Count(t => t.Grain == grain);
}

/// <summary>Which silo a probe entry came from (in a test cluster several silos share one probe).</summary>
public sealed record SiloName(string Value);

public sealed class ReminderGrain(ReminderProbe probe, SiloName silo) : Grain, IReminderGrain, IRemindable
{
    private int _activation;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activation = Interlocked.Increment(ref probe.Activations);
        return Task.CompletedTask;
    }

    public Task RegisterAsync(string name, TimeSpan dueTime, TimeSpan period) => RegisterOrUpdateReminderAsync(name, dueTime, period);

    public Task UnregisterAsync(string name) => UnregisterReminderAsync(name);

    public async Task<IReadOnlyList<string>> GetReminderNamesAsync() => [.. (await GetRemindersAsync()).Select(r => r.ReminderName)];

    public Task<int> GetTickCountAsync() => Task.FromResult(probe.TicksOf(GetPrimaryKeyString()));

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task ReceiveReminderAsync(string reminderName, TickStatus status)
    {
        probe.Ticks.Enqueue((silo.Value, GetPrimaryKeyString(), reminderName, status, _activation));
        return Task.CompletedTask;
    }
}

/// <summary>A grain that registers a reminder without implementing <see cref="IRemindable"/>.</summary>
public interface INotRemindableGrain : IGrainWithStringKey
{
    Task RegisterAsync();
}

public sealed class NotRemindableGrain : Grain, INotRemindableGrain
{
    public Task RegisterAsync() => RegisterOrUpdateReminderAsync("r", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
}
