namespace FraudActors.Runtime.Persistence;

/// <summary>
/// A grain's durable state (Orleans' <c>IPersistentState&lt;T&gt;</c> shape): read before activation, written only
/// when the grain says so, guarded by an opaque ETag so a stale activation cannot overwrite newer state.
/// </summary>
/// <typeparam name="TState">The state type; serialised by the runtime's state serialiser.</typeparam>
public interface IPersistentState<TState>
{
    /// <summary>The current state; a new instance when nothing was stored yet.</summary>
    TState State { get; set; }

    /// <summary>Version of the stored record this activation last read or wrote; null when none exists.</summary>
    string? Etag { get; }

    /// <summary>True when a stored record exists.</summary>
    bool RecordExists { get; }

    /// <summary>Reloads the state from storage.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes the state if storage still holds the version this activation knows.</summary>
    /// <exception cref="InconsistentStateException">Someone else wrote a newer version; the activation is stale and will be deactivated.</exception>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the stored record (same version check) and resets <see cref="State"/>.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
