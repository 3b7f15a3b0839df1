using FraudActors.Runtime.Persistence;

namespace FraudActors.Runtime.Reminders;

/// <summary>
/// Where reminders are persisted: one row per (grain, reminder name) with a version as its ETag. SQLite in an
/// embedded node, PostgreSQL in a cluster (every silo reads the same table).
/// </summary>
public interface IReminderTable
{
    /// <summary>Every reminder in the table (a silo keeps those whose grain it owns).</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>The reminders of one grain.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>One reminder, or null when there is none.</summary>
    Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts (when <paramref name="expectedETag"/> is null) or updates (when it matches the stored version) the row
    /// of <paramref name="entry"/>; its own <see cref="ReminderEntry.ETag"/> is ignored.
    /// </summary>
    /// <returns>The row's new ETag.</returns>
    /// <exception cref="InconsistentStateException">The stored row is not at <paramref name="expectedETag"/> (or exists when it is null).</exception>
    Task<string> UpsertRowAsync(ReminderEntry entry, string? expectedETag, CancellationToken cancellationToken);

    /// <summary>Deletes the row if it is at <paramref name="expectedETag"/>.</summary>
    /// <returns>False when there was no such row at that version.</returns>
    Task<bool> RemoveRowAsync(GrainId grainId, string name, string expectedETag, CancellationToken cancellationToken);
}
