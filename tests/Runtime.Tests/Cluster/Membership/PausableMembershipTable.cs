using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Membership;

namespace FraudActors.Runtime.Tests.Cluster.Membership;

/// <summary>
/// A membership table one silo sees through, which the test can freeze: while paused, every call waits (as it would
/// in a silo frozen by a long GC pause or SIGSTOP, or cut off from the database), and resumes where it was.
/// </summary>
internal sealed class PausableMembershipTable(IMembershipTable inner) : IMembershipTable
{
    private volatile TaskCompletionSource _open = Opened();

    public void Pause() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Resume() => _open.TrySetResult();

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await GateAsync(cancellationToken);
        await inner.InitializeAsync(cancellationToken);
    }

    public async Task<MembershipSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        await GateAsync(cancellationToken);
        return await inner.ReadAsync(cancellationToken);
    }

    public async Task<bool> TrySetStatusAsync(SiloAddress silo, MembershipStatus status, long expectedVersion, CancellationToken cancellationToken)
    {
        await GateAsync(cancellationToken);
        return await inner.TrySetStatusAsync(silo, status, expectedVersion, cancellationToken);
    }

    public async Task<bool> TryDeclareDeadAsync(SiloAddress suspect, SiloAddress declaredBy, TimeSpan deathTimeout, long expectedVersion, CancellationToken cancellationToken)
    {
        await GateAsync(cancellationToken);
        return await inner.TryDeclareDeadAsync(suspect, declaredBy, deathTimeout, expectedVersion, cancellationToken);
    }

    public async Task<bool> HeartbeatAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        await GateAsync(cancellationToken);
        return await inner.HeartbeatAsync(silo, cancellationToken);
    }

    public async Task<int> CleanUpAsync(TimeSpan age, CancellationToken cancellationToken)
    {
        await GateAsync(cancellationToken);
        return await inner.CleanUpAsync(age, cancellationToken);
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private Task GateAsync(CancellationToken cancellationToken) => _open.Task.WaitAsync(cancellationToken);
}
