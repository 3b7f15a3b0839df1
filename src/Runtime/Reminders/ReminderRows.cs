using System.Data.Common;
using System.Globalization;
using FraudActors.Runtime.Persistence;

namespace FraudActors.Runtime.Reminders;

/// <summary>
/// Reads reminder rows as both tables select them: grain type, grain key, name, first tick (unix ms), period (ms),
/// version (the ETag); and parses the ETags they issue.
/// </summary>
internal static class ReminderRows
{
    public static async Task<IReadOnlyList<ReminderEntry>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new ReminderEntry(
                new GrainId(reader.GetString(0), reader.GetString(1)),
                reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                reader.GetInt64(5).ToString(CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    /// <summary>The row version an ETag stands for.</summary>
    /// <exception cref="InconsistentStateException">Not an ETag a reminder table issued.</exception>
    public static long ParseETag(string etag) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new InconsistentStateException($"'{etag}' is not an ETag this reminder table issued.");
}
