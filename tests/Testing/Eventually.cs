using System.Diagnostics;

namespace FraudActors.Testing;

/// <summary>
/// Waits for a condition with a deadline, polling: the way to wait on asynchronous effects without sleeping a
/// fixed time (which is either flaky or slow).
/// </summary>
public static class Eventually
{
    /// <summary>Default deadline: generous for a loaded 2-core CI machine; passing runs return as soon as the condition holds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Returns when <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> after the deadline.</summary>
    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Stopwatch.GetTimestamp() + (long)((timeout ?? DefaultTimeout).TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Waited {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s for: {what}");
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    /// <summary>Async variant of <see cref="HoldsAsync(Func{bool}, string, TimeSpan?)"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Stopwatch.GetTimestamp() + (long)((timeout ?? DefaultTimeout).TotalSeconds * Stopwatch.Frequency);
        while (!await condition().ConfigureAwait(false))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Waited {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s for: {what}");
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }
}
