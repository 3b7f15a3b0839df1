using Microsoft.Extensions.Logging;

namespace FraudActors.Runtime.Reminders;

/// <summary>Source-generated log messages of the reminder service.</summary>
internal static partial class ReminderLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Reminder service: {Count} reminders of grains this silo owns are scheduled")]
    public static partial void RemindersLoaded(this ILogger logger, int count);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "Reminder {Name} of grain {GrainId} failed its tick")]
    public static partial void TickFailed(this ILogger logger, Exception exception, GrainId grainId, string name);

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "Reading the reminder table failed; the reminders scheduled stay as they were")]
    public static partial void LoadFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 703, Level = LogLevel.Debug, Message = "Reminder {Name} of grain {GrainId} ticks next at {Next}")]
    public static partial void Scheduled(this ILogger logger, GrainId grainId, string name, DateTimeOffset next);
}
