using FraudActors.Grains.Interfaces.Models;

namespace FraudActors.Gateway.Admin;

/// <summary>Waits, bounded, for an assignment to reach every active silo (as their serving reports say).</summary>
internal static class RolloutWaiter
{
    // Reports are written within milliseconds of a load; a few reads a second see them soon without loading the registry.
    private static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The rollout once every active silo serves <paramref name="revision"/> (or a later one), or as it stands when
    /// <paramref name="wait"/> has passed.
    /// </summary>
    public static async Task<ModelRollout> WaitAsync(
        IModelRegistryGrain registry, long revision, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var rollout = await registry.GetRolloutAsync().ConfigureAwait(false);
            if ((rollout.Complete && rollout.Revision >= revision) || time.GetElapsedTime(started) >= wait)
            {
                return rollout;
            }

            await Task.Delay(PollPeriod, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
